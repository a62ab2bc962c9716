"""PostgreSQL storage (asyncpg): the store several shard processes on several hosts share.

Besides the tables it gives what one host's SQLite cannot: an advisory lock that serialises knowledge
edits across every process (``edit_lock``), and ``NOTIFY``/``LISTEN`` so that a change made through
one process is reloaded by all the others within about a second (``announce_knowledge_change``,
``knowledge_changes``), also where the knowledge folder is a shared volume that sends no file events.

Losing the server while running: answering needs only the loaded knowledge, so it goes on. Question
log rows and votes are kept in a bounded buffer in memory and written, in order, when the server is
back; past the buffer's size each row is counted as lost in the log. Everything else (reports, labels,
undo, edits) raises ``StorageUnavailable`` with a sentence saying so. A background task retries the
server and brings it all back by itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import asyncpg

from bot.config import shown_url
from bot.matching.result import MatchStatus
from bot.storage import rows
from bot.storage.base import Storage
from bot.storage.migrations import POSTGRES, Migration
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

T = TypeVar("T")

#: Errors that mean the server is out of reach (down, restarting, network), not that a query is wrong.
CONNECTION_LOST: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.CrashShutdownError,
)
CONNECT_TIMEOUT = 5.0
COMMAND_TIMEOUT = 15.0
POOL_SIZE = 8
#: Question-log rows and votes kept in memory while the server is away.
BUFFER_ROWS = 10_000
RETRY_FIRST, RETRY_MAX = 0.25, 5.0
#: How long an edit waits for another process's edit to finish before it is refused.
EDIT_LOCK_WAIT = 30.0
#: pg_advisory_lock keys (any bigint unique to this application): "careerbot" + 1 or 2.
MIGRATION_LOCK_KEY = 0x63617265_0001
EDIT_LOCK_KEY = 0x63617265_0002
CHANNEL = "careerbot_knowledge"
LISTEN_POLL = 0.5  # how often the listener checks its connection is alive between notifications
LISTEN_PING_EVERY = 10  # polls between round-trips that find a half-open connection


@dataclass(frozen=True, slots=True)
class _KeptRow:
    """A question-log row or a vote made while the server was away, written when it is back."""

    what: str  # "question" or "vote", for the log
    write: Callable[[asyncpg.Connection], Awaitable[Any]]


class PostgresStorage(Storage):
    def __init__(self, pool: asyncpg.Pool, url: str, *, buffer_rows: int = BUFFER_ROWS) -> None:
        self._pool = pool
        self._url = url
        self._buffer_rows = buffer_rows
        self._kept: deque[_KeptRow] = deque()
        self.lost_rows = 0
        self._down: str | None = None  # why, while the server is out of reach
        self._recovering: asyncio.Task[None] | None = None
        self._closed = False
        #: NOTIFY payload naming this process, so its own announcements do not reload it again.
        self._token = uuid.uuid4().hex

    @classmethod
    async def open(cls, url: str, *, buffer_rows: int = BUFFER_ROWS) -> PostgresStorage:
        where = shown_url(url)
        try:
            pool = await asyncpg.create_pool(
                url,
                min_size=1,
                max_size=POOL_SIZE,
                timeout=CONNECT_TIMEOUT,
                command_timeout=COMMAND_TIMEOUT,
            )
        except (*CONNECTION_LOST, asyncpg.PostgresError) as error:
            raise StorageFailed(
                f"could not reach PostgreSQL at {where} ({type(error).__name__}: {error}); check "
                "DATABASE_URL and that the server is running"
            ) from None
        try:
            await migrate(pool, POSTGRES)
        except BaseException as error:
            await pool.close()
            if isinstance(error, StorageFailed):
                raise
            if isinstance(error, (*CONNECTION_LOST, asyncpg.PostgresError)):
                raise StorageFailed(
                    f"could not prepare the schema in PostgreSQL at {where}: {error}"
                ) from None
            raise
        return cls(pool, url, buffer_rows=buffer_rows)

    @property
    def description(self) -> str:
        return f"PostgreSQL at {shown_url(self._url)}"

    @property
    def available(self) -> bool:
        return self._down is None

    @property
    def kept_rows(self) -> int:
        """Rows waiting in memory for the server to come back."""
        return len(self._kept)

    async def close(self) -> None:
        """Write what the buffer holds if the server is there (a bounded wait), then close."""
        self._closed = True
        if self._recovering is not None:
            self._recovering.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._recovering
        if self._kept:
            with contextlib.suppress(*CONNECTION_LOST, StorageUnavailable):
                await asyncio.wait_for(self._flush_once(), CONNECT_TIMEOUT)
            if self._kept:
                self.lost_rows += len(self._kept)
                log.error(
                    "Closing with PostgreSQL out of reach: %d kept rows (questions, votes) are lost "
                    "(%d in all)",
                    len(self._kept),
                    self.lost_rows,
                )
                self._kept.clear()
        try:
            await asyncio.wait_for(self._pool.close(), CONNECT_TIMEOUT)
        except (TimeoutError, *CONNECTION_LOST):
            self._pool.terminate()

    # ------------------------------------------------------------------ reaching the server

    def _unavailable(self) -> StorageUnavailable:
        return StorageUnavailable(
            f"storage is unavailable: PostgreSQL at {shown_url(self._url)} cannot be reached ({self._down}); "
            "answers still work, and this comes back by itself when the server does"
        )

    def _lost(self, error: BaseException) -> None:
        if self._down is None:
            self._down = f"{type(error).__name__}: {error}".rstrip(": ")
            log.error(
                "PostgreSQL is out of reach (%s): answering goes on from the loaded knowledge; questions "
                "and votes are kept in memory (up to %d) until it is back",
                self._down,
                self._buffer_rows,
            )
        if self._recovering is None and not self._closed:
            self._recovering = asyncio.create_task(self._recover(), name="postgres-recovery")

    async def _run(self, work: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
        if self._down is not None:
            raise self._unavailable()
        try:
            async with self._pool.acquire(timeout=CONNECT_TIMEOUT) as connection:
                return await work(connection)
        except CONNECTION_LOST as error:
            self._lost(error)
            raise self._unavailable() from None

    async def _write_or_keep(self, row: _KeptRow) -> bool:
        """Write now; if the server is away keep the row for later. True when written now."""
        if self._down is None:
            try:
                async with self._pool.acquire(timeout=CONNECT_TIMEOUT) as connection:
                    await row.write(connection)
                return True
            except CONNECTION_LOST as error:
                self._lost(error)
        self._keep(row)
        return False

    def _keep(self, row: _KeptRow) -> None:
        if len(self._kept) < self._buffer_rows:
            self._kept.append(row)
            return
        self.lost_rows += 1
        if self.lost_rows == 1 or self.lost_rows % 100 == 0:
            log.error(
                "PostgreSQL is still out of reach and the buffer of %d rows is full: a %s was lost "
                "(%d lost so far)",
                self._buffer_rows,
                row.what,
                self.lost_rows,
            )

    async def _flush_once(self) -> int:
        """Write the kept rows in order; a row the server refuses is logged and counted as lost."""
        written = 0
        async with self._pool.acquire(timeout=CONNECT_TIMEOUT) as connection:
            await connection.fetchval("SELECT 1")
            while self._kept:
                row = self._kept[0]
                try:
                    await row.write(connection)
                    written += 1
                except asyncpg.PostgresError as error:
                    if isinstance(error, CONNECTION_LOST):
                        raise
                    self.lost_rows += 1
                    log.error("A kept %s was refused by PostgreSQL and is lost: %s", row.what, error)
                self._kept.popleft()
        return written

    async def _recover(self) -> None:
        """Retry until the server answers, write the kept rows, then let storage be used again."""
        delay = RETRY_FIRST
        try:
            await self._pool.expire_connections()  # idle ones may be dead too: open new ones
            while not self._closed:
                await asyncio.sleep(delay)
                try:
                    written = await self._flush_once()
                except CONNECTION_LOST:
                    delay = min(delay * 2, RETRY_MAX)
                    continue
                # No await between the last kept row and this: a new row cannot slip in between.
                self._down = None
                log.warning(
                    "PostgreSQL is back: storage available again; wrote %d kept rows (%d lost in all)",
                    written,
                    self.lost_rows,
                )
                return
        finally:
            self._recovering = None

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
        values = (
            time.time(),
            user_id,
            guild_id,
            channel_id,
            via,
            clean_text(question),
            str(status),
            entry_id,
            score,
        )
        row_id = 0

        async def write(connection: asyncpg.Connection) -> None:
            nonlocal row_id
            row_id = await connection.fetchval(
                "INSERT INTO questions (asked_at, user_id, guild_id, channel_id, via, question, status,"
                " entry_id, score) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                *values,
            )

        await self._write_or_keep(_KeptRow("question", write))
        return row_id

    async def record_feedback(
        self, *, message_id: int, user_id: int, entry_id: str, helpful: bool
    ) -> VoteOutcome:
        voted_at = time.time()
        previous: list[bool | None] = [None]

        async def write(connection: asyncpg.Connection) -> None:
            async with connection.transaction():
                previous[0] = await connection.fetchval(
                    "SELECT helpful FROM feedback WHERE message_id = $1 AND user_id = $2 AND entry_id = $3"
                    " FOR UPDATE",
                    message_id,
                    user_id,
                    entry_id,
                )
                await connection.execute(
                    "INSERT INTO feedback (message_id, user_id, entry_id, helpful, voted_at)"
                    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (message_id, user_id, entry_id)"
                    " DO UPDATE SET helpful = excluded.helpful, voted_at = excluded.voted_at",
                    message_id,
                    user_id,
                    entry_id,
                    helpful,
                    voted_at,
                )

        if not await self._write_or_keep(_KeptRow("vote", write)) or previous[0] is None:
            return VoteOutcome.RECORDED  # a kept vote is recorded when the server is back
        return VoteOutcome.UNCHANGED if previous[0] == helpful else VoteOutcome.CHANGED

    async def gap_questions(self, after: float, *, limit: int = MAX_GAP_QUESTIONS) -> list[GapQuestion]:
        statuses = [s.value for s in UNANSWERED_STATUSES]
        found = await self._run(
            lambda connection: connection.fetch(
                "SELECT text, reason, at, entry_id FROM ("
                "  SELECT question AS text, status AS reason, asked_at AS at, NULL::text AS entry_id"
                "  FROM questions WHERE asked_at >= $1 AND status = ANY($2::text[])"
                "  UNION ALL"
                "  SELECT (SELECT q.question FROM questions q"
                "          WHERE q.user_id = f.user_id AND q.entry_id = f.entry_id"
                "          AND q.asked_at <= f.voted_at"
                "          ORDER BY q.asked_at DESC LIMIT 1),"
                "         $3::text, f.voted_at, f.entry_id"
                "  FROM feedback f WHERE NOT f.helpful AND f.voted_at >= $1"
                ") AS gaps WHERE text IS NOT NULL ORDER BY at DESC LIMIT $4",
                after,
                statuses,
                NOT_HELPFUL,
                limit,
            )
        )
        return [rows.gap_question(row) for row in found]

    async def question_stats(self, days: int, *, top: int = 5) -> Stats:
        after = since(days)

        async def read(connection: asyncpg.Connection) -> Stats:
            total, answered = await connection.fetchrow(
                "SELECT COUNT(*), COUNT(*) FILTER (WHERE status = $1) FROM questions WHERE asked_at >= $2",
                MatchStatus.ANSWERED.value,
                after,
            )
            top_rows = await connection.fetch(
                "SELECT entry_id, COUNT(*) AS times FROM questions WHERE asked_at >= $1 AND status = $2"
                " AND entry_id IS NOT NULL GROUP BY entry_id ORDER BY times DESC, entry_id LIMIT $3",
                after,
                MatchStatus.ANSWERED.value,
                top,
            )
            helpful, not_helpful = await connection.fetchrow(
                "SELECT COUNT(*) FILTER (WHERE helpful), COUNT(*) FILTER (WHERE NOT helpful) FROM feedback"
                " WHERE voted_at >= $1",
                after,
            )
            top_entries = tuple((row[0], int(row[1])) for row in top_rows)
            return Stats(days, int(total), int(answered), top_entries, int(helpful), int(not_helpful))

        return await self._run(read)

    async def prune_questions(self, retention_days: int) -> int:
        status = await self._run(
            lambda connection: connection.execute(
                "DELETE FROM questions WHERE asked_at < $1", since(retention_days)
            )
        )
        return int(status.rsplit(" ", 1)[-1])

    # ------------------------------------------------------------------ labels for learning

    async def record_label(
        self, question: str, entry_id: str, verdict: LabelVerdict, *, user_id: int
    ) -> None:
        now = time.time()
        await self._run(
            lambda connection: connection.execute(
                "INSERT INTO labels (question_key, question, entry_id, verdict, times, first_at, last_at,"
                " last_user_id) VALUES ($1, $2, $3, $4, 1, $5, $5, $6)"
                " ON CONFLICT (question_key, entry_id, verdict) DO UPDATE SET times = labels.times + 1,"
                " last_at = excluded.last_at, last_user_id = excluded.last_user_id",
                *rows.label_values(question, entry_id, verdict),
                now,
                user_id,
            )
        )

    async def logged_question(self, question_id: int) -> LoggedQuestion | None:
        row = await self._run(
            lambda connection: connection.fetchrow(
                f"SELECT {rows.LOGGED_QUESTION_COLUMNS} FROM questions WHERE id = $1", question_id
            )
        )
        return rows.logged_question(row) if row is not None else None

    async def question_days(self, days: int, *, now: float | None = None) -> tuple[DayCount, ...]:
        now = time.time() if now is None else now
        after = since(days, now=now)
        counted = await self._run(
            lambda connection: connection.fetch(
                "SELECT floor(asked_at / 86400)::bigint AS day, status, COUNT(*) FROM questions"
                " WHERE asked_at >= $1 AND asked_at <= $2 GROUP BY day, status",
                after,
                now,
            )
        )
        return day_counts([tuple(row) for row in counted], after, now)

    async def open_labels(self, *, limit: int = 25) -> list[Label]:
        found = await self._run(
            lambda connection: connection.fetch(
                f"SELECT {rows.LABEL_COLUMNS} FROM labels WHERE closed_at IS NULL"
                " ORDER BY times DESC, last_at DESC, id DESC LIMIT $1",
                limit,
            )
        )
        return [rows.label(row) for row in found]

    async def close_label(self, label_id: int, *, accepted: bool, moderator_id: int) -> Label | None:
        row = await self._run(
            lambda connection: connection.fetchrow(
                "UPDATE labels SET closed_at = $1, accepted = $2, moderator_id = $3"
                f" WHERE id = $4 AND closed_at IS NULL RETURNING {rows.LABEL_COLUMNS}",
                time.time(),
                accepted,
                moderator_id,
                label_id,
            )
        )
        return rows.label(row) if row is not None else None

    # ------------------------------------------------------------------ where the bot answers

    async def answer_channels(self, kind: ChannelKind) -> frozenset[int] | None:
        async def read(connection: asyncpg.Connection) -> frozenset[int] | None:
            if (
                await connection.fetchval("SELECT 1 FROM answer_channel_choices WHERE kind = $1", str(kind))
                is None
            ):
                return None
            chosen = await connection.fetch(
                "SELECT channel_id FROM answer_channels WHERE kind = $1", str(kind)
            )
            return frozenset(row[0] for row in chosen)

        return await self._run(read)

    async def set_answer_channels(
        self, kind: ChannelKind, channel_ids: frozenset[int], *, moderator_id: int
    ) -> None:
        async def write(connection: asyncpg.Connection) -> None:
            async with connection.transaction():
                await connection.execute(
                    "INSERT INTO answer_channel_choices (kind, chosen_at, moderator_id) VALUES ($1, $2, $3)"
                    " ON CONFLICT (kind) DO UPDATE SET chosen_at = excluded.chosen_at,"
                    " moderator_id = excluded.moderator_id",
                    str(kind),
                    time.time(),
                    moderator_id,
                )
                await connection.execute("DELETE FROM answer_channels WHERE kind = $1", str(kind))
                await connection.executemany(
                    "INSERT INTO answer_channels (kind, channel_id) VALUES ($1, $2)",
                    [(str(kind), channel_id) for channel_id in sorted(channel_ids)],
                )

        await self._run(write)

    # ------------------------------------------------------------------ audit log and undo

    async def record_change(self, change: NewChange) -> int:
        async def write(connection: asyncpg.Connection) -> int:
            async with connection.transaction():
                change_id = await connection.fetchval(
                    f"INSERT INTO faq_changes ({rows.NEW_CHANGE_COLUMNS})"
                    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                    *rows.new_change_values(change),
                )
                if change.undoes is not None:
                    await connection.execute(
                        "UPDATE faq_changes SET undone_by = $1 WHERE id = $2", change_id, change.undoes
                    )
            return int(change_id)

        return await self._run(write)

    async def find_change(self, changed_at: float, user_id: int, action: str) -> int | None:
        found = await self._run(
            lambda connection: connection.fetchval(
                "SELECT id FROM faq_changes WHERE changed_at = $1 AND user_id = $2 AND action = $3",
                changed_at,
                user_id,
                action,
            )
        )
        return None if found is None else int(found)

    async def last_undoable_change(self, *, undo_action: str) -> ChangeRow | None:
        row = await self._run(
            lambda connection: connection.fetchrow(
                f"SELECT {rows.CHANGE_COLUMNS} FROM faq_changes"
                " WHERE undone_by IS NULL AND action != $1 ORDER BY id DESC LIMIT 1",
                undo_action,
            )
        )
        return rows.change(row) if row is not None else None

    # ------------------------------------------------------------------ several processes

    def edit_lock(self) -> AdvisoryEditLock:
        return AdvisoryEditLock(self)

    async def announce_knowledge_change(self) -> None:
        """Never raises: when the server is away, every listener reloads once it reconnects anyway."""
        try:
            await self._run(
                lambda connection: connection.execute("SELECT pg_notify($1, $2)", CHANNEL, self._token)
            )
        except StorageUnavailable:
            log.warning(
                "Could not tell the other processes about a knowledge change: PostgreSQL is out of reach"
            )

    def knowledge_changes(self) -> AsyncIterator[None]:
        return self._listen()

    async def _listen(self) -> AsyncIterator[None]:
        """Yields once per burst of other processes' announcements, and once after each reconnection
        (announcements made while disconnected were missed)."""
        heard: asyncio.Queue[None] = asyncio.Queue()

        def on_notify(connection: object, pid: int, channel: str, payload: str) -> None:
            if payload != self._token:
                heard.put_nowait(None)

        delay, connected_before = RETRY_FIRST, False
        while not self._closed:
            try:
                connection = await asyncpg.connect(self._url, timeout=CONNECT_TIMEOUT)
                await connection.add_listener(CHANNEL, on_notify)
            except CONNECTION_LOST:
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_MAX)
                continue
            delay = RETRY_FIRST
            try:
                if connected_before:
                    log.info("Listening for knowledge changes again")
                    yield None
                connected_before = True
                polls = 0
                while not connection.is_closed():
                    try:
                        # Not asyncio.wait_for: before Python 3.12 it returns a notice that arrives as
                        # the listener is cancelled and drops the cancel, so a stopping bot waited on
                        # this loop forever.
                        async with asyncio.timeout(LISTEN_POLL):
                            await heard.get()
                    except TimeoutError:
                        polls += 1
                        if polls % LISTEN_PING_EVERY == 0:
                            await connection.fetchval("SELECT 1", timeout=CONNECT_TIMEOUT)
                        continue
                    while not heard.empty():
                        heard.get_nowait()
                    yield None
            except CONNECTION_LOST:
                pass
            finally:
                connection.terminate()
            log.warning("Lost the PostgreSQL connection that hears knowledge changes; reconnecting")


class AdvisoryEditLock:
    """``EditLock``-shaped: ``hold()`` holds a PostgreSQL session advisory lock, one for every process
    sharing the database, so two knowledge edits never interleave, whichever hosts they run on."""

    def __init__(self, storage: PostgresStorage) -> None:
        self._storage = storage

    @contextlib.asynccontextmanager
    async def hold(self) -> AsyncIterator[None]:
        storage = self._storage
        if storage._down is not None:
            raise storage._unavailable()
        try:
            connection = await storage._pool.acquire(timeout=CONNECT_TIMEOUT)
        except CONNECTION_LOST as error:
            storage._lost(error)
            raise storage._unavailable() from None
        try:
            try:
                await connection.execute("SELECT pg_advisory_lock($1)", EDIT_LOCK_KEY, timeout=EDIT_LOCK_WAIT)
            except TimeoutError:
                raise StorageUnavailable(
                    f"another process has been changing the knowledge for over {EDIT_LOCK_WAIT:.0f} s"
                ) from None
            except CONNECTION_LOST as error:
                storage._lost(error)
                raise storage._unavailable() from None
            try:
                yield
            finally:
                with contextlib.suppress(*CONNECTION_LOST):
                    await connection.execute("SELECT pg_advisory_unlock($1)", EDIT_LOCK_KEY)
        finally:
            with contextlib.suppress(*CONNECTION_LOST):
                await storage._pool.release(connection)


async def migrate(pool: asyncpg.Pool, migrations: tuple[Migration, ...]) -> int:
    """Apply the steps the database lacks, under a transaction-scoped advisory lock: a second process
    starting now waits for the first to finish, then finds nothing left to do. Returns the version."""
    newest = migrations[-1].version
    async with pool.acquire() as connection, connection.transaction():
        await connection.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK_KEY)
        await connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY,"
            " about text NOT NULL, applied_at double precision NOT NULL)"
        )
        version = await connection.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
        if version > newest:
            raise StorageFailed(
                f"the database's schema is version {version}, newer than this bot knows ({newest}): "
                "run the newer bot"
            )
        for migration in migrations:
            if migration.version > version:
                await connection.execute(migration.sql)
                await connection.execute(
                    "INSERT INTO schema_migrations (version, about, applied_at) VALUES ($1, $2, $3)",
                    migration.version,
                    migration.about,
                    time.time(),
                )
                log.info("Database migrated to version %d: %s", migration.version, migration.about)
    return newest
