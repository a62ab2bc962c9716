"""The knowledge's off-topic words and phrases ("lawyer", "stack trace"), as a question holds them."""

from __future__ import annotations

import re
from collections.abc import Sequence, Set

from bot.matching.analyzer import TextAnalyzer
from bot.matching.index import PhraseIndex

#: Who the asker is ("I'm a nurse", "as an accountant", "I work as a high school teacher"): another
#: job named as one's own is the start of a career change, not the subject of the question.
_SELF_DESCRIPTION = re.compile(
    r"\b(?:i'?m|i am|i was|i'?ve been|i have been|as|work(?:ing|ed)? as)\s+an?\s+\w+(?:[ -]\w+){0,2}",
    re.IGNORECASE,
)


#: A task asked of the bot itself ("can you write my cover letter", "write me a python function",
#: "pls proofread this", "i need you to draft my essay"): advice does not do it, whatever the task is
#: about. Read in the analysed words (spelling corrected), so "can u writte my SOP" asks too, and so
#: does "write one for me" after a turn about resumes; "how do I write my resume?" asks for advice
#: and is not one.
_TASK = r"(?:write|draft|proofread|rewrite|translate|debug|fix|review|generate|summari[sz]e|code)"
_POLITELY = r"(?:please |pls |plz |just |quickly )?"
_ASKS_FOR_A_TASK = re.compile(
    rf"\b(?:can|could|would|will) (?:u|you) {_POLITELY}{_TASK}\b"
    rf"|\b(?:need|want) (?:u|you) to {_POLITELY}{_TASK}\b"
    rf"|\b(?:please|pls|plz) {_TASK}\b"
    rf"|^{_TASK} (?:me|my|a|an|the|this|up|some)\b"
    rf"|\b{_TASK} me (?:a|an|the|some)\b"
    rf"|\b{_TASK} (?:it|one|that|this|them|mine) for me\b"
)


def asks_for_a_task(words: Sequence[str]) -> bool:
    """Whether analysed words (``Analysis.rewritten``) ask the bot to do a task rather than advise."""
    return _ASKS_FOR_A_TASK.search(" ".join(words)) is not None


def without_self_description(text: str) -> str:
    """The text less the phrases in which the asker says what they do."""
    return _SELF_DESCRIPTION.sub(" ", text)


class OffTopicPhrases:
    """Immutable once built; a question checks only the phrases filed under its own terms."""

    def __init__(self, phrases: tuple[str, ...], analyzer: TextAnalyzer, index: PhraseIndex) -> None:
        """Each phrase as the terms a question must hold to be off topic.

        A listed word the knowledge uses, or a phrase one of its phrasings uses whole, is
        ignored, so the list can never block a question the bot answers; "stack trace" stays
        listed though entries speak of a tech stack and of trace logs.
        """
        terms = [frozenset(analyzer.analyze(p, correct_spelling=False).terms) for p in phrases]
        terms = [t for t in terms if t]
        used = index.used_together(terms)
        self._by_term: dict[str, list[frozenset[str]]] = {}
        for held, in_knowledge in zip(terms, used, strict=True):
            if not in_knowledge:
                self._by_term.setdefault(min(held), []).append(held)

    def named_in(self, terms: Set[str]) -> bool:
        """Whether ``terms``, a question's, hold all the terms of one off-topic phrase."""
        listed = (self._by_term.get(term, ()) for term in terms)
        return any(phrase <= terms for phrases in listed for phrase in phrases)
