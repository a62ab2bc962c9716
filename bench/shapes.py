"""The confidence model's fit: one monotone step function (shape) per feature, summed, as log-odds.

Boosted trees that each split on one feature only (scikit-learn's ``HistGradientBoostingClassifier``
with ``interaction_cst="no_interactions"`` and monotonic constraints) add up to such a model; it is
read back as plain steps, through the public ``decision_function`` alone: each feature is varied over
its values in the data with the others held at a reference row, and the additive model's output
moves by that feature's shape only. What the bot ships is then a few tuples of numbers
(bot/matching/calibration.py, read by bot/matching/confidence.py), not a pickled estimator.

Measured on the tuning questions of 2026-12-02, leaving one blind round out at a time, against one
weight per feature (top-1 92.5%, abstention 95.8%, wrong 1.5%): the shapes 93.6%, 95.9%, 2.0% with
weight 2 on out-of-scope questions, 92.5%, 97.3%, 1.7% with weight 3; trees free to combine features
did no better (93.5%, 96.3%, 1.9%).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

#: Which way each feature's shape may go as its value grows: up (1), down (-1) or either (0). More of
#: the evidence for the best candidate never lowers confidence; more unknown words never raise it.
#: The length of the message may go either way (one word is weak evidence, a long ramble is too).
DIRECTIONS = {"unknown_share": -1, "log_terms": 0}
#: Hand-set boosting settings: small steps, shallow trees, leaves of at least 20 readings.
LEARNING_RATE, MAX_DEPTH, MIN_LEAF = 0.05, 3, 20


@dataclass(frozen=True, slots=True)
class Model:
    """Log-odds = ``bias`` + each feature's shape: ``values[i]`` at or below ``thresholds[i]``."""

    bias: float
    shapes: tuple[tuple[np.ndarray, np.ndarray], ...]  # (thresholds, values) per feature, in order

    def log_odds(self, x: np.ndarray) -> np.ndarray:
        total = np.full(len(x), self.bias)
        for column, (thresholds, values) in enumerate(self.shapes):
            total += values[np.searchsorted(thresholds, x[:, column], side="left")]
        return total

    def probability(self, x: np.ndarray) -> np.ndarray:
        return 1 / (1 + np.exp(-self.log_odds(x)))


def boosted(
    x: np.ndarray, y: np.ndarray, sample: np.ndarray, names: tuple[str, ...], iterations: int
) -> HistGradientBoostingClassifier:
    """The boosted one-feature trees of labels ``y`` from features ``x`` (columns named ``names``),
    each reading weighed by ``sample``; deterministic. Cross-validation asks them directly."""
    trees = HistGradientBoostingClassifier(
        learning_rate=LEARNING_RATE,
        max_iter=iterations,
        max_depth=MAX_DEPTH,
        min_samples_leaf=MIN_LEAF,
        monotonic_cst=[DIRECTIONS.get(name, 1) for name in names],
        interaction_cst="no_interactions",
        early_stopping=False,
        random_state=0,
    )
    return trees.fit(x, y, sample_weight=sample)


def fit(x: np.ndarray, y: np.ndarray, sample: np.ndarray, names: tuple[str, ...], iterations: int) -> Model:
    """The additive monotone model (``boosted``) as one step function per feature."""
    return _steps(boosted(x, y, sample, names, iterations), x)


def _steps(trees: HistGradientBoostingClassifier, x: np.ndarray) -> Model:
    """The fitted trees as one step function per feature, each centred on its mean over ``x``."""
    reference = np.median(x, axis=0)
    at_reference = float(trees.decision_function(reference[None, :])[0])
    bias, shapes = at_reference, []
    for column in range(x.shape[1]):
        seen = np.unique(x[:, column])
        probe = np.repeat(reference[None, :], len(seen), axis=0)
        probe[:, column] = seen
        moved = trees.decision_function(probe) - at_reference
        # A step where the output changes: at the last value the data has below it (a value between
        # two the data has is read as the larger; halfway could round onto either of two close ones).
        changes = np.flatnonzero(np.diff(moved) != 0)
        thresholds = seen[changes]
        values = np.append(moved[changes], moved[-1])
        mean = float(values[np.searchsorted(thresholds, x[:, column], side="left")].mean())
        shapes.append((thresholds, values - mean))
        bias += mean
    model = Model(bias, tuple(shapes))
    # Additive by construction: the steps give back the trees' own output on every reading.
    assert np.allclose(model.log_odds(x), trees.decision_function(x), atol=1e-6)
    return model
