"""How sure the matcher is that a reading's best candidate answers the question.

A logistic model over the reading's features (bot/matching/features.py). Its weights are
fitted by ``python -m bench.calibrate --write`` on the `dev` half of the held-out
evaluation set (the `test` half is only ever reported) and written to
bot/matching/calibration.py, so they are reproducible and reviewable rather than hand-tuned.
"""

from __future__ import annotations

import math

from bot.matching.calibration import BIAS, FEATURES, WEIGHTS
from bot.matching.features import Features, Reading


def probability(features: Features) -> float:
    """The probability, 0 to 1, that the best candidate is a right answer."""
    z = BIAS + sum(w * getattr(features, name) for name, w in zip(FEATURES, WEIGHTS, strict=True))
    return 1 / (1 + math.exp(-z))


def feature_weights() -> dict[str, float]:
    """Each weighed feature's weight by name: its value times its weight is what it adds to the log-odds."""
    return dict(zip(FEATURES, WEIGHTS, strict=True))


def confidence(reading: Reading) -> float:
    """The reading's probability; 0 when it ranks nothing or names something off topic."""
    return probability(reading.features) if reading.ranking and not reading.off_topic else 0.0
