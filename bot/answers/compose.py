"""Composing the answer for a match: the entry itself, "did you mean", or an honest "not sure"."""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge.models import Entry, KnowledgeSnapshot, Source
from bot.matching.result import MatchResult, MatchStatus

MAX_RELATED = 3

AMBIGUOUS_TITLE = "Did you mean...?"
AMBIGUOUS_BODY = "Your question could mean a few different things. Pick the one you meant:"
UNSURE_TITLE = "I'm not sure about that one"
UNSURE_BODY = (
    "I couldn't match that to anything I know well enough to answer, and I'd rather say so than guess.\n"
    "I help with careers in **AI engineering** and **machine-learning engineering**: roles, skills, "
    "education, salaries, industries, tools and where the fields are going."
)
UNSURE_WITH_SUGGESTIONS = "\n\nThe closest topics I know:"


@dataclass(frozen=True, slots=True)
class Link:
    """A pointer to another entry, shown as a follow-up or suggestion."""

    entry_id: str
    question: str


@dataclass(frozen=True, slots=True)
class Answer:
    """What the bot says, independent of where it is shown."""

    status: MatchStatus
    title: str
    body: str
    entry_id: str | None = None
    category: str | None = None
    score: float = 0.0
    sources: tuple[Source, ...] = ()
    related: tuple[Link, ...] = ()
    suggestions: tuple[Link, ...] = ()
    #: The matcher's candidates, best first (for scripts: `ask --json`); the entry alone when chosen.
    candidate_ids: tuple[str, ...] = ()


def _links(snapshot: KnowledgeSnapshot, ids: tuple[str, ...]) -> tuple[Link, ...]:
    entries = (snapshot.entry(i) for i in ids)
    return tuple(Link(e.id, e.question) for e in entries if e is not None)


def answer_from_entry(
    entry: Entry, snapshot: KnowledgeSnapshot, score: float = 1.0, candidate_ids: tuple[str, ...] = ()
) -> Answer:
    return Answer(
        status=MatchStatus.ANSWERED,
        title=entry.question,
        body=entry.answer,
        entry_id=entry.id,
        category=entry.category,
        score=score,
        sources=entry.sources,
        related=_links(snapshot, entry.related[:MAX_RELATED]),
        candidate_ids=candidate_ids or (entry.id,),
    )


def compose_answer(result: MatchResult, snapshot: KnowledgeSnapshot) -> Answer:
    if result.status is MatchStatus.ANSWERED:
        entry = snapshot.entry(result.candidates[0].entry_id)
        if entry is not None:
            return answer_from_entry(entry, snapshot, result.score, result.suggestions)
    suggestions = _links(snapshot, result.suggestions)
    if result.status is MatchStatus.AMBIGUOUS and len(suggestions) > 1:
        return Answer(
            MatchStatus.AMBIGUOUS,
            AMBIGUOUS_TITLE,
            AMBIGUOUS_BODY,
            score=result.score,
            suggestions=suggestions,
            candidate_ids=result.suggestions,
        )
    body = UNSURE_BODY + (UNSURE_WITH_SUGGESTIONS if suggestions else "")
    return Answer(
        MatchStatus.UNSURE,
        UNSURE_TITLE,
        body,
        score=result.score,
        suggestions=suggestions,
        candidate_ids=result.suggestions,
    )
