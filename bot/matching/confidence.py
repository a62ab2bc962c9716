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


def log_odds(features: Features) -> float:
    """The model's log-odds that the best candidate is a right answer (its probability's logit)."""
    return BIAS + sum(w * getattr(features, name) for name, w in zip(FEATURES, WEIGHTS, strict=True))


def probability(features: Features, shift: float = 0.0) -> float:
    """The probability, 0 to 1, that the best candidate is a right answer; ``shift`` is added to the
    log-odds (a knowledge base's own calibration, self_calibration.py)."""
    return 1 / (1 + math.exp(-(log_odds(features) + shift)))


def feature_weights() -> dict[str, float]:
    """Each weighed feature's weight by name: its value times its weight is what it adds to the log-odds."""
    return dict(zip(FEATURES, WEIGHTS, strict=True))


def confidence(reading: Reading, shift: float = 0.0) -> float:
    """The reading's probability (``shift`` added to its log-odds); 0 when it ranks nothing or names
    something off topic."""
    return probability(reading.features, shift) if reading.ranking and not reading.off_topic else 0.0
