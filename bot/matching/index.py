"""An inverted index over every phrasing of every entry.

Question terms are weighted by inverse entry frequency, so "pytorch" counts for
more than "engineer". A question is compared only with the phrasings that
share a rare enough term with it (the inverted-index prefilter), which keeps
the cost nearly flat as the knowledge grows. Terms are small integers and
phrasings flat arrays of them, so a 100,000-entry base fits in little memory.
"""

from __future__ import annotations

import bisect
import heapq
import math
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.knowledge.models import KnowledgeSnapshot
from bot.matching.analyzer import Analysis, TextAnalyzer, english_zipf

#: An unknown word weighs like a term of a single entry, less the more everyday it is in English:
#: "lawyer" in "lawyer salary" may well be the topic, "week" in "a typical week" rarely is.
_EVERYDAY_ZIPF = (4.5, 5.5)
_EVERYDAY_WEIGHT = 0.35
#: Words that appear only in an entry's answer count for this share of their weight in coverage.
_ANSWER_CREDIT = 0.5

#: The best candidates are re-ranked with rapidfuzz's token_sort_ratio between the question's terms
#: and each phrasing's, which sees word order and near-identical stems; it counts this much against F1.
_SHAPE_BLEND = 0.2
_PHRASE_TEXT_CACHE = 20_000

#: Postings longer than this are only walked when rarer terms found nothing;
#: such a term ("engineer" in a huge base) still counts in the scoring.
_MAX_PREFILTER_POSTINGS = 400


@dataclass(frozen=True, slots=True)
class ScoredEntry:
    entry: int
    score: float  # the best phrasing's weighted F1 with the question, blended with its rapidfuzz shape
    coverage: float  # share of the question's weight this entry's terms account for
    precision: float = 0.0  # the largest share of one of its phrasings that the question holds


def _unknown_share(word: str) -> float:
    low, high = _EVERYDAY_ZIPF
    everyday = min(max((english_zipf(word) - low) / (high - low), 0.0), 1.0)
    return 1.0 - everyday * (1.0 - _EVERYDAY_WEIGHT)


class _FlatLists:
    """Many short lists of ints in two arrays: one list is ``values[offsets[i]:offsets[i + 1]]``."""

    def __init__(self) -> None:
        self.values = array("i")
        self.offsets = array("i", [0])

    def append(self, items: Iterable[int]) -> None:
        self.values.extend(items)
        self.offsets.append(len(self.values))

    def __getitem__(self, number: int) -> array:
        return self.values[self.offsets[number] : self.offsets[number + 1]]

    def __len__(self) -> int:
        return len(self.offsets) - 1


