"""Reading the questions log and the feedback votes for /faq gaps and /faq stats, and pruning old rows.

The tables belong to ``bot/storage.py``; these are read-only queries plus the retention prune.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import aiosqlite

DAY = 86_400.0
UNANSWERED_STATUSES = ("unsure", "ambiguous")
NOT_HELPFUL = "not helpful"
#: /faq gaps groups at most this many of the newest questions: grouping compares each question with
#: every group so far, so an unbounded log would stall the command.
MAX_GAP_QUESTIONS = 2000


@dataclass(frozen=True, slots=True)
class GapQuestion:
    """A question the bot could not answer, or whose answer was voted not helpful."""

    text: str
    reason: str  # "unsure", "ambiguous" or NOT_HELPFUL
    asked_at: float
    entry_id: str | None = None


@dataclass(frozen=True, slots=True)
class Stats:
    days: int
    questions: int
    answered: int
    top_entries: tuple[tuple[str, int], ...]
    helpful: int
    not_helpful: int

    @property
    def answered_share(self) -> float:
        return self.answered / self.questions if self.questions else 0.0

    @property
    def helpful_ratio(self) -> float | None:
        votes = self.helpful + self.not_helpful
        return self.helpful / votes if votes else None


def since(days: int, *, now: float | None = None) -> float:
    return (time.time() if now is None else now) - days * DAY


async def gap_questions(
    connection: aiosqlite.Connection, after: float, *, limit: int = MAX_GAP_QUESTIONS
) -> list[GapQuestion]:
    """The newest ``limit`` unanswered questions, and for each "not helpful" vote the question the voter
    asked last that was answered with that entry (votes are stored per message, not per question)."""
    async with connection.execute(
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
        (after, *UNANSWERED_STATUSES, NOT_HELPFUL, after, limit),
    ) as cursor:
        rows = await cursor.fetchall()
    return [GapQuestion(*row) for row in rows]


async def question_stats(connection: aiosqlite.Connection, days: int, *, top: int = 5) -> Stats:
    after = since(days)
    async with connection.execute(
        "SELECT COUNT(*), COALESCE(SUM(status = 'answered'), 0) FROM questions WHERE asked_at >= ?", (after,)
    ) as cursor:
        total, answered = await cursor.fetchone() or (0, 0)
    async with connection.execute(
        "SELECT entry_id, COUNT(*) AS times FROM questions WHERE asked_at >= ? AND status = 'answered'"
        " AND entry_id IS NOT NULL GROUP BY entry_id ORDER BY times DESC, entry_id LIMIT ?",
        (after, top),
    ) as cursor:
        top_entries = tuple((row[0], row[1]) for row in await cursor.fetchall())
    async with connection.execute(
        "SELECT COALESCE(SUM(helpful), 0), COALESCE(SUM(1 - helpful), 0) FROM feedback WHERE voted_at >= ?",
        (after,),
    ) as cursor:
        helpful, not_helpful = await cursor.fetchone() or (0, 0)
    return Stats(days, int(total), int(answered), top_entries, int(helpful), int(not_helpful))


async def prune_questions(connection: aiosqlite.Connection, retention_days: int) -> int:
    """Delete logged questions older than the retention period; returns how many went."""
    cursor = await connection.execute("DELETE FROM questions WHERE asked_at < ?", (since(retention_days),))
    await connection.commit()
    return cursor.rowcount
