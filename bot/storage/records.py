"""What storage hands back (votes' outcomes, unanswered questions, question statistics, labels, changes)
and what it is handed as one record (a new change for the audit log)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from bot.matching.result import MatchStatus

DAY = 86_400.0
#: Questions the bot did not answer outright: /faq gaps offers them to moderators.
UNANSWERED_STATUSES = (MatchStatus.UNSURE, MatchStatus.AMBIGUOUS)
NOT_HELPFUL = "not helpful"
#: /faq gaps groups at most this many of the newest questions: grouping compares each question with
#: every group so far, so an unbounded log would stall the command.
MAX_GAP_QUESTIONS = 2000


class VoteOutcome(StrEnum):
    RECORDED = "recorded"  # the user's first vote on this answer
    CHANGED = "changed"  # they had voted the other way
    UNCHANGED = "unchanged"  # the same vote again


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


class LabelVerdict(StrEnum):
    CHOSEN = "chosen"  # did-you-mean pick: this question means this entry
    NOT_THIS = "not this"  # "Not helpful" vote: this question does not mean this entry


@dataclass(frozen=True, slots=True)
class Label:
    """What people told the bot a question means (or does not), waiting for a moderator to accept or
    dismiss it; ``times`` counts how often the same (question, entry, verdict) was said."""

    id: int
    question: str
    entry_id: str
    verdict: LabelVerdict
    times: int
    last_at: float


@dataclass(frozen=True, slots=True)
class LoggedQuestion:
    """One row of the question log, read back by its id (a button carries the id, not the text)."""

    id: int
    question: str
    user_id: int
    channel_id: int | None
    status: str
    entry_id: str | None


class ChannelKind(StrEnum):
    """Where the bot answers on its own: plain messages in ask channels, new posts in forums."""

    ASK = "ask"
    FORUM = "forum"


@dataclass(frozen=True, slots=True)
class DayCount:
    """One day's questions (UTC) by how they were answered: what the /faq stats chart draws."""

    day: date
    answered: int = 0
    ambiguous: int = 0
    unsure: int = 0

    @property
    def questions(self) -> int:
        return self.answered + self.ambiguous + self.unsure


def day_counts(rows: Iterable[tuple[int, str, int]], after: float, now: float) -> tuple[DayCount, ...]:
    """``(UTC day number, status, count)`` rows as one DayCount per day from ``after`` to ``now``,
    oldest first, days without questions included (a chart's x axis has no gaps)."""
    counts: dict[int, dict[str, int]] = {}
    for day, status, count in rows:
        counts.setdefault(int(day), {})[status] = int(count)
    return tuple(
        DayCount(
            datetime.fromtimestamp(day * DAY, UTC).date(),
            counts.get(day, {}).get(MatchStatus.ANSWERED.value, 0),
            counts.get(day, {}).get(MatchStatus.AMBIGUOUS.value, 0),
            counts.get(day, {}).get(MatchStatus.UNSURE.value, 0),
        )
        for day in range(int(after // DAY), int(now // DAY) + 1)
    )


@dataclass(frozen=True, slots=True)
class ChangeRow:
    """One knowledge change as the audit log stores it; ``items`` is its JSON text (bot.moderation.audit
    reads it: storage knows nothing of what a change is made of)."""

    id: int
    changed_at: float
    user_id: int
    user_name: str
    guild_id: int | None
    action: str
    summary: str
    items: str


@dataclass(frozen=True, slots=True)
class NewChange:
    """A knowledge change to store in the audit log (``Storage.record_change``). ``targets`` and
    ``items`` are text bot.moderation.audit makes (storage knows nothing of what a change is made of);
    ``undoes`` is the id of the change this one reverts, which is marked undone in the same transaction."""

    changed_at: float
    user_id: int
    user_name: str
    guild_id: int | None
    action: str
    summary: str
    targets: str
    items: str
    undoes: int | None = None


class StorageUnavailable(Exception):
    """Storage cannot be used right now (the server is down, the file was deleted or damaged); the
    message says which and what to do. Answers keep working: they need only the loaded knowledge."""


class StorageFailed(Exception):
    """Storage could not be opened at start; the message names the database and what to check."""


_LONE_SURROGATE_FREE = "utf-16"


def clean_text(text: str) -> str:
    """Text any database accepts: a lone surrogate (which no UTF-8 encoder takes) and NUL (which
    PostgreSQL refuses) become U+FFFD; a well-formed surrogate pair becomes its character."""
    if text.isascii() and "\x00" not in text:
        return text
    text = text.encode(_LONE_SURROGATE_FREE, "surrogatepass").decode(_LONE_SURROGATE_FREE, "replace")
    return text.replace("\x00", "\ufffd")


def question_key(question: str) -> str:
    """The form labels are counted under: the same question typed with other case or spacing."""
    return " ".join(clean_text(question).casefold().split())
