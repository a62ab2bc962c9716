"""AnswerService.respond: one entrance for typed questions and chosen entries, one conversation memory."""

from __future__ import annotations

from pathlib import Path

from bot.matching.result import MatchStatus
from bot.service import AnswerService, EntryChoice, Question, conversation_key
from tests.support.matching_sample import SNAPSHOT


def _service() -> AnswerService:
    return AnswerService(Path("unused"), SNAPSHOT)


def test_a_typed_question_and_a_chosen_entry_both_become_the_last_turn() -> None:
    service = _service()
    place = conversation_key(1, 2)
    asked = service.respond(Question("What is TensorFlow?"), conversation=place)
    assert asked.entry_id == "tool-tensorflow"
    assert service.conversations.recall(place) == "tool-tensorflow"
    chosen = service.respond(EntryChoice("tool-pytorch"), conversation=place)
    assert chosen is not None and chosen.entry_id == "tool-pytorch"
    assert service.conversations.recall(place) == "tool-pytorch"


def test_small_talk_is_never_the_turn_a_follow_up_reads_in() -> None:
    service = _service()
    place = conversation_key("console", "me")
    service.respond(Question("What is TensorFlow?"), conversation=place)
    hello = service.respond(Question("hi there"), conversation=place)
    assert hello.entry_id == "greeting"
    assert service.conversations.recall(place) == "tool-tensorflow"


def test_a_chosen_entry_that_is_gone_is_none_and_changes_nothing() -> None:
    service = _service()
    place = conversation_key(1, 2)
    assert service.respond(EntryChoice("no-such-entry"), conversation=place) is None
    assert service.conversations.recall(place) is None


def test_without_a_conversation_nothing_is_remembered() -> None:
    service = _service()
    answer = service.respond(Question("What is TensorFlow?"))
    assert answer.status is MatchStatus.ANSWERED
    assert answer.candidate_ids[0] == "tool-tensorflow"
    assert all(
        service.conversations.recall(conversation_key(place, "me")) is None for place in (None, "console", 1)
    )
