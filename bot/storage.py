"""SQLite storage: the log of questions asked and the helpful / not-helpful votes on answers.

The schema is created when the database is opened; WAL lets readers (a moderator's report) run while
the bot writes. Later features add their tables through ``Storage.connection`` in the same file.
"""

from __future__ import annotations

import time
from enum import StrEnum
from pathlib import Path

import aiosqlite

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


class VoteOutcome(StrEnum):
    RECORDED = "recorded"  # the user's first vote on this answer
    CHANGED = "changed"  # they had voted the other way
    UNCHANGED = "unchanged"  # the same vote again


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
        status: str,
        entry_id: str | None,
        score: float,
    ) -> int:
        """Log one question and how it was answered; ``via`` says where it came from (mention, dm, slash)."""
        cursor = await self.connection.execute(
            "INSERT INTO questions (asked_at, user_id, guild_id, channel_id, via, question, status, entry_id,"
            " score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (time.time(), user_id, guild_id, channel_id, via, question, status, entry_id, score),
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
