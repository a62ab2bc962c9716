"""``Storage``: what the bot keeps besides the knowledge, one interface with two backends.

SQLite (``bot.storage.sqlite``) is the embedded default and needs no setup; PostgreSQL
(``bot.storage.postgres``, ``DATABASE_URL=postgresql://...``) is the store several processes share.
Service, moderation and the cogs use only the methods here; the SQL of each backend is in its module.
"""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Protocol

from bot.matching.result import MatchStatus
from bot.storage.records import (
    MAX_GAP_QUESTIONS,
    ChangeRow,
    ChannelKind,
    DayCount,
    GapQuestion,
    Label,
    LabelVerdict,
    LoggedQuestion,
    NewChange,
    Stats,
    VoteOutcome,
)


class HeldLock(Protocol):
    """Shaped like ``bot.moderation.edit_lock.EditLock`` (storage may not import moderation)."""

    def hold(self) -> contextlib.AbstractAsyncContextManager[None]: ...


class Storage(ABC):
    """The question log, feedback votes, labels, answer channels, and the knowledge's audit log."""

    @classmethod
    async def open(cls, path: Path) -> Storage:
        """The embedded default: the SQLite file at ``path`` (``open_storage`` picks by the settings)."""
        from bot.storage.sqlite import SqliteStorage

        return await SqliteStorage.open(path)

    @abstractmethod
    async def close(self) -> None: ...

    @property
    @abstractmethod
    def description(self) -> str:
        """Where the data lives, for the log (never a password)."""

    # ------------------------------------------------------------------ questions and votes

    @abstractmethod
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
        """Log one question and how it was answered; ``via`` says where it came from (mention, dm,
        slash). Returns the row's id (0 when the row was kept to be written later)."""

    @abstractmethod
    async def record_feedback(
        self, *, message_id: int, user_id: int, entry_id: str, helpful: bool
    ) -> VoteOutcome:
        """One vote per user per entry per message: voting again replaces the earlier vote."""

    @abstractmethod
    async def gap_questions(self, after: float, *, limit: int = MAX_GAP_QUESTIONS) -> list[GapQuestion]:
        """The newest ``limit`` unanswered questions, and for each "not helpful" vote the question the
        voter asked last that was answered with that entry (votes are stored per message)."""

    @abstractmethod
    async def question_stats(self, days: int, *, top: int = 5) -> Stats: ...

    @abstractmethod
    async def prune_questions(self, retention_days: int) -> int:
        """Delete logged questions older than the retention period; returns how many went."""

    # ------------------------------------------------------------------ labels for learning

    @abstractmethod
    async def record_label(
        self, question: str, entry_id: str, verdict: LabelVerdict, *, user_id: int
    ) -> None:
        """The same (normalised question, entry, verdict) again: times += 1 and last_at updated (a
        closed label stays closed)."""

    @abstractmethod
    async def logged_question(self, question_id: int) -> LoggedQuestion | None:
        """A logged question by its id (a button carries the id, not the text); None once pruned."""

    @abstractmethod
    async def question_days(self, days: int, *, now: float | None = None) -> tuple[DayCount, ...]:
        """Questions per UTC day over the last ``days`` days, oldest first, days without any included."""

    @abstractmethod
    async def open_labels(self, *, limit: int = 25) -> list[Label]:
        """Neither accepted nor dismissed; most times first, then newest."""

    @abstractmethod
    async def close_label(self, label_id: int, *, accepted: bool, moderator_id: int) -> Label | None:
        """Accept or dismiss an open label; None when there is no such open label."""

    # ------------------------------------------------------------------ where the bot answers

    @abstractmethod
    async def answer_channels(self, kind: ChannelKind) -> frozenset[int] | None:
        """None: moderators never chose, so the settings' default applies."""

    @abstractmethod
    async def set_answer_channels(
        self, kind: ChannelKind, channel_ids: frozenset[int], *, moderator_id: int
    ) -> None: ...

    # ------------------------------------------------------------------ audit log and undo

    @abstractmethod
    async def record_change(self, change: NewChange) -> int:
        """Store a knowledge change (and mark the one it undoes) in one transaction; returns its id."""

    @abstractmethod
    async def find_change(self, changed_at: float, user_id: int, action: str) -> int | None:
        """The id of the change recorded at ``changed_at`` by ``user_id`` (an edit journal's), if any."""

    @abstractmethod
    async def last_undoable_change(self, *, undo_action: str) -> ChangeRow | None:
        """The newest change that is not an undo and has not been undone."""

    # ------------------------------------------------------------------ several processes

    def edit_lock(self) -> HeldLock | None:
        """A lock every process sharing this storage respects; None: this backend has none (one
        host: the desk uses a file lock)."""
        return None

    async def announce_knowledge_change(self) -> None:
        """Tell every other process sharing this storage that the knowledge changed (no-op here)."""
        return None

    def knowledge_changes(self) -> AsyncIterator[None] | None:
        """One item each time another process announces a change; None: this backend cannot tell."""
        return None
