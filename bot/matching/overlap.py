"""The first stage of ranking: each entry's best phrasings by weighted F1 with the question.

Two ways to the same result. A base of hand-kept size is scored whole with numpy, a few
vector operations per question. A large one is scored through its inverted index, touching
only the phrasings that share a rare enough term with the question, so the cost stays
nearly flat as it grows.
"""

from __future__ import annotations

import bisect
import heapq
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, pairwise

import numpy as np

from bot.matching.index import FlatLists
from bot.matching.tuning import CLOSEST_PHRASINGS, DENSE_LIMIT, MAX_PREFILTER_POSTINGS, WALK_FACTOR


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    entry: int
    f1: float  # its best phrasing's F1 with the question, weighted by IDF
    precision: float  # the largest share of one of its phrasings that the question holds
    closest: tuple[int, ...]  # its phrasings with the best F1, best first


class PhraseOverlap:
    """Scores phrasings against a question's known terms; immutable once built."""

    def __init__(
        self,
        postings: FlatLists | Sequence[array],
        phrase_weight: array,
        phrase_entry: array,
        *,
        dense_limit: int = DENSE_LIMIT,
        closest: int = CLOSEST_PHRASINGS,
    ) -> None:
        """``postings``: term -> sorted phrasing numbers; an entry's phrasings are numbered adjacently.

        Up to ``dense_limit`` phrasings the base is scored whole, with numpy; each match keeps
        its entry's ``closest`` phrasings by F1.
        """
        if not isinstance(postings, FlatLists):
            postings = FlatLists.of(chain.from_iterable(postings), map(len, postings))
        # A term's postings are read as a slice of one buffer, without copying it (memoryview).
        self._posting_values = memoryview(postings.values)
        self._posting_offsets = postings.offsets
        self._phrase_weight = phrase_weight
        self._phrase_entry = phrase_entry
        self._closest = closest
        self._dense = len(phrase_entry) <= dense_limit
        if self._dense:
            values = np.frombuffer(postings.values, dtype=np.int32)
            self._dense_postings = [values[start:end] for start, end in pairwise(postings.offsets)]
            self._posting_lengths = np.diff(np.frombuffer(postings.offsets, dtype=np.int32)).astype(np.intp)
            self._dense_weight = np.frombuffer(phrase_weight, dtype=np.float64)
            entries = np.frombuffer(phrase_entry, dtype=np.int32)
            self._entries, self._starts = np.unique(entries, return_index=True)
            self._ends = np.append(self._starts[1:], len(entries))

    def best(self, known: Mapping[int, float], total: float, limit: int) -> list[PhraseMatch]:
        """The ``limit`` entries whose best phrasing has the highest F1 with the question, best first.

        ``known`` maps the question's known terms to their weights; ``total`` is the weight of
        all its terms, known or not (F1's recall is over the whole question).
        """
        if not known:
            return []
        if self._dense:
            return self._best_dense(known, total, limit)
        return self._best_sparse(known, total, limit)

    def _best_dense(self, known: Mapping[int, float], total: float, limit: int) -> list[PhraseMatch]:
        # Each phrasing's summed weights, added in the order of ``known`` (a posting holds each
        # phrasing once): the sums of adding term by term, in one numpy call.
        terms = list(known)
        overlap = np.bincount(
            np.concatenate([self._dense_postings[term] for term in terms]),
            weights=np.repeat(list(known.values()), self._posting_lengths[terms]),
            minlength=len(self._dense_weight),
        )
        f1 = 2 * overlap / (total + self._dense_weight)  # F1 of recall and precision, simplified
        best = np.maximum.reduceat(f1, self._starts)
        precision = np.maximum.reduceat(overlap / self._dense_weight, self._starts)
        count = min(limit, int(np.count_nonzero(best)))
        if not count:
            return []
        lowest = np.partition(best, len(best) - count)[len(best) - count]
        chosen = np.flatnonzero(best >= lowest)
        chosen = chosen[np.lexsort((chosen, -best[chosen]))][:count]  # ties: the earlier entry first
        # The chosen entries' phrasings, each entry's best first, in one sort: lexsort is stable and
        # each entry's phrasings come in ascending order, so ties keep the earlier phrasing first.
        lengths = self._ends[chosen] - self._starts[chosen]
        ends = np.cumsum(lengths)
        phrasings = np.arange(ends[-1]) + np.repeat(self._starts[chosen] - (ends - lengths), lengths)
        ordered = phrasings[np.lexsort((-f1[phrasings], np.repeat(np.arange(count), lengths)))]
        numbers, scored = ordered.tolist(), (f1[ordered] > 0).tolist()
        entries, f1s, held = (a[chosen].tolist() for a in (self._entries, best, precision))
        matches = []
        firsts = zip((ends - lengths).tolist(), lengths.tolist(), strict=True)
        for n, (start, length) in enumerate(firsts):
            top = range(start, start + min(self._closest, length))
            closest = tuple(numbers[at] for at in top if scored[at])
            matches.append(PhraseMatch(entries[n], f1s[n], held[n], closest))
        return matches

    def _best_sparse(self, known: Mapping[int, float], total: float, limit: int) -> list[PhraseMatch]:
        overlaps = self._overlaps(known)
        weight, phrase_entry = self._phrase_weight, self._phrase_entry
        by_entry: dict[int, list[tuple[float, int]]] = {}
        precision: dict[int, float] = {}
        for number, overlap in overlaps.items():
            entry = phrase_entry[number]
            by_entry.setdefault(entry, []).append((2 * overlap / (total + weight[number]), -number))
            precision[entry] = max(precision.get(entry, 0.0), overlap / weight[number])
        best = heapq.nlargest(limit, by_entry.items(), key=lambda item: (max(item[1])[0], -item[0]))
        matches = []
        for entry, scored in best:
            closest = heapq.nlargest(self._closest, scored)  # ties: the earlier phrasing first
            matches.append(PhraseMatch(entry, closest[0][0], precision[entry], tuple(-n for _, n in closest)))
        return matches

    def _posting(self, term: int) -> memoryview:
        """The phrasings using the term, in ascending order."""
        return self._posting_values[self._posting_offsets[term] : self._posting_offsets[term + 1]]

    def _overlaps(self, known: Mapping[int, float]) -> dict[int, float]:
        """Phrasing -> summed weight of the question terms it holds, for the prefiltered phrasings.

        Rare terms' postings are walked, adding up weights as they go; a term whose postings are
        too long to walk once rarer ones found candidates ("engineer" in a huge base) is added
        only to those candidates: by walking its postings when they are at most WALK_FACTOR
        times the candidates (a dict lookup each), else by a binary search for each candidate.
        """
        overlaps: dict[int, float] = {}
        skipped: list[int] = []
        offsets = self._posting_offsets
        for term in sorted(known, key=lambda t: offsets[t + 1] - offsets[t]):
            posting = self._posting(term)
            if len(posting) > MAX_PREFILTER_POSTINGS and overlaps:
                skipped.append(term)
                continue
            weight = known[term]
            get = overlaps.get
            for number in posting:
                overlaps[number] = get(number, 0.0) + weight
        for term in skipped:
            weight, posting = known[term], self._posting(term)
            end = len(posting)
            if end <= WALK_FACTOR * len(overlaps):
                for number in posting:
                    if number in overlaps:
                        overlaps[number] += weight
                continue
            for number in overlaps:  # postings are sorted: a binary search finds the phrasing or not
                at = bisect.bisect_left(posting, number)
                if at < end and posting[at] == number:
                    overlaps[number] += weight
        return overlaps
