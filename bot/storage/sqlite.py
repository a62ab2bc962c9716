"""SQLite storage: the log of questions asked, the helpful / not-helpful votes, and the reports on them.

The schema is created when the database is opened; WAL lets readers (a moderator's report) run while
the bot writes. The audit log adds its table through ``Storage.connection`` in the same file.
"""

from __future__ import annotations

import time
from pathlib import Path

import aiosqlite

from bot.matching.result import MatchStatus
from bot.storage.records import (
    MAX_GAP_QUESTIONS,
    NOT_HELPFUL,
    UNANSWERED_STATUSES,
    GapQuestion,
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

    # --- Knowledge edit lock and change notices (shared contract; the storage helper's version wins) ---
    # Storage must not import bot.moderation: the lock is any object with ``hold()`` (an EditLock).

    def edit_lock(self) -> None:
        """SQLite serves one host: no lock of its own, so the desk uses a lock file (FileEditLock)."""
        return None

    async def announce_knowledge_change(self) -> None:
        """Other processes of one host see a change through the file watcher: nothing to announce."""

    def knowledge_changes(self) -> None:
        """No change notices to listen to with SQLite (see ``announce_knowledge_change``)."""
        return None

    # --- end of the shared-contract block ---