class PhraseIndex:
    """Immutable once built (but for a cache of phrasing strings); safe to share between questions."""

    def __init__(self, snapshot: KnowledgeSnapshot) -> None:
        entries = snapshot.entries
        self.entry_ids: tuple[str, ...] = tuple(e.id for e in entries)
        knowledge_analyzer = TextAnalyzer(snapshot.synonyms)
        vocabulary: Counter[str] = Counter()

        def terms_of(text: str) -> tuple[str, ...]:
            analysis = knowledge_analyzer.analyze(text, correct_spelling=False)
            vocabulary.update(analysis.tokens)
            return analysis.terms

        term_ids: dict[str, int] = {}
        self._phrase_terms = _FlatLists()
        self._entry_terms = _FlatLists()
        answer_terms: list[frozenset[str]] = []
        phrase_entry = array("i")
        for number, entry in enumerate(entries):
            own: dict[str, None] = {}
            for text in entry.phrasings:
                terms = terms_of(text)
                if terms:
                    self._phrase_terms.append(term_ids.setdefault(t, len(term_ids)) for t in terms)
                    phrase_entry.append(number)
                    own.update(dict.fromkeys(terms))
            for keyword in entry.keywords:
                own.update(dict.fromkeys(terms_of(keyword)))
            self._entry_terms.append(term_ids.setdefault(t, len(term_ids)) for t in own)
            answer = knowledge_analyzer.analyze(entry.answer, correct_spelling=False).terms
            answer_terms.append(frozenset(answer).difference(own))
        self._answer_terms = tuple(answer_terms)
        self._phrase_entry = phrase_entry
        self._term_ids = term_ids
        self._terms = list(term_ids)  # term id -> term
        self._phrase_text_cache: dict[int, list[str]] = {}
        #: Questions, unlike the knowledge, are spell-corrected against its vocabulary.
        self.analyzer = TextAnalyzer(snapshot.synonyms, vocabulary)

        document_frequency = [0] * len(term_ids)
        for term in self._entry_terms.values:
            document_frequency[term] += 1
        total = max(len(entries), 1)
        self._idf = array("d", (math.log(1 + total / df) for df in document_frequency))
        #: An unknown word weighs like a term found in a single entry: it may well be the topic.
        self.unknown_weight = math.log(1 + total)

        self._phrase_weight = array("d", (sum(self._idf[t] for t in terms) for terms in self._iter_phrases()))
        postings: list[array] = [array("i") for _ in term_ids]
        for number, terms in enumerate(self._iter_phrases()):
            for term in terms:
                postings[term].append(number)
        self._postings = postings

    def _iter_phrases(self) -> Iterable[array]:
        return (self._phrase_terms[n] for n in range(len(self._phrase_terms)))

    def is_known(self, term: str) -> bool:
        return term in self._term_ids

    def weigh(self, analysis: Analysis, scale: float = 1.0) -> dict[str, float]:
        """Each distinct term with its weight: IDF when the knowledge has it, else by how rare the word is."""
        weights: dict[str, float] = {}
        for term, word in zip(analysis.terms, analysis.words, strict=True):
            known = self._term_ids.get(term)
            weight = self._idf[known] if known is not None else self.unknown_weight * _unknown_share(word)
            weights[term] = weight * scale
        return weights

    def rank(self, weights: Mapping[str, float], limit: int = 5) -> list[ScoredEntry]:
        """Entries best first, by their best phrasing's weighted F1 with the question's terms."""
        total = sum(weights.values())
        if not total:
            return []
        known = {self._term_ids[t]: w for t, w in weights.items() if t in self._term_ids}
        best: dict[int, float] = {}
        precision: dict[int, float] = {}
        phrase_weight, phrase_entry = self._phrase_weight, self._phrase_entry
        for number, overlap in self._overlaps(known).items():
            # F1 of recall overlap/total and precision overlap/phrase weight, simplified.
            f1 = 2 * overlap / (total + phrase_weight[number])
            entry = phrase_entry[number]
            if f1 > best.get(entry, 0.0):
                best[entry] = f1
            share = overlap / phrase_weight[number]
            if share > precision.get(entry, 0.0):
                precision[entry] = share
        question = " ".join(weights)
        scored = []
        for entry, f1 in heapq.nlargest(limit, best.items(), key=lambda item: item[1]):
            own_terms = set(self._entry_terms[entry])
            own = sum(w for t, w in known.items() if t in own_terms)
            in_answer = sum(w for t, w in weights.items() if t in self._answer_terms[entry])
            coverage = min((own + _ANSWER_CREDIT * in_answer) / total, 1.0)
            shape = process.extractOne(question, self._phrase_texts(entry), scorer=fuzz.token_sort_ratio)[1]
            score = (f1 + _SHAPE_BLEND * shape / 100) / (1 + _SHAPE_BLEND)
            scored.append(ScoredEntry(entry, score, coverage, precision[entry]))
        scored.sort(key=lambda s: (s.score, s.coverage), reverse=True)
        return scored[:limit]

    def _phrase_texts(self, entry: int) -> list[str]:
        """An entry's phrasings as strings of terms, built on first use and kept for the busiest entries."""
        texts = self._phrase_text_cache.get(entry)
        if texts is None:
            first = bisect.bisect_left(self._phrase_entry, entry)  # an entry's phrasings are adjacent
            end = bisect.bisect_right(self._phrase_entry, entry, lo=first)
            texts = [" ".join(self._terms[t] for t in self._phrase_terms[n]) for n in range(first, end)]
            if len(self._phrase_text_cache) >= _PHRASE_TEXT_CACHE:
                self._phrase_text_cache.clear()
            self._phrase_text_cache[entry] = texts
        return texts

    def _overlaps(self, known: Mapping[int, float]) -> dict[int, float]:
        """Phrasing -> summed weight of the question terms it holds, for the prefiltered phrasings.

        Rare terms' postings are walked, adding up weights as they go; a term whose postings are
        too long to walk once rarer ones found candidates is added by looking inside each candidate.
        """
        overlaps: dict[int, float] = {}
        skipped: list[int] = []
        for term in sorted(known, key=lambda t: len(self._postings[t])):
            posting = self._postings[term]
            if len(posting) > _MAX_PREFILTER_POSTINGS and overlaps:
                skipped.append(term)
                continue
            weight = known[term]
            get = overlaps.get
            for number in posting:
                overlaps[number] = get(number, 0.0) + weight
        for term in skipped:
            weight = known[term]
            for number in overlaps:
                if term in self._phrase_terms[number]:
                    overlaps[number] += weight
        return overlaps
