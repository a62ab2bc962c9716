"""The forum's "did you mean": short, at most three picks, and never for a sure answer."""

from __future__ import annotations

from pathlib import Path

from bot.matching.result import MatchStatus
from bot.service import AnswerService, Question
from bot.ui.forum_components import MAX_PICKS, PICK_PREFIX, forum_suggestion
from tests.support.matching_sample import SNAPSHOT


def _answer(text: str):
    return AnswerService(Path("unused"), SNAPSHOT).respond(Question(text))


def test_a_sure_answer_gets_no_suggestion() -> None:
    answer = _answer("What is TensorFlow?")
    assert answer.status is MatchStatus.ANSWERED
    assert forum_suggestion(answer) is None


def test_an_unclear_post_gets_at_most_three_picks_listed_in_full() -> None:
    answer = _answer("engineer")
    assert answer.status is not MatchStatus.ANSWERED and answer.suggestions
    suggestion = forum_suggestion(answer)
    assert suggestion is not None
    embed, view = suggestion
    picks = [item.custom_id for item in view.children]
    assert 1 <= len(picks) <= MAX_PICKS and all(p.startswith(PICK_PREFIX) for p in picks)
    for link in answer.suggestions[: len(picks)]:
        assert f"• {link.question}" in (embed.description or "")


def test_nothing_to_suggest_means_no_message() -> None:
    answer = _answer("tools")
    assert answer.status is MatchStatus.UNSURE and not answer.suggestions
    assert forum_suggestion(answer) is None
