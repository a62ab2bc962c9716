from __future__ import annotations

import dataclasses
import math

import pytest

from bot.matching.calibration import BIAS
from bot.matching.confidence import confidence, feature_weights, probability
from bot.matching.features import Features, Reading
from bot.matching.rerank import ScoredEntry

GOOD = ScoredEntry(
    0, score=0.9, coverage=1.0, precision=1.0, bayes=0.9, learned=0.9, phrase_score=0.9, semantic=0.9
)


def test_a_full_match_is_sure_and_nothing_is_not() -> None:
    assert confidence(Reading((GOOD,), unknown_share=0.0, term_count=3)) > 0.9
    assert confidence(Reading((), unknown_share=1.0, term_count=3)) == 0.0
    assert 0.0 < probability(Features(0.1, 0.1, 0.1, 0.9, 0.7, 0.1, 0.2, 0.1, 0.2)) < 0.5


def test_an_off_topic_reading_is_never_sure() -> None:
    assert confidence(Reading((GOOD,), unknown_share=0.0, term_count=3, off_topic=True)) == 0.0


def test_the_feature_weights_are_the_model_every_feature_named_in_it() -> None:
    features = Features(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
    weights = feature_weights()
    assert set(weights) <= {f.name for f in dataclasses.fields(Features)}
    log_odds = BIAS + sum(w * getattr(features, name) for name, w in weights.items())
    assert 1 / (1 + math.exp(-log_odds)) == pytest.approx(probability(features))
