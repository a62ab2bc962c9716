"""SQLite storage: the log of questions asked, the helpful / not-helpful votes, and the reports on them.

The schema is created when the database is opened; WAL lets readers (a moderator's report) run while
the bot writes. The audit log adds its table through ``Storage.connection`` in the same file.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from bot.matching.result import MatchStatus
from bot.storage.records import (
    DAY,
    MAX_GAP_QUESTIONS,
    NOT_HELPFUL,
    UNANSWERED_STATUSES,
    ChannelKind,
    DayCount,
    GapQuestion,
    Label,
    LabelVerdict,
    LoggedQuestion,
    Stats,
    VoteOutcome,
    since,
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY,
    asked_at REAL NOT NULL,
    user_id INTEGER NOT NULL,
    guild_id INTEGER,
    channel_id INTEGER,
    via TEXT NOT NULL,
    question TEXT NOT NULL,
    status TEXT NOT NULL,
    entry_id TEXT,
    score REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS questions_by_status ON questions (status, asked_at);
CREATE TABLE IF NOT EXISTS feedback (
    message_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    entry_id TEXT NOT NULL,
    helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    voted_at REAL NOT NULL,
    PRIMARY KEY (message_id, user_id, entry_id)
);
CREATE INDEX IF NOT EXISTS feedback_by_entry ON feedback (entry_id);
-- labels (learning from use; the storage branch owns the final version): did-you-mean picks and
-- "not helpful" votes, one open row per (normalised question, entry, verdict)
CREATE TABLE IF NOT EXISTS labels (
    id INTEGER PRIMARY KEY,
    question TEXT NOT NULL,
    question_key TEXT NOT NULL,
    entry_id TEXT NOT NULL,
    verdict TEXT NOT NULL,
    times INTEGER NOT NULL,
    last_at REAL NOT NULL,
    last_user_id INTEGER NOT NULL,
    closed_at REAL,
    accepted INTEGER,
    moderator_id INTEGER
);
CREATE UNIQUE INDEX IF NOT EXISTS labels_open ON labels (question_key, entry_id, verdict)
    WHERE closed_at IS NULL;
"""


