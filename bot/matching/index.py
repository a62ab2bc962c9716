"""The knowledge as the matcher searches it: vocabulary, IDF, phrasings and postings.

Built once per snapshot. Every phrasing, keyword and answer is analysed into terms (without
spelling correction: only questions are corrected, against the words found here). Terms are
small integers and phrasings flat arrays of them, so a 100,000-entry base fits in little
memory. Ranking over the index is elsewhere: the first stage in overlap.py, the re-ranking
in rerank.py.
"""

from __future__ import annotations

import bisect
import math
from array import array
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from itertools import accumulate, chain

import numpy as np

from bot.knowledge.models import KnowledgeSnapshot
from bot.matching.analysed import WordLists, analysed
from bot.matching.analyzer import TextAnalyzer
from bot.matching.artefacts import ArtefactCache
from bot.matching.tuning import ANSWER_SET_CACHE_SIZE, DENSE_COUNT_CELLS


class FlatLists:
    """Many short lists of ints in two arrays: one list is ``values[offsets[i]:offsets[i + 1]]``."""

    def __init__(self) -> None:
        self.values = array("i")
        self.offsets = array("i", [0])

    @classmethod
    def of(cls, values: Iterable[int], lengths: Iterable[int]) -> FlatLists:
        """The lists whose items, one after another, are ``values``, cut at ``lengths``."""
        lists = cls()
        lists.values = array("i", values)
        lists.offsets = array("i", [0, *accumulate(lengths)])
        return lists

    @classmethod
    def of_arrays(cls, values: np.ndarray, offsets: np.ndarray) -> FlatLists:
        """The lists ``values[offsets[i]:offsets[i + 1]]``, from numpy arrays (copied as 32-bit ints)."""
        lists = cls()
        lists.values = array("i", values.astype(np.int32).tobytes())
        lists.offsets = array("i", offsets.astype(np.int32).tobytes())
        return lists

    def append(self, items: Iterable[int]) -> None:
        self.values.extend(items)
        self.offsets.append(len(self.values))

    def __getitem__(self, number: int) -> array:
        return self.values[self.offsets[number] : self.offsets[number + 1]]

    def __len__(self) -> int:
        return len(self.offsets) - 1


