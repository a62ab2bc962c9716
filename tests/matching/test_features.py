from __future__ import annotations

import math

import pytest

from bot.matching.features import Features, Reading
from bot.matching.rerank import ScoredEntry


def test_features_come_from_the_best_candidate_and_its_lead() -> None:
    top = ScoredEntry(
        0, score=0.8, coverage=0.9, precision=0.7, bayes=0.6, learned=0.4, phrase_score=0.75, semantic=0.5
    )
    reading = Reading((top, ScoredEntry(1, score=0.5, coverage=0.4)), unknown_share=0.1, term_count=3)
    assert reading.features == Features(
        score=0.75,
        coverage=0.9,
        margin=pytest.approx(0.3),
        unknown_share=0.1,
        log_terms=math.log1p(3),
        precision=0.7,
        bayes=0.6,
        semantic=0.5,
        learned=0.4,
    )


def test_without_a_classifier_its_share_is_the_bayes_share() -> None:
    top = ScoredEntry(0, score=0.8, coverage=0.9, bayes=0.6)  # learned 0.0: the knowledge has no classifier
    assert Reading((top,), unknown_share=0.0, term_count=2).features.learned == 0.6


def test_without_either_model_its_share_is_its_share_of_the_scores() -> None:
    ranking = (ScoredEntry(0, score=0.6, coverage=0.9), ScoredEntry(1, score=0.2, coverage=0.4))
    assert Reading(ranking, unknown_share=0.0, term_count=2).features.learned == pytest.approx(0.75)


def test_a_lone_candidate_leads_by_its_whole_score() -> None:
    reading = Reading((ScoredEntry(0, score=0.8, coverage=1.0),), unknown_share=0.0, term_count=1)
    assert reading.features.margin == 0.8


def test_a_reading_without_candidates_has_only_its_own_signals() -> None:
    reading = Reading((), unknown_share=1.0, term_count=2)
    assert reading.features == Features(0.0, 0.0, 0.0, 1.0, math.log1p(2), 0.0, 0.0, 0.0, 0.0)