class Storage:
    def __init__(self, connection: aiosqlite.Connection) -> None:
        self.connection = connection

    @classmethod
    async def open(cls, path: Path) -> Storage:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = await aiosqlite.connect(path)
        try:
            await connection.execute("PRAGMA journal_mode=WAL")
            await connection.execute("PRAGMA busy_timeout=5000")
            await connection.executescript(_SCHEMA)
            await connection.commit()
        except BaseException:
            await connection.close()
            raise
        return cls(connection)

    async def close(self) -> None:
        await self.connection.close()

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
        """Log one question and how it was answered; ``via`` says where it came from (mention, dm, slash)."""
        cursor = await self.connection.execute(
            "INSERT INTO questions (asked_at, user_id, guild_id, channel_id, via, question, status, entry_id,"
            " score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (time.time(), user_id, guild_id, channel_id, via, question, str(status), entry_id, score),
        )
        await self.connection.commit()
        return cursor.lastrowid or 0

    async def record_feedback(
        self, *, message_id: int, user_id: int, entry_id: str, helpful: bool
    ) -> VoteOutcome:
        """One vote per user per entry per message: voting again replaces the earlier vote."""
        async with self.connection.execute(
            "SELECT helpful FROM feedback WHERE message_id = ? AND user_id = ? AND entry_id = ?",
            (message_id, user_id, entry_id),
        ) as cursor:
            previous = await cursor.fetchone()
        await self.connection.execute(
            "INSERT INTO feedback (message_id, user_id, entry_id, helpful, voted_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (message_id, user_id, entry_id)"
            " DO UPDATE SET helpful = excluded.helpful, voted_at = excluded.voted_at",
            (message_id, user_id, entry_id, int(helpful), time.time()),
        )
        await self.connection.commit()
        if previous is None:
            return VoteOutcome.RECORDED
        return VoteOutcome.UNCHANGED if bool(previous[0]) == helpful else VoteOutcome.CHANGED

    async def gap_questions(self, after: float, *, limit: int = MAX_GAP_QUESTIONS) -> list[GapQuestion]:
        """The newest ``limit`` unanswered questions, and for each "not helpful" vote the question the voter
        asked last that was answered with that entry (votes are stored per message, not per question)."""
        async with self.connection.execute(
            "SELECT text, reason, at, entry_id FROM ("
            "  SELECT question AS text, status AS reason, asked_at AS at, NULL AS entry_id FROM questions"
            f"  WHERE asked_at >= ? AND status IN ({','.join('?' * len(UNANSWERED_STATUSES))})"
            "  UNION ALL"
            "  SELECT (SELECT q.question FROM questions q"
            "          WHERE q.user_id = f.user_id AND q.entry_id = f.entry_id AND q.asked_at <= f.voted_at"
            "          ORDER BY q.asked_at DESC LIMIT 1),"
            "         ?, f.voted_at, f.entry_id"
            "  FROM feedback f WHERE f.helpful = 0 AND f.voted_at >= ?"
            ") WHERE text IS NOT NULL ORDER BY at DESC LIMIT ?",
            (after, *(s.value for s in UNANSWERED_STATUSES), NOT_HELPFUL, after, limit),
        ) as cursor:
            rows = await cursor.fetchall()
        return [GapQuestion(*row) for row in rows]

    async def question_stats(self, days: int, *, top: int = 5) -> Stats:
        after = since(days)
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
        """Delete logged questions older than the retention period; returns how many went."""
        cursor = await self.connection.execute(
            "DELETE FROM questions WHERE asked_at < ?", (since(retention_days),)
        )
        await self.connection.commit()
        return cursor.rowcount

    # ------------------------------------------------------------------ labels (learning from use)
    # The shared contract's label methods, plus ``logged_question``; the storage branch owns the final
    # version of this block.

    async def logged_question(self, question_id: int) -> LoggedQuestion | None:
        """A logged question by its id; None once pruned (or for an id that never was)."""
        async with self.connection.execute(
            "SELECT id, question, user_id, channel_id, status, entry_id FROM questions WHERE id = ?",
            (question_id,),
        ) as cursor:
            row = await cursor.fetchone()
        return LoggedQuestion(*row) if row is not None else None

    async def record_label(
        self, question: str, entry_id: str, verdict: LabelVerdict, *, user_id: int
    ) -> None:
        """The same (normalised question, entry, verdict) again counts once more on the open label."""
        question = " ".join(question.split())
        await self.connection.execute(
            "INSERT INTO labels (question, question_key, entry_id, verdict, times, last_at, last_user_id)"
            " VALUES (?, ?, ?, ?, 1, ?, ?)"
            " ON CONFLICT (question_key, entry_id, verdict) WHERE closed_at IS NULL"
            " DO UPDATE SET times = times + 1, last_at = excluded.last_at,"
            " last_user_id = excluded.last_user_id",
            (question, _label_key(question), entry_id, str(verdict), time.time(), user_id),
        )
        await self.connection.commit()

    async def open_labels(self, *, limit: int = 25) -> list[Label]:
        """Labels neither accepted nor dismissed: the most often said first, then the newest."""
        async with self.connection.execute(
            "SELECT id, question, entry_id, verdict, times, last_at FROM labels WHERE closed_at IS NULL"
            " ORDER BY times DESC, last_at DESC, id DESC LIMIT ?",
            (limit,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [_label(row) for row in rows]

    async def close_label(self, label_id: int, *, accepted: bool, moderator_id: int) -> Label | None:
        """Accept or dismiss an open label; None when there is no such open label (already closed)."""
        async with self.connection.execute(
            "UPDATE labels SET closed_at = ?, accepted = ?, moderator_id = ?"
            " WHERE id = ? AND closed_at IS NULL"
            " RETURNING id, question, entry_id, verdict, times, last_at",
            (time.time(), int(accepted), moderator_id, label_id),
        ) as cursor:
            row = await cursor.fetchone()
        await self.connection.commit()
        return _label(row) if row is not None else None

    # ------------------------------------------------------------------ forums branch (issue #14)
    # Answer channels (the shared contract's names) and questions per day for the /faq stats chart.
    # Added here so the forums branch runs on its own; the storage helper's version replaces this block.

    _ANSWER_CHANNELS_SCHEMA = (
        "CREATE TABLE IF NOT EXISTS answer_channels (kind TEXT PRIMARY KEY, channel_ids TEXT NOT NULL,"
        " moderator_id INTEGER NOT NULL, chosen_at REAL NOT NULL)"
    )

    async def answer_channels(self, kind: ChannelKind) -> frozenset[int] | None:
        """The channels moderators chose for ``kind``; None when they never chose (the settings apply)."""
        await self.connection.execute(self._ANSWER_CHANNELS_SCHEMA)
        async with self.connection.execute(
            "SELECT channel_ids FROM answer_channels WHERE kind = ?", (kind.value,)
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return frozenset(int(part) for part in row[0].split(",") if part)

    async def set_answer_channels(
        self, kind: ChannelKind, channel_ids: frozenset[int], *, moderator_id: int
    ) -> None:
        await self.connection.execute(self._ANSWER_CHANNELS_SCHEMA)
        await self.connection.execute(
            "INSERT INTO answer_channels (kind, channel_ids, moderator_id, chosen_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (kind) DO UPDATE SET channel_ids = excluded.channel_ids,"
            " moderator_id = excluded.moderator_id, chosen_at = excluded.chosen_at",
            (kind.value, ",".join(map(str, sorted(channel_ids))), moderator_id, time.time()),
        )
        await self.connection.commit()

    async def question_days(self, days: int, *, now: float | None = None) -> tuple[DayCount, ...]:
        """Questions per UTC day over the last ``days`` days, oldest first, days without any included."""
        now = time.time() if now is None else now
        after = since(days, now=now)
        async with self.connection.execute(
            "SELECT CAST(asked_at / 86400 AS INTEGER) AS day, status, COUNT(*) FROM questions"
            " WHERE asked_at >= ? AND asked_at <= ? GROUP BY day, status",
            (after, now),
        ) as cursor:
            rows = await cursor.fetchall()
        counts: dict[int, dict[str, int]] = {}
        for day, status, count in rows:
            counts.setdefault(int(day), {})[status] = int(count)
        first, last = int(after // DAY), int(now // DAY)
        return tuple(
            DayCount(
                datetime.fromtimestamp(day * DAY, UTC).date(),
                counts.get(day, {}).get(MatchStatus.ANSWERED.value, 0),
                counts.get(day, {}).get(MatchStatus.AMBIGUOUS.value, 0),
                counts.get(day, {}).get(MatchStatus.UNSURE.value, 0),
            )
            for day in range(first, last + 1)
        )

    # ------------------------------------------------------------------ end of the forums branch's block


def _label_key(question: str) -> str:
    return " ".join(question.split()).casefold()


def _label(row: Sequence[Any]) -> Label:
    label_id, question, entry_id, verdict, times, last_at = row
    return Label(label_id, question, entry_id, LabelVerdict(verdict), times, last_at)
