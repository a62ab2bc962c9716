"""Ranking a question's terms against every phrasing of every entry.

Question terms are weighted by inverse entry frequency, so "pytorch" counts for
more than "engineer". Ranking runs in stages: each entry's best phrasing by
weighted F1 (bot/matching/overlap.py: numpy over a hand-kept base, an inverted-index
prefilter over a large one), then the best few are re-scored with the shape of
their closest phrasings (rapidfuzz), a naive-Bayes share over all their phrasings
and a linear classifier's (bot/matching/classifier.py). Terms are small integers
and phrasings flat arrays of them, so a 100,000-entry base fits in little memory.
"""

from __future__ import annotations

import bisect
import math
from array import array
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, pairwise

import numpy as np
from rapidfuzz import fuzz, process

from bot.knowledge.models import KnowledgeSnapshot
from bot.matching.analyzer import Analysis, TextAnalyzer, english_zipf
from bot.matching.classifier import MAX_ENTRIES, EntryClassifier
from bot.matching.overlap import PhraseOverlap

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

#: The best candidates' scores are blended with their naive-Bayes probability among themselves: how
#: often each entry's phrasings use the question's terms. One good phrasing wins the F1; an entry
#: whose phrasings keep using the question's words ("do" and "work" in "what does an MLE do at work")
#: wins the Bayes share. Laplace smoothing as in scikit-learn's MultinomialNB; both measured on bench/.
_BAYES_BLEND = 0.4
_BAYES_SMOOTHING = 0.3
#: ... and then with the classifier's probability among them.
_CLASSIFIER_BLEND = 0.3
#: Neither learns much from an entry's first few phrasings: below this many per entry on average,
#: the index ranks by phrasings alone.
_MIN_PHRASINGS_TO_LEARN = 5


@dataclass(frozen=True, slots=True)
class ScoredEntry:
    entry: int
    score: float  # phrase_score blended with the Bayes and classifier shares: what ranks entries
    coverage: float  # share of the question's weight this entry's terms account for
    precision: float = 0.0  # the largest share of one of its phrasings that the question holds
    bayes: float = 0.0  # its naive-Bayes probability among the ranked candidates
    learned: float = 0.0  # its probability among them by the classifier, when the base has one
    phrase_score: float = 0.0  # best phrasing's F1 blended with its shape: how well it matches on its own


def _unknown_share(word: str) -> float:
    low, high = _EVERYDAY_ZIPF
    everyday = min(max((english_zipf(word) - low) / (high - low), 0.0), 1.0)
    return 1.0 - everyday * (1.0 - _EVERYDAY_WEIGHT)


