"""An inverted index over every phrasing of every entry.

Question terms are weighted by inverse entry frequency, so "pytorch" counts for
more than "engineer". A question is compared only with the phrasings that
share a term with it (the inverted-index prefilter), which keeps the cost
nearly flat as the knowledge grows.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.knowledge.models import KnowledgeSnapshot
from bot.matching.analyzer import TextAnalyzer
from bot.matching.normalize import clean, tokenize

#: Postings longer than this are only walked when rarer terms found nothing;
#: such a term ("engineer" in a huge base) still counts in the scoring.
_MAX_PREFILTER_POSTINGS = 4_000


@dataclass(frozen=True, slots=True)
class Phrase:
    entry: int
    terms: frozenset[str]
    weight: float


@dataclass(frozen=True, slots=True)
class ScoredEntry:
    entry: int
    score: float
    coverage: float  # share of the question's weight this entry's terms account for


class PhraseIndex:
    """Immutable once built; safe to share between concurrent questions."""

    def __init__(self, snapshot: KnowledgeSnapshot) -> None:
        entries = snapshot.entries
        self.entry_ids: tuple[str, ...] = tuple(e.id for e in entries)
        vocabulary: list[str] = []
        for entry in entries:
            for text in (*entry.phrasings, *entry.keywords):
                vocabulary.extend(tokenize(clean(text)))
        self.analyzer = TextAnalyzer(snapshot.synonyms, vocabulary)

        phrase_terms: list[tuple[int, frozenset[str]]] = []
        entry_terms: list[frozenset[str]] = []
        for number, entry in enumerate(entries):
            own: set[str] = set()
            for text in entry.phrasings:
                terms = frozenset(self.analyzer.analyze(text, correct_spelling=False).terms)
                if terms:
                    phrase_terms.append((number, terms))
                    own |= terms
            for keyword in entry.keywords:
                own.update(self.analyzer.analyze(keyword, correct_spelling=False).terms)
            entry_terms.append(frozenset(own))

        document_frequency: dict[str, int] = defaultdict(int)
        for terms in entry_terms:
            for term in terms:
                document_frequency[term] += 1
        total = max(len(entries), 1)
        self._idf = {t: math.log(1 + total / df) for t, df in document_frequency.items()}
        #: An unknown word weighs like a term found in a single entry: it may well be the topic.
        self.unknown_weight = math.log(1 + total)
        self._entry_terms = tuple(entry_terms)

        self._phrases = tuple(Phrase(e, t, sum(self._idf[x] for x in t)) for e, t in phrase_terms)
        postings: dict[str, list[int]] = defaultdict(list)
        for number, phrase in enumerate(self._phrases):
            for term in phrase.terms:
                postings[term].append(number)
        self._postings = {t: tuple(p) for t, p in postings.items()}

    def __len__(self) -> int:
        return len(self.entry_ids)

    def weight(self, term: str) -> float:
        return self._idf.get(term, self.unknown_weight)

    def is_known(self, term: str) -> bool:
        return term in self._idf

    def weigh(self, terms: Iterable[str], scale: float = 1.0) -> dict[str, float]:
        return {t: self.weight(t) * scale for t in dict.fromkeys(terms)}

    def rank(self, weights: Mapping[str, float], limit: int = 5) -> list[ScoredEntry]:
        """Entries best first, by their best phrasing's weighted F1 with the question's terms."""
        total = sum(weights.values())
        if not total:
            return []
        best: dict[int, float] = {}
        for number in self._candidates(weights):
            phrase = self._phrases[number]
            overlap = sum(w for t, w in weights.items() if t in phrase.terms)
            recall = overlap / total
            precision = min(overlap / phrase.weight, 1.0)
            f1 = 2 * recall * precision / (recall + precision)
            if f1 > best.get(phrase.entry, 0.0):
                best[phrase.entry] = f1
        scored = []
        for entry, f1 in best.items():
            own = self._entry_terms[entry]
            coverage = sum(w for t, w in weights.items() if t in own) / total
            scored.append(ScoredEntry(entry, f1, coverage))
        scored.sort(key=lambda s: (s.score, s.coverage), reverse=True)
        return scored[:limit]

    def _candidates(self, query: Iterable[str]) -> set[int]:
        known = sorted((t for t in query if t in self._postings), key=lambda t: len(self._postings[t]))
        found: set[int] = set()
        for term in known:
            posting = self._postings[term]
            if len(posting) > _MAX_PREFILTER_POSTINGS and found:
                break
            found.update(posting)
        return found
