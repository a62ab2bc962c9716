"""A linear classifier over the knowledge's own phrasings, to re-rank the index's candidates.

The index judges an entry by its single best phrasing. The classifier has seen all of an
entry's phrasings at once and learned which words tell neighbours apart: "field" and
"subset" for AI versus ML as fields, "job" and "day" for the two jobs. It is a linear SVM
(scikit-learn's liblinear) over TF-IDF of terms and of adjacent pairs of terms, trained in a
fraction of a second on the shipped knowledge. Only training uses scikit-learn: scoring a
question takes a few numpy operations, which keeps within the matcher's per-question budget,
and the trained arrays are kept between runs (artefacts.py), so a warm start never imports it.
"""

from __future__ import annotations

import importlib.metadata
import math
from collections.abc import Mapping, Sequence
from itertools import pairwise
from pathlib import Path

import numpy as np

from bot.matching.artefacts import ArtefactCache, cached, fingerprint, text_parts
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

    def __init__(
        self, samples: Sequence[Sequence[str]], labels: Sequence[int], cache: ArtefactCache | None = None
    ) -> None:
        """``samples`` are phrasings as terms, ``labels`` the number of the entry each belongs to.

        With ``cache``, the weights trained on the same samples before are read instead
        (artefacts.py): the same arrays, without importing scikit-learn.
        """
        arrays = cached(cache, "classifier", lambda: _key(samples, labels), lambda: _fit(samples, labels))
        self._columns: dict[str, int] = {
            feature: column for column, feature in enumerate(arrays["features"].tolist())
        }
        self._idf: np.ndarray = arrays["idf"]
        self._weights = np.ascontiguousarray(arrays["weights"])  # feature -> a decision value per class
        self._intercepts = arrays["intercepts"]
        self._classes = [int(label) for label in arrays["classes"].tolist()]
        self._rows = {label: row for row, label in enumerate(self._classes)}
        # The last question's decision values: re-ranking asks for the best entries, then for the
        # candidates' probabilities, with the same terms. One tuple, replaced whole (thread-safe).
        self._last: tuple[tuple[tuple[str, float], ...], np.ndarray | None] = ((), None)

    @classmethod
    def train(
        cls,
        samples: Sequence[Sequence[str]],
        labels: Sequence[int],
        max_entries: int = CLASSIFIER_MAX_ENTRIES,
        cache: ArtefactCache | None = None,
    ) -> EntryClassifier | None:
        """A classifier, or None for fewer than two entries or more than ``max_entries``.

        One-vs-rest training grows with entries times phrasings, so a larger base (a generated
        one, not a hand-kept FAQ) is ranked without it.
        """
        return cls(samples, labels, cache) if 2 <= len(set(labels)) <= max_entries else None

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
        key = tuple(terms.items())
        last_key, last = self._last
        if key == last_key and key:
            return last
        decisions = self._decide(terms)
        self._last = (key, decisions)
        return decisions

    def _decide(self, terms: Mapping[str, float]) -> np.ndarray | None:
        words = list(terms)
        shares = [*terms.values(), *(min(terms[a], terms[b]) for a, b in pairwise(words))]
        counts: dict[int, float] = {}  # by column, in the order the features come
        column_of = self._columns.get
        for feature, share in zip(features(words), shares, strict=True):
            column = column_of(feature)
            if column is not None:
                counts[column] = counts.get(column, 0.0) + share
        if not counts:
            return None
        columns = list(counts)
        values = self._idf[columns] * [1 + math.log(n) if n >= 1 else n for n in counts.values()]
        # np.linalg.norm of a vector is the square root of its dot product with itself.
        return (values / math.sqrt(values.dot(values))) @ self._weights[columns] + self._intercepts


def _key(samples: Sequence[Sequence[str]], labels: Sequence[int]) -> str:
    """What the trained arrays depend on: the samples, the settings, this code, scikit-learn's version."""
    return fingerprint(
        "classifier",
        Path(__file__).read_bytes(),
        importlib.metadata.version("scikit-learn"),
        CLASSIFIER_C,
        CLASSIFIER_MAX_ITER,
        text_parts(samples),
        np.asarray(labels, dtype=np.int64).tobytes(),
    )


def _fit(samples: Sequence[Sequence[str]], labels: Sequence[int]) -> dict[str, np.ndarray]:
    """The linear SVM's arrays: features by column, their IDF, weights (feature x class), classes."""
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
    by_column = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    return {
        "features": np.array(by_column, dtype=str),
        "idf": vectorizer.idf_,
        "weights": np.ascontiguousarray(coefficients.T),
        "intercepts": intercepts,
        "classes": np.asarray(model.classes_, dtype=np.int64),
    }
