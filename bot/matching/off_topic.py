"""The knowledge's off-topic words and phrases ("lawyer", "stack trace"), as a question holds them."""

from __future__ import annotations

from collections.abc import Set

from bot.matching.analyzer import TextAnalyzer
from bot.matching.index import PhraseIndex


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
