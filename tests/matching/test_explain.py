from __future__ import annotations

import dataclasses
import math

import pytest

from bot.matching.calibration import BIAS
from bot.matching.explain import explain
from bot.matching.features import Features
from bot.matching.matcher import Matcher
from bot.matching.rerank import ScoredEntry
from bot.matching.result import MatchStatus
from tests.support.matching_sample import SNAPSHOT


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(SNAPSHOT)


def test_an_answer_is_explained_by_its_words_candidates_and_rule(matcher: Matcher) -> None:
    why = explain(matcher, "mashine lerning enginer salery in new york")

    assert (why.status, why.entry_id, why.rule) == (MatchStatus.ANSWERED, "salary-by-location", "confident")
    assert why.best is not None and why.best.entry_id == "salary-by-location"
    assert why.best.question == "How does salary differ by location?"
    assert why.runner_up is not None and why.runner_up.entry_id != "salary-by-location"
    assert why.confidence >= why.threshold("answer")
    assert why.lead >= why.threshold("lead")
    assert ("salery", "salary") in why.corrections
    words = {word.word: word for word in why.words}
    assert words["york"].in_best and not words["york"].in_runner_up  # what set the two apart
    assert words["york"].weight > words["salary"].weight  # rarer words weigh more
    assert [w.weight for w in why.words] == sorted((w.weight for w in why.words), reverse=True)


def test_the_rule_that_fired_is_the_matchers_own(matcher: Matcher) -> None:
    for question in ("ai engineer vs ml engineer", "what is a hidden layer", "lawyer", "hello"):
        result = matcher.match(question)
        why = explain(matcher, question)
        assert result.decision is not None
        assert (why.status, why.rule, why.confidence) == (
            result.status,
            result.decision.rule,
            result.decision.confidence,
        )
    assert explain(matcher, "ai engineer vs ml engineer").rule == "close-candidates"
    nothing = explain(matcher, "lawyer")
    assert nothing.rule == "no-candidate" and "no entry came close" in nothing.rule_text
    assert nothing.words[0].word == "lawyer" and not nothing.words[0].known
    assert nothing.best is not None  # the nearest by meaning alone: no word of it matched
    assert {s.name: s.value for s in nothing.best.signals}["phrase_score"] == 0.0


def test_every_feature_and_every_score_part_is_listed_by_name(matcher: Matcher) -> None:
    """Generic on purpose: a signal added to Features or ScoredEntry shows up with no change to explain."""
    why = explain(matcher, "tf vs torch")
    assert [f.name for f in why.features] == [f.name for f in dataclasses.fields(Features)]
    assert all(f.contribution is not None for f in why.features)  # every feature is in the confidence model
    parts = [f.name for f in dataclasses.fields(ScoredEntry) if f.name not in ("entry", "score")]
    assert why.best is not None and [s.name for s in why.best.signals] == parts
    assert all(s.label for s in why.features + why.best.signals)


def test_a_follow_up_is_explained_with_the_previous_question(matcher: Matcher) -> None:
    why = explain(matcher, "and in nyc?", previous="salary-comparison")
    assert why.used_context and why.entry_id == "salary-by-location"
    words = {word.word: word.weight for word in why.words}
    assert words["new"] > words["salary"]  # the previous question's words count a third
    assert not explain(matcher, "and in nyc?").used_context


def test_the_listed_shares_are_the_confidence_model(matcher: Matcher) -> None:
    why = explain(matcher, "how much do ml engineers make in nyc")
    result = matcher.match("how much do ml engineers make in nyc")
    assert result.decision is not None
    shares = sum(f.contribution or 0.0 for f in why.features)
    logit = math.log(result.decision.confidence / (1 - result.decision.confidence))
    assert BIAS + shares + why.log_odds_shift == pytest.approx(logit)


def test_the_printed_shares_and_starting_point_sum_to_the_log_odds(matcher: Matcher) -> None:
    from bot.rendering.explanation import STARTING_POINT, render_explanation

    why = explain(matcher, "how much do ml engineers make in nyc")
    lines = render_explanation(why).split("Confidence model", 1)[1].splitlines()[1:]
    shares = [float(line.rsplit("->", 1)[1]) for line in lines if "->" in line]
    assert any(STARTING_POINT in line for line in lines)
    decision = matcher.match("how much do ml engineers make in nyc").decision
    assert decision is not None
    logit = math.log(decision.confidence / (1 - decision.confidence))
    assert sum(shares) == pytest.approx(logit, abs=0.01 * len(shares))
