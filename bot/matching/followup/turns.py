"""A conversation's earlier turns, and what a follow-up reads of them and of its results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.knowledge.models import Entry, KnowledgeSnapshot
from bot.matching.result import Candidate, MatchResult, MatchStatus

#: The decision rule recorded when a follow-up is answered with the entry the conversation is on.
ON_TOPIC_RULE = "conversation-topic"
#: What it means, for explanations.
ON_TOPIC_TEXT = "read with the conversation, its best candidate is the entry the conversation is on"


@dataclass(frozen=True, slots=True)
class Turn:
    """One earlier turn of a conversation: what was asked, and the entry that answered it (or None)."""

    question: str
    entry_id: str | None


def ranked_entries(snapshot: KnowledgeSnapshot, result: MatchResult) -> list[tuple[Entry, float]]:
    """The entries the result's reading ranked, with their scores, best first (below the suggestions too)."""
    if result.decision is None:
        return []
    entries = snapshot.entries
    return [(entries[s.entry], s.score) for s in result.decision.reading.ranking]


def decided_surer(one: MatchResult, other: MatchResult) -> bool:
    """Whether ``one`` was decided with more confidence than ``other``."""
    if one.decision is None or other.decision is None:
        return False
    return one.decision.confidence > other.decision.confidence


def stay_on(question: str, last: Entry) -> MatchResult:
    """``question`` answered with the conversation's last entry."""
    return MatchResult(question, MatchStatus.ANSWERED, (Candidate(last.id, 1.0),), used_context=True)


def are_near(entry: Entry, other: Entry) -> bool:
    return entry.category == other.category or other.id in entry.related or entry.id in other.related


def last_entry(snapshot: KnowledgeSnapshot, turns: Sequence[Turn]) -> Entry | None:
    for turn in reversed(turns):
        entry = snapshot.entry(turn.entry_id) if turn.entry_id else None
        if entry is not None:
            return entry
    return None
