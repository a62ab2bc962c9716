"""How sure the matcher is that a reading's best candidate answers the question.

A logistic model over the reading's features (bot/matching/features.py). Its weights
are fitted by ``python -m bench.calibrate`` on the `dev` half of the held-out
evaluation set (the `test` half is only ever reported) and pasted here, so
they are reproducible and reviewable rather than hand-tuned.
"""

from __future__ import annotations

import math

from bot.matching.features import Features, Reading

#: The features weighed, by name, in the order of WEIGHTS.
FEATURES = ("score", "coverage", "margin", "unknown_share", "log_terms", "precision", "bayes")
WEIGHTS = (1.1355, 6.3284, -2.2661, -2.0060, 1.0200, 9.6916, 1.9951)
BIAS = -13.5973


def probability(features: Features) -> float:
    """The probability, 0 to 1, that the best candidate is a right answer."""
    z = BIAS + sum(w * getattr(features, name) for name, w in zip(FEATURES, WEIGHTS, strict=True))
    return 1 / (1 + math.exp(-z))


def confidence(reading: Reading) -> float:
    """The reading's probability; 0 when it ranks nothing or names something off topic."""
    return probability(reading.features) if reading.ranking and not reading.off_topic else 0.0