class PhraseIndex:
    """Entries, their phrasings as term ids, and what is counted over them; immutable once built.

    Phrasings are numbered across the base, an entry's adjacently; ``phrase_entry`` gives each
    one's entry number, ``phrase_terms`` its term ids. ``postings`` holds, for each term id,
    the phrasings using it in ascending order (in two flat arrays: a list per term took 30 MB
    at 100,000 entries, the arrays 19 MB); ``idf`` its inverse entry frequency, so
    "pytorch" counts for more than "engineer"; ``phrase_weight`` each phrasing's summed IDF.
    """

    def __init__(
        self,
        entry_ids: tuple[str, ...],
        term_ids: dict[str, int],
        entry_terms: FlatLists,
        entry_term_counts: FlatLists,
        entry_total: array,
        answer_terms: Sequence[Collection[str]],
        phrase_terms: FlatLists,
        phrase_entry: array,
    ) -> None:
        """Each entry's sorted term ids, and in step with them how many of its phrasings use each.

        An entry's keywords count as one more phrasing; ``entry_total`` is the sum of its counts
        (its "document length" for naive Bayes); ``answer_terms`` the terms only its answer uses.
        """
        self.entry_ids = entry_ids
        self.term_ids = term_ids
        self.terms = list(term_ids)  # term id -> term
        # Each entry's answer-only terms as sorted ids (a set of strings each costs 45 MB at 100,000
        # entries): the knowledge's term ids, and after them ids for words only answers use.
        self._answer_only: dict[str, int] = {}
        numbered = self._answer_only.setdefault
        self._answer_terms = FlatLists()
        self._answer_sets: dict[int, frozenset[int]] = {}  # answer_holds's, for the entries read lately
        for held in answer_terms:
            ids = (term_ids.get(t) for t in held)
            self._answer_terms.append(
                sorted(
                    numbered(t, len(term_ids) + len(self._answer_only)) if n is None else n
                    for t, n in zip(held, ids, strict=True)
                )
            )
        self.phrase_terms = phrase_terms
        self.phrase_entry = phrase_entry
        self._entry_terms = entry_terms
        self._entry_term_counts = entry_term_counts
        self.entry_total = entry_total
        #: A small base's term counts as one entries x terms table too: re-ranking reads a few
        #: candidates' counts of a question's terms in one numpy call (term_counts).
        self._count_table: np.ndarray | None = None
        if len(entry_ids) * len(term_ids) <= DENSE_COUNT_CELLS:
            rows = np.repeat(np.arange(len(entry_ids)), np.diff(entry_terms.offsets))
            self._count_table = np.zeros((len(entry_ids), len(term_ids)), dtype=np.int32)
            self._count_table[rows, np.frombuffer(entry_terms.values, dtype=np.int32)] = (
                entry_term_counts.values
            )
        # In numpy: a 100,000-entry base has millions of (phrasing, term) pairs.
        document_frequency = np.bincount(
            np.frombuffer(entry_terms.values, dtype=np.int32), minlength=len(term_ids)
        )
        total = max(len(entry_ids), 1)
        self.idf = array("d", np.log1p(total / np.maximum(document_frequency, 1)).tobytes())
        #: An unknown word weighs like a term found in a single entry: it may well be the topic.
        self.unknown_weight = math.log(1 + total)

        terms = np.frombuffer(phrase_terms.values, dtype=np.int32)
        phrase_starts = np.frombuffer(phrase_terms.offsets, dtype=np.int32)[:-1]
        weights = np.frombuffer(self.idf, dtype=np.float64)[terms]
        self.phrase_weight = array(
            "d", np.add.reduceat(weights, phrase_starts).tobytes() if len(phrase_starts) else b""
        )
        phrase_of_term = np.repeat(
            np.arange(len(phrase_starts), dtype=np.int32), np.diff(phrase_terms.offsets)
        )
        by_term = phrase_of_term[np.argsort(terms, kind="stable")]  # phrasings ascending per term
        bounds = np.concatenate(([0], np.cumsum(np.bincount(terms, minlength=len(term_ids)))))
        self.postings = FlatLists.of_arrays(by_term, bounds)

    def is_known(self, term: str) -> bool:
        return term in self.term_ids

    def known(self, weights: Mapping[str, float]) -> dict[int, float]:
        """The weighted terms the knowledge uses, by term id, in the order of ``weights``."""
        return {self.term_ids[t]: w for t, w in weights.items() if t in self.term_ids}

    def term_count(self, entry: int, term: int) -> int:
        """How many of the entry's phrasings use the term (its keywords count as one more)."""
        terms = self._entry_terms
        low, high = terms.offsets[entry], terms.offsets[entry + 1]
        at = bisect.bisect_left(terms.values, term, low, high)
        return self._entry_term_counts.values[at] if at < high and terms.values[at] == term else 0

    def term_counts(self, entries: Sequence[int], terms: Sequence[int]) -> list[list[int]]:
        """For each of ``entries``, :meth:`term_count` of each of ``terms``."""
        if self._count_table is not None and entries:
            return self._count_table[entries][:, terms].tolist()
        return [[self.term_count(entry, term) for term in terms] for entry in entries]

    def answer_ids(self, terms: Iterable[str]) -> list[int]:
        """The ids :meth:`answer_holds` reads ``terms`` by, in their order (-1: no answer uses it)."""
        answer_only = self._answer_only
        return [self.term_ids.get(t, answer_only.get(t, -1)) for t in terms]

    def answer_holds(self, entry: int, ids: Sequence[int]) -> list[bool]:
        """For each of ``ids`` (:meth:`answer_ids`), whether only the entry's answer uses that term.

        The answer's ids are read as a set, kept for the entries asked about lately (a set each for
        all of a large base's would cost tens of megabytes); cleared whole when full (thread-safe).
        """
        held = self._answer_sets.get(entry)
        if held is None:
            if len(self._answer_sets) >= ANSWER_SET_CACHE_SIZE:
                self._answer_sets.clear()
            held = self._answer_sets[entry] = frozenset(self._answer_terms[entry])
        return [term in held for term in ids]

    def answer_terms(self, entry: int) -> frozenset[str]:
        """The terms only the entry's answer uses (not its phrasings nor keywords)."""
        by_id = {n: t for t, n in self._answer_only.items()}
        return frozenset(
            self.terms[n] if n < len(self.terms) else by_id[n] for n in self._answer_terms[entry]
        )

    def phrasings(self) -> list[tuple[str, ...]]:
        """Every phrasing as its terms, in phrasing order."""
        return [tuple(self.terms[t] for t in self.phrase_terms[n]) for n in range(len(self.phrase_terms))]

    def used_together(self, groups: Sequence[Collection[str]]) -> list[bool]:
        """For each group of terms, whether the knowledge uses them together.

        A single term counts when any entry's phrasings or keywords hold it; several terms
        only when one phrasing holds them all.
        """
        values = np.frombuffer(self.phrase_terms.values, dtype=np.int32)
        owner = np.repeat(np.arange(len(self.phrase_terms)), np.diff(self.phrase_terms.offsets))
        used = []
        for terms in groups:
            if len(terms) == 1:
                used.append(all(map(self.is_known, terms)))
                continue
            phrasings = None
            for term in map(self.term_ids.get, terms):
                holding = set(owner[values == term].tolist()) if term is not None else set()
                phrasings = holding if phrasings is None else phrasings & holding
            used.append(bool(phrasings))
        return used


