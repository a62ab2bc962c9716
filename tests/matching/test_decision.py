from __future__ import annotations

import logging

import pytest

from bot.config import load_settings
from bot.knowledge.loader import load_knowledge
from bot.matching.confidence import confidence
from bot.matching.decision import RULES, Thresholds, decide
from bot.matching.features import Reading
from bot.matching.matcher import Matcher
from bot.matching.rerank import ScoredEntry
from bot.matching.result import MatchStatus

IDS = ("first", "second", "third", "fourth")


def _reading(*scores: float, sure: bool = True) -> Reading:
    """A reading whose best candidate is a full match (or a weak one), then ``scores``."""
    quality = 1.0 if sure else 0.1
    ranking = tuple(
        ScoredEntry(
            n,
            score,
            coverage=quality,
            precision=quality,
            bayes=quality,
            phrase_score=quality,
            semantic=quality,
        )
        for n, score in enumerate(scores)
    )
    return Reading(ranking, unknown_share=0.0, term_count=3)


def _rule(caplog: pytest.LogCaptureFixture, reading: Reading, limits: Thresholds | None = None):
    """The result, and the name of the rule that made it."""
    with caplog.at_level(logging.DEBUG, logger="bot.matching.decision"):
        result = decide("q", reading, IDS, limits or Thresholds())
    return result, caplog.records[-1].rule


def test_a_clear_lead_is_answered(caplog: pytest.LogCaptureFixture) -> None:
    result, rule = _rule(caplog, _reading(0.9, 0.5))
    assert (result.status, result.entry_id, rule) == (MatchStatus.ANSWERED, "first", "confident")


def test_a_tie_is_never_answered_but_offered(caplog: pytest.LogCaptureFixture) -> None:
    result, rule = _rule(caplog, _reading(0.9, 0.89, 0.5))
    assert (result.status, rule) == (MatchStatus.AMBIGUOUS, "close-candidates")
    assert result.suggestions == ("first", "second")  # "third" is not close


def test_weak_candidates_are_only_suggested(caplog: pytest.LogCaptureFixture) -> None:
    result, rule = _rule(caplog, _reading(0.3, 0.2, 0.1, sure=False))
    assert (result.status, rule) == (MatchStatus.UNSURE, "not-sure")
    assert result.suggestions == ("first", "second")  # 0.1 is below the suggestion threshold


def test_a_candidate_sharing_no_word_is_suggested_only_when_close_by_meaning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    near = ScoredEntry(0, 0.3, coverage=0.0, phrase_score=0.0, semantic=Thresholds().meaning_only)
    far = ScoredEntry(1, 0.25, coverage=0.0, phrase_score=0.0, semantic=Thresholds().meaning_only - 0.01)
    worded = ScoredEntry(2, 0.2, coverage=0.2, phrase_score=0.2, semantic=0.0)
    result, rule = _rule(caplog, Reading((near, far, worded), unknown_share=1.0, term_count=2))
    assert (result.status, rule) == (MatchStatus.UNSURE, "not-sure")
    assert result.suggestions == ("first", "third")


def test_a_keyboard_mash_of_the_shipped_knowledge_gets_no_closest_topics() -> None:
    matcher = Matcher(load_knowledge(load_settings().knowledge_dir))
    for mash in ("asdkjh qwpoeiru zxmcnv", "qwertyuiop"):
        result = matcher.match(mash)
        assert (result.status, result.candidates) == (MatchStatus.UNSURE, ()), mash
    kept = matcher.match("is all ml considered ai or is it the other way around")  # no shared word
    assert kept.entry_id == "ai-vs-ml-field" or "ai-vs-ml-field" in kept.suggestions


def test_nothing_good_enough_suggests_nothing(caplog: pytest.LogCaptureFixture) -> None:
    result, rule = _rule(caplog, _reading(0.1))
    assert (result.status, result.candidates, rule) == (MatchStatus.UNSURE, (), "no-candidate")


def test_at_most_three_candidates_are_offered() -> None:
    assert len(decide("q", _reading(0.9, 0.9, 0.9, 0.9), IDS, Thresholds()).candidates) == 3


def test_thresholds_are_passed_in(caplog: pytest.LogCaptureFixture) -> None:
    result, rule = _rule(caplog, _reading(0.9, 0.5), Thresholds(answer=1.0))
    assert (result.status, rule) == (MatchStatus.UNSURE, "not-sure")


@pytest.mark.parametrize(
    "reading",
    [_reading(0.9, 0.5), _reading(0.9, 0.89, 0.5), _reading(0.3, 0.2, sure=False), _reading(0.1)],
    ids=["confident", "close-candidates", "not-sure", "no-candidate"],
)
def test_the_result_records_the_rule_that_fired_and_what_it_weighed(
    caplog: pytest.LogCaptureFixture, reading: Reading
) -> None:
    result, rule = _rule(caplog, reading)
    assert result.decision is not None
    assert result.decision.rule == rule
    assert result.decision.reading is reading
    assert rule in RULES
    if result.candidates:
        assert result.decision.confidence == confidence(reading)
        assert result.decision.lead == pytest.approx(
            result.candidates[0].score - (result.candidates[1].score if len(result.candidates) > 1 else 0)
        )


def test_the_decision_record_does_not_change_what_equals_what() -> None:
    first, second = (decide("q", _reading(0.9, 0.5), IDS, Thresholds()) for _ in range(2))
    assert first.decision is not second.decision
    assert first == second
