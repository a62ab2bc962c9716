from __future__ import annotations

import dataclasses
import itertools
import math

import pytest

from bot.matching.calibration import BIAS, SHAPES
from bot.matching.confidence import confidence, contributions, probability
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


def test_the_shares_and_the_bias_are_the_models_log_odds() -> None:
    features = Features(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
    shares = contributions(features)
    assert set(shares) == {f.name for f in dataclasses.fields(Features)}
    log_odds = BIAS + sum(shares.values())
    assert 1 / (1 + math.exp(-log_odds)) == pytest.approx(probability(features))


@pytest.mark.parametrize("name", [f.name for f in dataclasses.fields(Features)])
def test_more_evidence_never_lowers_confidence(name: str) -> None:
    """Each shape rises with its evidence (falls with unknown words; the length may go either way)."""
    thresholds, values = SHAPES[name]
    assert list(thresholds) == sorted(thresholds) and len(values) == len(thresholds) + 1
    steps = [b - a for a, b in itertools.pairwise(values)]
    if name == "unknown_share":
        assert all(step <= 0 for step in steps)
    elif name != "log_terms":
        assert all(step >= 0 for step in steps)
