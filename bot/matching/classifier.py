"""A linear classifier over the knowledge's own phrasings, to re-rank the index's candidates.

The index judges an entry by its single best phrasing. The classifier has seen all of an
entry's phrasings at once and learned which words tell neighbours apart: "field" and
"subset" for AI versus ML as fields, "job" and "day" for the two jobs. It is a linear SVM
(scikit-learn's liblinear) over TF-IDF of words and of adjacent pairs of words, trained in a
fraction of a second on the shipped knowledge. It reads every word's stem, function words too
(``Analysis.wording``; the index drops them): "who made you" and "what is your name" differ in
little else (CLINC150's validation split: 84.4% ranked right by the terms, 91.4% by every word).
Given the phrasings' embeddings (semantic.py), it also reads the question's embedding: a word it
never saw in an entry's phrasings still counts by what it means (CLINC150's validation split:
91.7% ranked right by the words, 94.3% with the embedding along its 64 main directions).
Only training uses scikit-learn: scoring a question takes a few numpy operations, which keeps
within the matcher's per-question budget, and the trained arrays are kept between runs
(artefacts.py), so a warm start never imports it.
"""

from __future__ import annotations

import importlib.metadata
import math
from collections.abc import Mapping, Sequence
from itertools import islice, pairwise
from pathlib import Path

import numpy as np

from bot.matching.artefacts import ArtefactCache, cached, fingerprint, text_parts
from bot.matching.tuning import (
    CLASSIFIER_C,
    CLASSIFIER_EMBEDDING_DIMENSIONS,
    CLASSIFIER_MAX_ENTRIES,
    CLASSIFIER_MAX_ITER,
    CLASSIFIER_TEMPERATURE,
)


def features(terms: Sequence[str]) -> list[str]:
    """The terms, and each pair of adjacent terms ("ml engineer", "salari nyc")."""
    return [*terms, *map(" ".join, pairwise(terms))]


class EntryClassifier:
    """Trained once per knowledge snapshot; immutable afterwards."""

    def __init__(
        self,
        samples: Sequence[Sequence[str]],
        labels: Sequence[int],
        cache: ArtefactCache | None = None,
        vectors: np.ndarray | None = None,
    ) -> None:
        """``samples`` are phrasings as terms, ``labels`` the number of the entry each belongs to,
        ``vectors`` (one unit row per sample) their embeddings, when there are any.

        With ``cache``, the weights trained on the same samples before are read instead
        (artefacts.py): the same arrays, without importing scikit-learn.
        """
        arrays = cached(
            cache,
            "classifier",
            lambda: _key(samples, labels, vectors),
            lambda: _fit(samples, labels, vectors),
        )
        self._columns: dict[str, int] = {
            feature: column for column, feature in enumerate(arrays["features"].tolist())
        }
        self._idf: np.ndarray = arrays["idf"]
        self._weights = np.ascontiguousarray(arrays["weights"])  # feature -> a decision value per class
        self._dense = np.ascontiguousarray(arrays["dense"])  # embedding dimension -> per class (or no rows)
        self._intercepts = arrays["intercepts"]
        self._classes = [int(label) for label in arrays["classes"].tolist()]
        self._rows = {label: row for row, label in enumerate(self._classes)}
        # The last question's decision values: re-ranking asks for the best entries, then for the
        # candidates' probabilities, with the same terms. One tuple, replaced whole (thread-safe).
        self._last: tuple[tuple[object, ...], np.ndarray | None] = ((), None)

    @classmethod
    def train(
        cls,
        samples: Sequence[Sequence[str]],
        labels: Sequence[int],
        max_entries: int = CLASSIFIER_MAX_ENTRIES,
        cache: ArtefactCache | None = None,
        vectors: np.ndarray | None = None,
    ) -> EntryClassifier | None:
        """A classifier, or None for fewer than two entries or more than ``max_entries``.

        One-vs-rest training grows with entries times phrasings, so a larger base (a generated
        one, not a hand-kept FAQ) is ranked without it.
        """
        return cls(samples, labels, cache, vectors) if 2 <= len(set(labels)) <= max_entries else None

    def probabilities(
        self, terms: Mapping[str, float], entries: Sequence[int], vector: np.ndarray | None = None
    ) -> list[float]:
        """How likely each of ``entries`` is to be the one asked about, as shares that sum to 1.

        ``terms`` are the question's terms in order, each with the share of its full weight it
        carries (a follow-up's borrowed words carry a third): features count that much.
        ``vector`` is the question's embedding, read when the classifier was trained with them.
        """
        decisions = self._decisions(terms, vector)
        if decisions is None or not entries:
            return [1 / len(entries)] * len(entries) if entries else []
        lowest = float(decisions.min())
        chosen = [float(decisions[self._rows[e]]) if e in self._rows else lowest for e in entries]
        peak = max(chosen)
        odds = [math.exp((d - peak) / CLASSIFIER_TEMPERATURE) for d in chosen]
        return [x / sum(odds) for x in odds]

    def best(self, terms: Mapping[str, float], count: int, vector: np.ndarray | None = None) -> list[int]:
        """The ``count`` entries the classifier rates highest for the question, best first."""
        decisions = self._decisions(terms, vector)
        if decisions is None or count <= 0:
            return []
        count = min(count, len(decisions))
        rows = np.argpartition(-decisions, count - 1)[:count]
        return [self._classes[row] for row in rows[np.argsort(-decisions[rows], kind="stable")].tolist()]

    def _decisions(self, terms: Mapping[str, float], vector: np.ndarray | None) -> np.ndarray | None:
        """Each class's decision value for the question's weighted terms and embedding; None when no
        term is known."""
        dense = vector is not None and len(self._dense) == len(vector)
        key = (*terms.items(), vector.tobytes() if dense else b"")
        last_key, last = self._last
        if key == last_key and terms:
            return last
        decisions = self._decide(terms)
        if decisions is not None and dense:
            decisions = decisions + vector @ self._dense
        self._last = (key, decisions)
        return decisions

    def _decide(self, terms: Mapping[str, float]) -> np.ndarray | None:
        # A pair of words carries the smaller of its words' shares.
        shares = [*terms.values(), *map(min, terms.values(), islice(terms.values(), 1, None))]
        counts: dict[int, float] = {}  # by column, in the order the features come
        for column, share in zip(map(self._columns.get, features(list(terms))), shares, strict=True):
            if column is not None:
                counts[column] = counts.get(column, 0.0) + share
        if not counts:
            return None
        columns = np.fromiter(counts, np.intp, len(counts))
        tf = np.fromiter([1 + math.log(n) if n >= 1 else n for n in counts.values()], np.float64, len(counts))
        values = self._idf[columns] * tf
        # np.linalg.norm of a vector is the square root of its dot product with itself.
        return (values / math.sqrt(values.dot(values))) @ self._weights[columns] + self._intercepts