def build_index(
    snapshot: KnowledgeSnapshot, cache: ArtefactCache | None = None
) -> tuple[PhraseIndex, TextAnalyzer]:
    """The snapshot's index, and the analyzer for questions, which spell-corrects against its words.

    With ``cache``, the texts' analyses are read from it when this knowledge was analysed before.
    """
    knowledge_analyzer = TextAnalyzer(snapshot.synonyms)

    def analyse() -> WordLists:  # each text's terms, then its tokens
        for text in _knowledge_texts(snapshot):
            analysis = knowledge_analyzer.analyze(text, correct_spelling=False)
            yield analysis.terms
            yield analysis.tokens

    # The analyses come one at a time, in _knowledge_texts' order: the loop below asks in that order.
    lists = analysed(cache, "analyses", snapshot, analyse)
    texts = _knowledge_texts(snapshot)
    tokens: Counter[str] = Counter()

    def terms_of(text: str, *, spelling_target: bool = True) -> tuple[str, ...]:
        if next(texts) != text:
            raise RuntimeError("the index asked for its texts' analyses out of order")
        terms, said = next(lists), next(lists)
        if spelling_target:
            tokens.update(said)
        return terms

    term_ids: dict[str, int] = {}
    term_id = term_ids.setdefault
    phrase_ids = array("i")  # every phrasing's term ids, one after another
    phrase_lengths = array("i")
    entry_terms = FlatLists()
    entry_term_counts = FlatLists()
    entry_total = array("i")
    answer_terms: list[tuple[str, ...]] = []
    phrase_entry = array("i")
    for number, entry in enumerate(snapshot.entries):
        phrased = [terms for terms in map(terms_of, entry.phrasings) if terms]
        phrase_lengths.extend(map(len, phrased))
        phrase_entry.extend([number] * len(phrased))
        own = Counter(chain.from_iterable(map(set, phrased)))
        own.update({t for keyword in entry.keywords for t in terms_of(keyword)})
        counted = sorted((term_id(t, len(term_ids)), n) for t, n in own.items())
        entry_terms.append([t for t, _ in counted])  # sorted, for bisect
        # Every phrasing term is one of the entry's own, numbered just above: no list of a
        # million strings (or of their ids) waits for the loop's end.
        phrase_ids.extend([term_ids[t] for t in chain.from_iterable(phrased)])
        entry_term_counts.append([n for _, n in counted])
        entry_total.append(own.total())
        answer = terms_of(entry.answer, spelling_target=False)
        answer_terms.append(tuple(t for t in dict.fromkeys(answer) if t not in own))
    # The off-topic list's words are spelling targets too: "electricians" is the listed electrician,
    # not the knowledge's nearer "electrical".
    for phrase in snapshot.off_topic:
        terms_of(phrase)
    phrase_terms = FlatLists.of(phrase_ids, phrase_lengths)
    index = PhraseIndex(
        tuple(e.id for e in snapshot.entries),
        term_ids,
        entry_terms,
        entry_term_counts,
        entry_total,
        answer_terms,
        phrase_terms,
        phrase_entry,
    )
    return index, TextAnalyzer(snapshot.synonyms, tokens)


def phrase_wordings(
    snapshot: KnowledgeSnapshot, analyzer: TextAnalyzer, cache: ArtefactCache | None = None
) -> tuple[list[tuple[str, ...]], list[int]]:
    """Every phrasing's wording (``Analysis.wording``: its function words too) and its entry's number,
    in the snapshot's order (semantic.py's): what the classifier learns from."""

    def analyse() -> WordLists:
        for entry in snapshot.entries:
            for text in entry.phrasings:
                yield analyzer.analyze(text, correct_spelling=False).wording

    owners = [number for number, entry in enumerate(snapshot.entries) for _ in entry.phrasings]
    return list(analysed(cache, "wordings", snapshot, analyse)), owners


def _knowledge_texts(snapshot: KnowledgeSnapshot) -> Iterator[str]:
    """The texts the index analyses: each entry's phrasings, keywords and answer, then the off-topic list."""
    for entry in snapshot.entries:
        yield from entry.phrasings
        yield from entry.keywords
        yield entry.answer
    yield from snapshot.off_topic
