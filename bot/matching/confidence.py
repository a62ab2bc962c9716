"""How sure the matcher is that a reading's best candidate answers the question.

An additive model over the reading's features (bot/matching/features.py): its log-odds are a bias
plus, for each feature, the value of that feature's fitted shape at the reading's value. A shape is a
step function that never falls as its evidence grows (never rises, for the share of unknown words),
so more evidence can never make the matcher less sure; unlike one weight per feature, it can say
that a semantic similarity of 0.8 is much better evidence than 0.7 while 0.5 and 0.4 are both weak.
The shapes are fitted by ``python -m bench.calibrate --write`` on the tuning questions (the current
blind round's test half is only ever reported) and written to bot/matching/calibration.py, so they
are reproducible and reviewable rather than hand-tuned.
"""

from __future__ import annotations

import math
from bisect import bisect_left

from bot.matching.calibration import BIAS, FEATURES, SHAPES
from bot.matching.features import Features, Reading


def shape_value(name: str, value: float) -> float:
    """What ``name`` at ``value`` adds to the log-odds: its shape's step, where ``value`` at or below
    the i-th threshold takes the i-th value (the last value beyond every threshold)."""
    thresholds, values = SHAPES[name]
    return values[bisect_left(thresholds, value)]


def contributions(features: Features) -> dict[str, float]:
    """Each feature's share of the log-odds, by name; with ``BIAS`` they sum to ``log_odds``."""
    return {name: shape_value(name, getattr(features, name)) for name in FEATURES}


def log_odds(features: Features) -> float:
    """The model's log-odds that the best candidate is a right answer (its probability's logit)."""
    return BIAS + sum(shape_value(name, getattr(features, name)) for name in FEATURES)


def probability(features: Features, shift: float = 0.0) -> float:
    """The probability, 0 to 1, that the best candidate is a right answer; ``shift`` is added to the
    log-odds (a knowledge base's own calibration, self_calibration.py)."""
    return 1 / (1 + math.exp(-(log_odds(features) + shift)))


def confidence(reading: Reading, shift: float = 0.0) -> float:
    """The reading's probability (``shift`` added to its log-odds); 0 when it ranks nothing or names
    something off topic."""
    return probability(reading.features, shift) if reading.ranking and not reading.off_topic else 0.0
