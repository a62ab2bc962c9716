"""The second stage of ranking: the first stage's few best entries, re-scored and re-ordered.

Each candidate's best phrasing F1 (overlap.py) is blended with the shape of its closest
phrasings (rapidfuzz's token_sort_ratio between the question's terms and theirs, which
sees word order and near-identical stems), then with two shares that look at all of its
phrasings at once: naive Bayes (naive_bayes.py) and a linear classifier (classifier.py),
and last with meaning: the cosine of the question's embedding with the entry's closest
phrasing (semantic.py), the entries nearest by meaning joining the candidates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from bot.matching.artefacts import ArtefactCache
from bot.matching.classifier import EntryClassifier
from bot.matching.index import PhraseIndex
from bot.matching.naive_bayes import bayes_shares
from bot.matching.overlap import PhraseMatch
from bot.matching.semantic import SemanticIndex
from bot.matching.tuning import (
    ANSWER_CREDIT,
    BAYES_BLEND,
    CLASSIFIER_BLEND,
    CLASSIFIER_MAX_ENTRIES,
    CLASSIFIER_RECALL,
    MIN_PHRASINGS_TO_LEARN,
    PHRASE_TEXT_CACHE_SIZE,
    SEMANTIC_RECALL,
    SHAPE_BLEND,
)


@dataclass(frozen=True, slots=True)
class ScoredEntry:
    entry: int
    score: float  # phrase_score blended with the Bayes and classifier shares: what ranks entries
    coverage: float  # share of the question's weight this entry's terms account for
    precision: float = 0.0  # the largest share of one of its phrasings that the question holds
    bayes: float = 0.0  # its naive-Bayes probability among the ranked candidates
    learned: float = 0.0  # its probability among them by the classifier, when the base has one
    phrase_score: float = 0.0  # best phrasing's F1 blended with its shape: how well it matches on its own
    semantic: float = 0.0  # cosine of the question's embedding with its closest phrasing's (semantic.py)


class Reranker:
    """Re-scores candidates of one index; immutable but for a cache of phrasing strings."""

    def __init__(
        self,
        index: PhraseIndex,
        semantic: SemanticIndex | None = None,
        semantic_blend: float = 0.0,
        cache: ArtefactCache | None = None,
        wordings: Callable[[], tuple[Sequence[Sequence[str]], Sequence[int]]] | None = None,
    ) -> None:
        """Trains the classifier, when the knowledge has enough phrasings per entry to learn from.

        ``wordings`` gives every phrasing as the classifier reads it, function words included, with
        its entry's number, in the snapshot's order (index.phrase_wordings); it then also learns
        from their embeddings, when ``semantic`` keeps them. Without it, no classifier is trained.

        With ``semantic``, candidates are also re-scored by meaning: the blended score becomes
        ``(1 - semantic_blend) * lexical + semantic_blend * cosine`` (the share is fitted by
        bench/calibrate.py), and the entries closest by meaning join the candidates.

        Neither naive Bayes nor the classifier learns much from an entry's first few phrasings:
        below MIN_PHRASINGS_TO_LEARN per entry on average, entries rank by phrasings alone.
        With ``cache``, a classifier trained on the same phrasings before is read from it.
        """
        self._index = index
        entries = len(index.entry_ids)
        self.learns = len(index.phrase_entry) >= MIN_PHRASINGS_TO_LEARN * entries
        trainable = self.learns and entries <= CLASSIFIER_MAX_ENTRIES  # else not worth building samples
        self._classifier = None
        if trainable and wordings is not None:
            samples, owners = wordings()
            vectors = semantic.phrasing_vectors if semantic is not None else None
            self._classifier = EntryClassifier.train(samples, owners, cache=cache, vectors=vectors)
        self._phrase_text_cache: dict[int, str] = {}
        if len(index.phrase_entry) <= PHRASE_TEXT_CACHE_SIZE:  # a few milliseconds: no first question waits
            self._phrase_texts(range(len(index.phrase_entry)))
        self._semantic = semantic
        self._semantic_blend = semantic_blend if semantic is not None else 0.0

    def rerank(
        self,
        weights: Mapping[str, float],
        known: Mapping[int, float],
        matches: Sequence[PhraseMatch],
        vector: np.ndarray | None = None,
        wording: Mapping[str, float] | None = None,
    ) -> list[ScoredEntry]:
        """The first stage's ``matches`` re-scored, best first by the blended score.

        ``weights`` are all the question's weighted terms, ``known`` those the knowledge uses,
        by term id, in the same order; ``vector`` the question's embedding, when there is a
        semantic index: the SEMANTIC_RECALL entries nearest to it join ``matches``. ``wording``
        is the question's own words as the classifier reads them (``Analysis.wording``, each
        with its share), function words included; the known terms join it at their shares.
        """
        index = self._index
        semantic = self._semantic if vector is not None and vector.any() else None
        shares = {t: w / index.idf[t] for t, w in known.items()}  # the share of its full weight each carries
        by_term = {index.terms[t]: share for t, share in shares.items()}
        if wording:
            by_term = _joined(wording, by_term)
        recalled = semantic.nearest(vector, SEMANTIC_RECALL) if semantic is not None else []
        if self._classifier is not None and known:
            recalled += self._classifier.best(by_term, CLASSIFIER_RECALL, vector)
        present = {match.entry for match in matches}
        matches = [
            *matches,
            *(PhraseMatch(e, 0.0, 0.0, ()) for e in dict.fromkeys(recalled) if e not in present),
        ]
        entries = [match.entry for match in matches]
        closeness = semantic.similarities(vector, entries) if semantic is not None else [0.0] * len(matches)
        total = sum(weights.values())
        # How many of each candidate's phrasings use each known term, in the order of ``known``.
        counts = index.term_counts(entries, list(known))
        bayes, learned = self._learned_shares(shares, by_term, entries, counts, vector)
        # token_sort_ratio is the ratio of the texts' words sorted: the question's are sorted once.
        question = " ".join(sorted(weights))
        known_weights = list(known.values())
        all_weights = list(weights.values())
        answer_ids = index.answer_ids(weights)
        scored = []
        rows = zip(matches, counts, bayes, learned, closeness, strict=True)
        for match, held, by_bayes, by_classifier, cosine in rows:
            entry = match.entry
            own = sum([w for w, n in zip(known_weights, held, strict=True) if n])
            in_answer = sum(
                [
                    w
                    for w, held in zip(all_weights, index.answer_holds(entry, answer_ids), strict=True)
                    if held
                ]
            )
            coverage = min((own + ANSWER_CREDIT * in_answer) / total, 1.0)
            texts = self._phrase_texts(match.closest)
            shape = process.extractOne(question, texts, scorer=fuzz.ratio)[1] if texts else 0.0
            phrase_score = (match.f1 + SHAPE_BLEND * shape / 100) / (1 + SHAPE_BLEND)
            lexical = self._blend(phrase_score, by_bayes, by_classifier)
            score = (1 - self._semantic_blend) * lexical + self._semantic_blend * max(cosine, 0.0)
            scored.append(
                ScoredEntry(
                    entry, score, coverage, match.precision, by_bayes, by_classifier, phrase_score, cosine
                )
            )
        scored.sort(key=lambda s: (s.score, s.coverage), reverse=True)
        return scored

    def _learned_shares(
        self,
        shares: Mapping[int, float],
        by_term: Mapping[str, float],
        entries: list[int],
        counts: list[list[int]],
        vector: np.ndarray | None,
    ) -> tuple[list[float], ...]:
        """Each candidate's probability among the candidates by naive Bayes, and by the classifier.

        Both stay out (zeros) while the knowledge has too few phrasings per entry to learn
        from, and the classifier above its size limit. A term counts by the share of its full
        weight it carries (``shares`` by term id, ``by_term`` the same by term): a follow-up's
        borrowed words count a third.
        """
        nothing = [0.0] * len(entries)
        if not self.learns or not entries:
            return nothing, nothing
        index = self._index
        totals = [index.entry_total[entry] for entry in entries]
        bayes = bayes_shares(list(shares.values()), counts, totals, len(index.terms))
        if self._classifier is None:
            return bayes, nothing
        return bayes, self._classifier.probabilities(by_term, entries, vector)

    def _blend(self, phrase_score: float, bayes: float, learned: float) -> float:
        if not self.learns:
            return phrase_score
        score = (1 - BAYES_BLEND) * phrase_score + BAYES_BLEND * bayes
        if self._classifier is None:
            return score
        return (1 - CLASSIFIER_BLEND) * score + CLASSIFIER_BLEND * learned

    def _phrase_texts(self, numbers: Iterable[int]) -> list[str]:
        """Phrasings as strings of their terms in sorted order (what token_sort_ratio compares), built
        on first use and kept for the busiest ones."""
        cache, index = self._phrase_text_cache, self._index
        texts = []
        for number in numbers:
            text = cache.get(number)
            if text is None:
                if len(cache) >= PHRASE_TEXT_CACHE_SIZE:
                    cache.clear()
                text = cache[number] = " ".join(sorted(index.terms[t] for t in index.phrase_terms[number]))
            texts.append(text)
        return texts


def _joined(wording: Mapping[str, float], terms: Mapping[str, float]) -> dict[str, float]:
    """The question's wording in its order, then the terms it lacks (a follow-up's borrowed words),
    each at the larger of its shares."""
    joined = dict(wording)
    for term, share in terms.items():
        joined[term] = max(joined.get(term, 0.0), share)
    return joined
