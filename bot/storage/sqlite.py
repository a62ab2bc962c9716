"""SQLite storage, the embedded default: one file, opened by one or more processes on one host.

Opening sets ``busy_timeout`` before anything else (so a second process starting at the same time
waits instead of failing with "database is locked"), turns on WAL (readers such as a moderator's
report run while the bot writes) and applies the schema migrations in a ``BEGIN IMMEDIATE``
transaction. The file's health is checked at start and before every use (``bot.storage.sqlite_health``):
a database deleted, replaced, made read-only or damaged is named, never silently replaced by an empty one.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aiosqlite

from bot.matching.result import MatchStatus
from bot.storage import rows, sqlite_health
from bot.storage.base import Storage
from bot.storage.migrations import SQLITE, Migration
from bot.storage.records import (
    MAX_GAP_QUESTIONS,
    NOT_HELPFUL,
    UNANSWERED_STATUSES,
    ChangeRow,
    ChannelKind,
    DayCount,
    GapQuestion,
    Label,
    LabelVerdict,
    LoggedQuestion,
    NewChange,
    Stats,
    StorageFailed,
    StorageUnavailable,
    VoteOutcome,
    clean_text,
    day_counts,
    since,
)

log = logging.getLogger(__name__)

#: How long a statement waits for another process's write lock before giving up (ms).
BUSY_TIMEOUT_MS = 10_000
#: Between tries to turn on WAL while other processes open the same fresh file (seconds).
WAL_RETRY_SECONDS = 0.05


class SqliteStorage(Storage):
    def __init__(
        self, connection: aiosqlite.Connection, path: Path, identity: sqlite_health.FileIdentity
    ) -> None:
        self.connection = connection
        self.path = path
        self._identity = identity
        self._problem: str | None = None

    @classmethod
    async def open(cls, path: Path) -> SqliteStorage:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        sqlite_health.check_before_open(path)
        try:
            connection = await aiosqlite.connect(path)
        except sqlite3.Error as error:
            raise StorageFailed(sqlite_health.explain(path, error)) from None
        try:
            await connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            await _use_wal(connection)
            await sqlite_health.quick_check(connection, path)
            await migrate(connection, SQLITE)
            database_id = await _database_id(connection)
            sqlite_health.remember(path, database_id)
        except sqlite3.Error as error:
            await connection.close()
            raise StorageFailed(sqlite_health.explain(path, error)) from None
        except BaseException:
            await connection.close()
            raise
        return cls(connection, path, sqlite_health.identity_of(path))

    @property
    def description(self) -> str:
        return f"SQLite at {self.path}"

    async def close(self) -> None:
        await self.connection.close()

    @contextmanager
    def _healthy(self) -> Iterator[None]:
        """Refuse while the file is gone, replaced or read-only, and name a damaged one."""
        problem = sqlite_health.problem_now(self.path, self._identity)
        if problem is None:
            try:
                yield
                return
            except sqlite3.DatabaseError as error:
                if (problem := sqlite_health.damage(self.path, error)) is None:
                    raise
        if problem != self._problem:
            log.critical("Storage unavailable: %s", problem)
            self._problem = problem
        raise StorageUnavailable(problem)

    # ------------------------------------------------------------------ questions and votes

    async def record_question(
        self,
        *,
        user_id: int,
        guild_id: int | None,
        channel_id: int | None,
        via: str,
        question: str,
        status: MatchStatus,
        entry_id: str | None,
        score: float,
    ) -> int:
        with self._healthy():
            cursor = await self.connection.execute(
                "INSERT INTO questions (asked_at, user_id, guild_id, channel_id, via, question, status,"
                " entry_id, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    time.time(),
                    user_id,
                    guild_id,
                    channel_id,
                    via,
                    clean_text(question),
                    str(status),
                    entry_id,
                    score,
                ),
            )
            await self.connection.commit()
            return cursor.lastrowid or 0

    async def record_feedback(
        self, *, message_id: int, user_id: int, entry_id: str, helpful: bool
    ) -> VoteOutcome:
        with self._healthy():
            async with self.connection.execute(
                "SELECT helpful FROM feedback WHERE message_id = ? AND user_id = ? AND entry_id = ?",
                (message_id, user_id, entry_id),
            ) as cursor:
                previous = await cursor.fetchone()
            await self.connection.execute(
                "INSERT INTO feedback (message_id, user_id, entry_id, helpful, voted_at)"
                " VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (message_id, user_id, entry_id)"
                " DO UPDATE SET helpful = excluded.helpful, voted_at = excluded.voted_at",
                (message_id, user_id, entry_id, int(helpful), time.time()),
            )
            await self.connection.commit()
        if previous is None:
            return VoteOutcome.RECORDED
        return VoteOutcome.UNCHANGED if bool(previous[0]) == helpful else VoteOutcome.CHANGED

    async def gap_questions(self, after: float, *, limit: int = MAX_GAP_QUESTIONS) -> list[GapQuestion]:
        with self._healthy():
            async with self.connection.execute(
                "SELECT text, reason, at, entry_id FROM ("
                "  SELECT question AS text, status AS reason, asked_at AS at, NULL AS entry_id FROM questions"
                f"  WHERE asked_at >= ? AND status IN ({','.join('?' * len(UNANSWERED_STATUSES))})"
                "  UNION ALL"
                "  SELECT (SELECT q.question FROM questions q"
                "          WHERE q.user_id = f.user_id AND q.entry_id = f.entry_id"
                "          AND q.asked_at <= f.voted_at"
                "          ORDER BY q.asked_at DESC LIMIT 1),"
                "         ?, f.voted_at, f.entry_id"
                "  FROM feedback f WHERE f.helpful = 0 AND f.voted_at >= ?"
                ") WHERE text IS NOT NULL ORDER BY at DESC LIMIT ?",
                (after, *(s.value for s in UNANSWERED_STATUSES), NOT_HELPFUL, after, limit),
            ) as cursor:
                found = await cursor.fetchall()
        return [rows.gap_question(row) for row in found]

    async def question_stats(self, days: int, *, top: int = 5) -> Stats:
        after = since(days)
        with self._healthy():
            async with self.connection.execute(
                "SELECT COUNT(*), COALESCE(SUM(status = ?), 0) FROM questions WHERE asked_at >= ?",
                (MatchStatus.ANSWERED.value, after),
            ) as cursor:
                total, answered = await cursor.fetchone() or (0, 0)
            async with self.connection.execute(
                "SELECT entry_id, COUNT(*) AS times FROM questions WHERE asked_at >= ? AND status = ?"
                " AND entry_id IS NOT NULL GROUP BY entry_id ORDER BY times DESC, entry_id LIMIT ?",
                (after, MatchStatus.ANSWERED.value, top),
            ) as cursor:
                top_entries = tuple((row[0], row[1]) for row in await cursor.fetchall())
            async with self.connection.execute(
                "SELECT COALESCE(SUM(helpful), 0), COALESCE(SUM(1 - helpful), 0) FROM feedback"
                " WHERE voted_at >= ?",
                (after,),
            ) as cursor:
                helpful, not_helpful = await cursor.fetchone() or (0, 0)
        return Stats(days, int(total), int(answered), top_entries, int(helpful), int(not_helpful))

    async def prune_questions(self, retention_days: int) -> int:
        with self._healthy():
            cursor = await self.connection.execute(
                "DELETE FROM questions WHERE asked_at < ?", (since(retention_days),)
            )
            await self.connection.commit()
            return cursor.rowcount

    # ------------------------------------------------------------------ labels for learning

    async def record_label(
        self, question: str, entry_id: str, verdict: LabelVerdict, *, user_id: int
    ) -> None:
        now = time.time()
        with self._healthy():
            await self.connection.execute(
                "INSERT INTO labels (question_key, question, entry_id, verdict, times, first_at, last_at,"
                " last_user_id) VALUES (?, ?, ?, ?, 1, ?, ?, ?)"
                " ON CONFLICT (question_key, entry_id, verdict) DO UPDATE SET times = times + 1,"
                " last_at = excluded.last_at, last_user_id = excluded.last_user_id",
                (*rows.label_values(question, entry_id, verdict), now, now, user_id),
            )
            await self.connection.commit()

    async def logged_question(self, question_id: int) -> LoggedQuestion | None:
        with self._healthy():
            async with self.connection.execute(
                f"SELECT {rows.LOGGED_QUESTION_COLUMNS} FROM questions WHERE id = ?", (question_id,)
            ) as cursor:
                row = await cursor.fetchone()
        return rows.logged_question(row) if row is not None else None

    async def question_days(self, days: int, *, now: float | None = None) -> tuple[DayCount, ...]:
        now = time.time() if now is None else now
        after = since(days, now=now)
        with self._healthy():
            async with self.connection.execute(
                "SELECT CAST(asked_at / 86400 AS INTEGER) AS day, status, COUNT(*) FROM questions"
                " WHERE asked_at >= ? AND asked_at <= ? GROUP BY day, status",
                (after, now),
            ) as cursor:
                counted = await cursor.fetchall()
        return day_counts(counted, after, now)

    async def open_labels(self, *, limit: int = 25) -> list[Label]:
        with self._healthy():
            async with self.connection.execute(
                f"SELECT {rows.LABEL_COLUMNS} FROM labels WHERE closed_at IS NULL"
                " ORDER BY times DESC, last_at DESC, id DESC LIMIT ?",
                (limit,),
            ) as cursor:
                found = await cursor.fetchall()
        return [rows.label(row) for row in found]

    async def close_label(self, label_id: int, *, accepted: bool, moderator_id: int) -> Label | None:
        with self._healthy():
            async with self.connection.execute(
                "UPDATE labels SET closed_at = ?, accepted = ?, moderator_id = ?"
                f" WHERE id = ? AND closed_at IS NULL RETURNING {rows.LABEL_COLUMNS}",
                (time.time(), int(accepted), moderator_id, label_id),
            ) as cursor:
                row = await cursor.fetchone()
            await self.connection.commit()
        return rows.label(row) if row is not None else None

    # ------------------------------------------------------------------ where the bot answers

    async def answer_channels(self, kind: ChannelKind) -> frozenset[int] | None:
        with self._healthy():
            async with self.connection.execute(
                "SELECT 1 FROM answer_channel_choices WHERE kind = ?", (str(kind),)
            ) as cursor:
                if await cursor.fetchone() is None:
                    return None
            async with self.connection.execute(
                "SELECT channel_id FROM answer_channels WHERE kind = ?", (str(kind),)
            ) as cursor:
                return frozenset(row[0] for row in await cursor.fetchall())

    async def set_answer_channels(
        self, kind: ChannelKind, channel_ids: frozenset[int], *, moderator_id: int
    ) -> None:
        with self._healthy():
            try:
                await self.connection.execute(
                    "INSERT INTO answer_channel_choices (kind, chosen_at, moderator_id) VALUES (?, ?, ?)"
                    " ON CONFLICT (kind) DO UPDATE SET chosen_at = excluded.chosen_at,"
                    " moderator_id = excluded.moderator_id",
                    (str(kind), time.time(), moderator_id),
                )
                await self.connection.execute("DELETE FROM answer_channels WHERE kind = ?", (str(kind),))
                await self.connection.executemany(
                    "INSERT INTO answer_channels (kind, channel_id) VALUES (?, ?)",
                    [(str(kind), channel_id) for channel_id in sorted(channel_ids)],
                )
                await self.connection.commit()
            except BaseException:
                await self.connection.rollback()
                raise

    # ------------------------------------------------------------------ audit log and undo

    async def record_change(self, change: NewChange) -> int:
        with self._healthy():
            try:
                cursor = await self.connection.execute(
                    f"INSERT INTO faq_changes ({rows.NEW_CHANGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows.new_change_values(change),
                )
                change_id = cursor.lastrowid or 0
                if change.undoes is not None:
                    await self.connection.execute(
                        "UPDATE faq_changes SET undone_by = ? WHERE id = ?", (change_id, change.undoes)
                    )
                await self.connection.commit()
            except BaseException:
                await self.connection.rollback()
                raise
        return change_id

    async def find_change(self, changed_at: float, user_id: int, action: str) -> int | None:
        with self._healthy():
            async with self.connection.execute(
                "SELECT id FROM faq_changes WHERE changed_at = ? AND user_id = ? AND action = ?",
                (changed_at, user_id, action),
            ) as cursor:
                row = await cursor.fetchone()
        return None if row is None else int(row[0])

    async def last_undoable_change(self, *, undo_action: str) -> ChangeRow | None:
        with self._healthy():
            async with self.connection.execute(
                f"SELECT {rows.CHANGE_COLUMNS} FROM faq_changes"
                " WHERE undone_by IS NULL AND action != ? ORDER BY id DESC LIMIT 1",
                (undo_action,),
            ) as cursor:
                row = await cursor.fetchone()
        return rows.change(row) if row is not None else None


async def migrate(connection: aiosqlite.Connection, migrations: tuple[Migration, ...]) -> int:
    """Apply the steps the database lacks in one ``BEGIN IMMEDIATE`` transaction: a second process
    starting now waits (``busy_timeout``), then finds nothing left to do. Returns the version."""
    await connection.commit()  # aiosqlite may hold an implicit transaction; BEGIN needs none open
    await connection.execute("BEGIN IMMEDIATE")
    try:
        async with connection.execute("PRAGMA user_version") as cursor:
            (version,) = await cursor.fetchone() or (0,)
        newest = migrations[-1].version
        if version > newest:
            raise StorageFailed(
                f"the database's schema is version {version}, newer than this bot knows ({newest}): "
                "run the newer bot, or restore a backup made for this one"
            )
        for migration in migrations:
            if migration.version > version:
                for statement in _statements(migration.sql):
                    await connection.execute(statement)
                log.info("Database migrated to version %d: %s", migration.version, migration.about)
        await connection.execute(f"PRAGMA user_version={newest}")
        await connection.commit()
    except BaseException:
        await connection.rollback()
        raise
    return newest


def _statements(script: str) -> list[str]:
    """``executescript`` would commit the open transaction first: run the steps one by one instead."""
    return [statement.strip() for statement in script.split(";") if statement.strip()]


async def _database_id(connection: aiosqlite.Connection) -> str:
    """This database's own id, made once: tells a restored or swapped file from the one last used."""
    await connection.execute(
        "INSERT OR IGNORE INTO storage_identity (one, database_id, created_at) VALUES (1, ?, ?)",
        (uuid.uuid4().hex, time.time()),
    )
    await connection.commit()
    async with connection.execute("SELECT database_id FROM storage_identity") as cursor:
        (database_id,) = await cursor.fetchone() or ("",)
    return database_id


async def _use_wal(connection: aiosqlite.Connection) -> None:
    """Turn on WAL, waiting as ``busy_timeout`` would.

    Switching a fresh file's journal takes an exclusive lock, and when other processes opening it at
    the same moment hold shared locks SQLite answers "database is locked" at once instead of calling
    the busy handler (waiting could deadlock). Seen once in a fresh-clone CI run of
    tests/storage/test_migrations.py (eight processes starting together); so it tries again.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            await connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
            await asyncio.sleep(WAL_RETRY_SECONDS)
