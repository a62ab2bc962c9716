"""AnswerService.respond: one entrance for typed questions and chosen entries, one conversation memory."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from bot.matching.followup import Turn
from bot.matching.heap import settle_long_lived
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


def test_every_turn_is_remembered_with_what_was_asked() -> None:
    service = _service()
    place = conversation_key(1, 2)
    service.respond(Question("What is TensorFlow?"), conversation=place)
    service.respond(Question("salary"), conversation=place)  # unsure: asked, answered with nothing
    service.respond(EntryChoice("tool-pytorch"), conversation=place)  # a related question, clicked
    assert service.conversations.recent(place) == (
        Turn("What is TensorFlow?", "tool-tensorflow"),
        Turn("salary", None),
        Turn("What is PyTorch?", "tool-pytorch"),
    )


def test_a_pick_among_what_an_unclear_question_offered_answers_that_question() -> None:
    service = _service()
    place = conversation_key(1, 2)
    unclear = service.respond(Question("salary"), conversation=place)
    assert unclear.status is not MatchStatus.ANSWERED and unclear.suggestions
    service.respond(EntryChoice(unclear.suggestions[0].entry_id), conversation=place)
    assert service.conversations.recent(place) == (Turn("salary", unclear.suggestions[0].entry_id),)


def test_a_follow_up_reads_the_turns_of_its_own_conversation_only() -> None:
    service = _service()
    here, elsewhere = conversation_key(1, 2), conversation_key(3, 2)  # a channel and a thread, say
    service.respond(Question("what does a machine learning engineer do?"), conversation=here)
    service.respond(Question("What is TensorFlow?"), conversation=elsewhere)
    assert (
        service.respond(Question("what about ai engineers?"), conversation=here).entry_id
        == "ai-engineer-role"
    )
    assert service.conversations.recall(elsewhere) == "tool-tensorflow"


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


def test_a_reload_in_a_settled_process_leaves_nothing_of_the_old_matcher() -> None:
    service = _service()
    settle_long_lived()  # as the bot's entry point does once it has loaded
    try:
        old = weakref.ref(service.state.matcher)
        service.replace(SNAPSHOT)
        assert old() is None  # its reference cycles, frozen with it, were collected
        assert gc.get_freeze_count() > 0  # and the new matcher is out of later collections
    finally:
        gc.unfreeze()