def _key(samples: Sequence[Sequence[str]], labels: Sequence[int], vectors: np.ndarray | None) -> str:
    """What the trained arrays depend on: the samples and their vectors, the settings, this code,
    scikit-learn's version."""
    return fingerprint(
        "classifier",
        Path(__file__).read_bytes(),
        importlib.metadata.version("scikit-learn"),
        CLASSIFIER_C,
        CLASSIFIER_MAX_ITER,
        CLASSIFIER_EMBEDDING_DIMENSIONS,
        text_parts(samples),
        np.asarray(labels, dtype=np.int64).tobytes(),
        b"" if vectors is None else np.ascontiguousarray(vectors, dtype=np.float32).tobytes(),
    )


def _fit(
    samples: Sequence[Sequence[str]], labels: Sequence[int], vectors: np.ndarray | None
) -> dict[str, np.ndarray]:
    """The linear SVM's arrays: features by column, their IDF, weights (feature x class), the
    embedding's weights (dimension x class; no rows without vectors), intercepts, classes.

    The embedding is projected on its CLASSIFIER_EMBEDDING_DIMENSIONS main directions over the
    phrasings: liblinear's time grows with the non-zero features, and 256 dense ones a phrasing
    are ten times a phrasing's terms.
    """
    # Imported here: scikit-learn takes most of a second to import, and only training needs it.
    import scipy.sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    vectorizer = TfidfVectorizer(analyzer=features, sublinear_tf=True)
    model = LinearSVC(C=CLASSIFIER_C, max_iter=CLASSIFIER_MAX_ITER, random_state=0)
    terms = vectorizer.fit_transform(samples)
    columns = terms.shape[1]
    basis = np.zeros((0, 0), np.float32)
    if vectors is not None:  # the embedding along its main directions, as columns after the terms'
        vectors = np.asarray(vectors, np.float32)
        basis = np.linalg.svd(vectors, full_matrices=False)[2][:CLASSIFIER_EMBEDDING_DIMENSIONS].T
        projected = scipy.sparse.csr_matrix(vectors @ basis)
        terms = scipy.sparse.hstack([terms, projected]).tocsr()
    model.fit(terms, labels)
    coefficients, intercepts = model.coef_, model.intercept_
    if len(model.classes_) == 2:  # liblinear keeps one row for two classes: the second one's
        coefficients = np.vstack([-coefficients, coefficients])
        intercepts = np.concatenate([-intercepts, intercepts])
    by_column = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    return {
        "features": np.array(by_column, dtype=str),
        "idf": vectorizer.idf_,
        "weights": np.ascontiguousarray(coefficients[:, :columns].T),
        # The projection folded in: a question's embedding times this gives its decision values.
        "dense": np.ascontiguousarray((basis @ coefficients[:, columns:].T).astype(np.float32)),
        "intercepts": intercepts,
        "classes": np.asarray(model.classes_, dtype=np.int64),
    }