class _FlatLists:
    """Many short lists of ints in two arrays: one list is ``values[offsets[i]:offsets[i + 1]]``."""

    def __init__(self) -> None:
        self.values = array("i")
        self.offsets = array("i", [0])

    @classmethod
    def of(cls, values: Iterable[int], lengths: Iterable[int]) -> _FlatLists:
        """The lists whose items, one after another, are ``values``, cut at ``lengths``."""
        lists = cls()
        lists.values = array("i", values)
        lists.offsets = array("i", [0, *accumulate(lengths)])
        return lists

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
        tokens: list[str] = []

        def terms_of(text: str) -> tuple[str, ...]:
            analysis = knowledge_analyzer.analyze(text, correct_spelling=False)
            tokens.extend(analysis.tokens)
            return analysis.terms

        term_ids: dict[str, int] = {}
        term_id = term_ids.setdefault
        phrase_words: list[str] = []  # every phrasing's terms, one after another
        phrase_lengths: list[int] = []
        self._entry_terms = _FlatLists()
        self._entry_term_counts = _FlatLists()  # in step with _entry_terms: phrasings using each term
        self._entry_total = array("i")  # the sum of an entry's term counts
        answer_terms: list[frozenset[str]] = []
        phrase_entry = array("i")
        samples: list[tuple[str, ...]] = []  # the classifier's training data, for a base it is trained on
        for number, entry in enumerate(entries):
            phrased = [terms for terms in map(terms_of, entry.phrasings) if terms]
            phrase_words.extend(chain.from_iterable(phrased))
            phrase_lengths.extend(map(len, phrased))
            phrase_entry.extend([number] * len(phrased))
            if len(entries) <= MAX_ENTRIES:
                samples.extend(phrased)
            own = Counter(chain.from_iterable(map(set, phrased)))
            own.update({t for keyword in entry.keywords for t in terms_of(keyword)})
            counted = sorted((term_id(t, len(term_ids)), n) for t, n in own.items())
            self._entry_terms.append([t for t, _ in counted])  # sorted, for bisect
            self._entry_term_counts.append([n for _, n in counted])
            self._entry_total.append(own.total())
            answer = knowledge_analyzer.analyze(entry.answer, correct_spelling=False).terms
            answer_terms.append(frozenset(answer).difference(own))
        self._answer_terms = tuple(answer_terms)
        self._phrase_terms = _FlatLists.of([term_id(t, len(term_ids)) for t in phrase_words], phrase_lengths)
        self._learns = len(phrase_entry) >= _MIN_PHRASINGS_TO_LEARN * len(entries)
        self._classifier = EntryClassifier.train(samples, phrase_entry) if self._learns else None
        self._term_ids = term_ids
        self._terms = list(term_ids)  # term id -> term
        self._phrase_text_cache: dict[int, str] = {}
        #: Questions, unlike the knowledge, are spell-corrected against its vocabulary.
        self.analyzer = TextAnalyzer(snapshot.synonyms, Counter(tokens))

        # Weights and postings in numpy: a 100,000-entry base has millions of (phrasing, term) pairs.
        entry_terms = np.frombuffer(self._entry_terms.values, dtype=np.int32)
        document_frequency = np.bincount(entry_terms, minlength=len(term_ids))
        total = max(len(entries), 1)
        self._idf = array("d", np.log1p(total / np.maximum(document_frequency, 1)).tobytes())
        #: An unknown word weighs like a term found in a single entry: it may well be the topic.
        self.unknown_weight = math.log(1 + total)

        phrase_terms = np.frombuffer(self._phrase_terms.values, dtype=np.int32)
        starts = np.frombuffer(self._phrase_terms.offsets, dtype=np.int32)[:-1]
        weights = np.frombuffer(self._idf, dtype=np.float64)[phrase_terms]
        self._phrase_weight = array("d", np.add.reduceat(weights, starts).tobytes() if len(starts) else b"")
        phrase_of_term = np.repeat(
            np.arange(len(starts), dtype=np.int32), np.diff(self._phrase_terms.offsets)
        )
        by_term = phrase_of_term[np.argsort(phrase_terms, kind="stable")]  # phrasings ascending per term
        bounds = np.concatenate(([0], np.cumsum(np.bincount(phrase_terms, minlength=len(term_ids)))))
        postings = [array("i", by_term[start:end].tobytes()) for start, end in pairwise(bounds.tolist())]
        self._overlap = PhraseOverlap(postings, self._phrase_weight, phrase_entry)

    def is_known(self, term: str) -> bool:
        return term in self._term_ids

    def used_together(self, groups: Sequence[Collection[str]]) -> list[bool]:
        """For each group of terms, whether the knowledge uses them together.

        A single term counts when any entry's phrasings or keywords hold it; several terms
        only when one phrasing holds them all.
        """
        values = np.frombuffer(self._phrase_terms.values, dtype=np.int32)
        owner = np.repeat(np.arange(len(self._phrase_terms)), np.diff(self._phrase_terms.offsets))
        used = []
        for terms in groups:
            if len(terms) == 1:
                used.append(all(map(self.is_known, terms)))
                continue
            phrasings = None
            for term in map(self._term_ids.get, terms):
                holding = set(owner[values == term].tolist()) if term is not None else set()
                phrasings = holding if phrasings is None else phrasings & holding
            used.append(bool(phrasings))
        return used

    def weigh(self, analysis: Analysis, scale: float = 1.0) -> dict[str, float]:
        """Each distinct term with its weight: IDF when the knowledge has it, else by how rare the word is."""
        weights: dict[str, float] = {}
        for term, word in zip(analysis.terms, analysis.words, strict=True):
            known = self._term_ids.get(term)
            weight = self._idf[known] if known is not None else self.unknown_weight * _unknown_share(word)
            weights[term] = weight * scale
        return weights

    def rank(self, weights: Mapping[str, float], limit: int = 5) -> list[ScoredEntry]:
        """The best ``limit`` entries by their best phrasings' F1, best first by the blended score."""
        total = sum(weights.values())
        if not total:
            return []
        known = {self._term_ids[t]: w for t, w in weights.items() if t in self._term_ids}
        top = self._overlap.best(known, total, limit)
        # How many of each candidate's phrasings use each known term, in the order of ``known``.
        counts = [[self._count(match.entry, t) for t in known] for match in top]
        bayes, learned = self._learned_shares(known, [match.entry for match in top], counts)
        question = " ".join(weights)
        scored = []
        for match, held, by_bayes, by_classifier in zip(top, counts, bayes, learned, strict=True):
            entry = match.entry
            own = sum(w for w, n in zip(known.values(), held, strict=True) if n)
            in_answer = sum(w for t, w in weights.items() if t in self._answer_terms[entry])
            coverage = min((own + _ANSWER_CREDIT * in_answer) / total, 1.0)
            texts = self._phrase_texts(match.closest)
            shape = process.extractOne(question, texts, scorer=fuzz.token_sort_ratio)[1]
            phrase_score = (match.f1 + _SHAPE_BLEND * shape / 100) / (1 + _SHAPE_BLEND)
            score = self._blend(phrase_score, by_bayes, by_classifier)
            scored.append(
                ScoredEntry(entry, score, coverage, match.precision, by_bayes, by_classifier, phrase_score)
            )
        scored.sort(key=lambda s: (s.score, s.coverage), reverse=True)
        return scored[:limit]

    def _learned_shares(
        self, known: Mapping[int, float], entries: list[int], counts: list[list[int]]
    ) -> tuple[list[float], ...]:
        """Each candidate's probability among the candidates by naive Bayes, and by the classifier.

        Both learn from how all of an entry's phrasings use words, so both stay out (zeros)
        while the knowledge has too few phrasings per entry to learn from, and the classifier
        above its size limit. A term counts by the share of its full weight it carries: a
        follow-up's borrowed words count a third.
        """
        nothing = [0.0] * len(entries)
        if not self._learns or not entries:
            return nothing, nothing
        shares = {t: w / self._idf[t] for t, w in known.items()}
        bayes = self._bayes(list(shares.values()), entries, counts)
        if self._classifier is None:
            return bayes, nothing
        return bayes, self._classifier.probabilities({self._terms[t]: s for t, s in shares.items()}, entries)

    def _blend(self, phrase_score: float, bayes: float, learned: float) -> float:
        if not self._learns:
            return phrase_score
        score = (1 - _BAYES_BLEND) * phrase_score + _BAYES_BLEND * bayes
        if self._classifier is None:
            return score
        return (1 - _CLASSIFIER_BLEND) * score + _CLASSIFIER_BLEND * learned

    def _count(self, entry: int, term: int) -> int:
        """How many of the entry's phrasings use the term (its keywords count as one more)."""
        terms = self._entry_terms
        low, high = terms.offsets[entry], terms.offsets[entry + 1]
        at = bisect.bisect_left(terms.values, term, low, high)
        return self._entry_term_counts.values[at] if at < high and terms.values[at] == term else 0

    def _bayes(self, shares: list[float], entries: list[int], counts: list[list[int]]) -> list[float]:
        """Each candidate's multinomial naive-Bayes probability among the candidates, equal priors.

        ``counts`` holds, per candidate, how many of its phrasings use each term; a term counts by
        its share of its full weight, so a follow-up's borrowed words count a third.
        """
        smoothing = _BAYES_SMOOTHING * len(self._terms)
        logs = []
        for entry, held in zip(entries, counts, strict=True):
            denominator = math.log(self._entry_total[entry] + smoothing)
            log_odds = (math.log(n + _BAYES_SMOOTHING) - denominator for n in held)
            logs.append(sum(share * x for share, x in zip(shares, log_odds, strict=True)))
        peak = max(logs, default=0.0)
        odds = [math.exp(x - peak) for x in logs]
        return [x / sum(odds) for x in odds]

    def _phrase_texts(self, numbers: Iterable[int]) -> list[str]:
        """Phrasings as strings of terms, built on first use and kept for the busiest ones."""
        cache = self._phrase_text_cache
        texts = []
        for number in numbers:
            text = cache.get(number)
            if text is None:
                if len(cache) >= _PHRASE_TEXT_CACHE:
                    cache.clear()
                text = cache[number] = " ".join(self._terms[t] for t in self._phrase_terms[number])
            texts.append(text)
        return texts
