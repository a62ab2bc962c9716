"""Suggestions for the /ask autocomplete: knowledge questions that fuzzily match what is typed so far.

Separate from the matcher on purpose: autocomplete sees half-typed words ("sal", "ml eng") and typos
mid-typing, so each typed word is scored against its best word of a phrasing (a prefix counts fully),
with the whole-string similarity as a tie-breaker.
"""

from __future__ import annotations

from rapidfuzz import fuzz, utils

from bot import limits
from bot.knowledge.models import Entry, KnowledgeSnapshot

MIN_SCORE = 60.0
WHOLE_STRING_WEIGHT = 0.2
#: Only the start of what is typed is scored: every typed word is compared with every word of every
#: phrasing, so a pasted essay would hold the event loop for a second on each keystroke.
MAX_TYPED_CHARS = 100
MAX_TYPED_WORDS = 8


def question_choices(
    snapshot: KnowledgeSnapshot, typed: str, limit: int = limits.CHOICES
) -> list[tuple[str, str]]:
    """(name, entry id) pairs, best first: names are canonical questions of 1-100 characters, values are
    entry ids (at most 100 characters). With nothing typed, the first questions in knowledge order."""
    entries = [e for e in snapshot.entries if 0 < len(e.id) <= limits.CHOICE_VALUE]
    query = " ".join(utils.default_process(typed[:MAX_TYPED_CHARS]).split()[:MAX_TYPED_WORDS])
    if query:
        scored = [(max(_score(query, phrasing) for phrasing in e.phrasings), e) for e in entries]
        ranked = sorted((pair for pair in scored if pair[0] >= MIN_SCORE), key=lambda pair: -pair[0])
        entries = [entry for _, entry in ranked]
    return [(_name(e), e.id) for e in entries[:limit]]


def _score(query: str, phrasing: str) -> float:
    words = utils.default_process(phrasing).split()
    if not words:
        return 0.0
    typed = query.split()
    per_word = sum(max(100.0 if w.startswith(t) else fuzz.ratio(t, w) for w in words) for t in typed) / len(
        typed
    )
    whole = fuzz.WRatio(query, phrasing, processor=utils.default_process)
    return (1 - WHOLE_STRING_WEIGHT) * per_word + WHOLE_STRING_WEIGHT * whole


def _name(entry: Entry) -> str:
    return limits.one_line(entry.question, limits.CHOICE_NAME) or entry.id
