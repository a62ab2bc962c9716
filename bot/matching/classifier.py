"""A linear classifier over the knowledge's own phrasings, to re-rank the index's candidates.

The index judges an entry by its single best phrasing. The classifier has seen all of an
entry's phrasings at once and learned which words tell neighbours apart: "field" and
"subset" for AI versus ML as fields, "job" and "day" for the two jobs. It is a linear SVM
(scikit-learn's liblinear) over TF-IDF of terms and of adjacent pairs of terms, trained in a
fraction of a second on the shipped knowledge. Only training uses scikit-learn: scoring a
question takes a few numpy operations, which keeps within the matcher's per-question budget.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from itertools import pairwise

import numpy as np

from bot.matching.tuning import (
    CLASSIFIER_C,
    CLASSIFIER_MAX_ENTRIES,
    CLASSIFIER_MAX_ITER,
    CLASSIFIER_TEMPERATURE,
)


def features(terms: Sequence[str]) -> list[str]:
    """The terms, and each pair of adjacent terms ("ml engineer", "salari nyc")."""
    return [*terms, *(f"{first} {second}" for first, second in pairwise(terms))]


class EntryClassifier:
    """Trained once per knowledge snapshot; immutable afterwards."""

    def __init__(self, samples: Sequence[Sequence[str]], labels: Sequence[int]) -> None:
        """``samples`` are phrasings as terms, ``labels`` the number of the entry each belongs to."""
        # Imported here: scikit-learn takes most of a second to import, and only training needs it.
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC

        vectorizer = TfidfVectorizer(analyzer=features, sublinear_tf=True)
        model = LinearSVC(C=CLASSIFIER_C, max_iter=CLASSIFIER_MAX_ITER, random_state=0)
        model.fit(vectorizer.fit_transform(samples), labels)
        coefficients, intercepts = model.coef_, model.intercept_
        if len(model.classes_) == 2:  # liblinear keeps one row for two classes: the second one's
            coefficients = np.vstack([-coefficients, coefficients])
            intercepts = np.concatenate([-intercepts, intercepts])
        self._columns: dict[str, int] = vectorizer.vocabulary_
        self._idf: np.ndarray = vectorizer.idf_
        self._weights = np.ascontiguousarray(coefficients.T)  # feature -> a decision value per class
        self._intercepts = intercepts
        self._rows = {int(label): row for row, label in enumerate(model.classes_)}
        self._classes = [int(label) for label in model.classes_]

    @classmethod
    def train(
        cls,
        samples: Sequence[Sequence[str]],
        labels: Sequence[int],
        max_entries: int = CLASSIFIER_MAX_ENTRIES,
    ) -> EntryClassifier | None:
        """A classifier, or None for fewer than two entries or more than ``max_entries``.

        One-vs-rest training grows with entries times phrasings, so a larger base (a generated
        one, not a hand-kept FAQ) is ranked without it.
        """
        return cls(samples, labels) if 2 <= len(set(labels)) <= max_entries else None

    def probabilities(self, terms: Mapping[str, float], entries: Sequence[int]) -> list[float]:
        """How likely each of ``entries`` is to be the one asked about, as shares that sum to 1.

        ``terms`` are the question's terms in order, each with the share of its full weight it
        carries (a follow-up's borrowed words carry a third): features count that much.
        """
        decisions = self._decisions(terms)
        if decisions is None or not entries:
            return [1 / len(entries)] * len(entries) if entries else []
        lowest = float(decisions.min())
        chosen = [float(decisions[self._rows[e]]) if e in self._rows else lowest for e in entries]
        peak = max(chosen)
        odds = [math.exp((d - peak) / CLASSIFIER_TEMPERATURE) for d in chosen]
        return [x / sum(odds) for x in odds]

    def best(self, terms: Mapping[str, float], count: int) -> list[int]:
        """The ``count`` entries the classifier rates highest for the question, best first."""
        decisions = self._decisions(terms)
        if decisions is None or count <= 0:
            return []
        count = min(count, len(decisions))
        rows = np.argpartition(-decisions, count - 1)[:count]
        return [self._classes[row] for row in rows[np.argsort(-decisions[rows], kind="stable")].tolist()]

    def _decisions(self, terms: Mapping[str, float]) -> np.ndarray | None:
        """Each class's decision value for the question's weighted terms; None when none is known."""
        words = list(terms)
        shares = [*terms.values(), *(min(terms[a], terms[b]) for a, b in pairwise(words))]
        counts: dict[str, float] = {}
        for feature, share in zip(features(words), shares, strict=True):
            if feature in self._columns:
                counts[feature] = counts.get(feature, 0.0) + share
        if not counts:
            return None
        columns = [self._columns[f] for f in counts]
        values = self._idf[columns] * [1 + math.log(n) if n >= 1 else n for n in counts.values()]
        return (values / np.linalg.norm(values)) @ self._weights[columns] + self._intercepts
