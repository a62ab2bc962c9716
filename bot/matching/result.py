"""What the matcher decides about one question."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.matching.decision import Decision


class MatchStatus(StrEnum):
    ANSWERED = "answered"  # one clear winner
    AMBIGUOUS = "ambiguous"  # two or three close candidates: "did you mean..."
    UNSURE = "unsure"  # nothing good enough: an honest "I'm not sure"


@dataclass(frozen=True, slots=True)
class Candidate:
    entry_id: str
    score: float


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The outcome for one question, candidates best first (at most a handful)."""

    question: str
    status: MatchStatus
    candidates: tuple[Candidate, ...] = ()
    used_context: bool = False
    #: Why: the rule that fired and the reading it weighed (what "Why this answer?" shows).
    decision: Decision | None = field(default=None, compare=False, repr=False)

    @property
    def entry_id(self) -> str | None:
        """The answering entry's id, only when the status is ``answered``."""
        if self.status is MatchStatus.ANSWERED and self.candidates:
            return self.candidates[0].entry_id
        return None

    @property
    def score(self) -> float:
        return self.candidates[0].score if self.candidates else 0.0

    @property
    def suggestions(self) -> tuple[str, ...]:
        return tuple(c.entry_id for c in self.candidates)
