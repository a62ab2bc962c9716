from __future__ import annotations

from bot.answers.conversation import ConversationMemory
from bot.matching.followup import Turn


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_recalls_the_last_entry_until_it_expires() -> None:
    clock = Clock()
    memory = ConversationMemory(ttl_seconds=300, clock=clock)
    memory.remember("chan:alice", "how much do ML engineers make?", "salary-comparison")
    memory.remember("chan:alice", "and in nyc?", "salary-by-location")
    clock.now = 299
    assert memory.recall("chan:alice") == "salary-by-location"
    assert memory.recall("chan:bob") is None
    clock.now = 301
    assert memory.recall("chan:alice") is None
    assert memory.recent("chan:alice") == ()


def test_keeps_the_last_turns_oldest_first_each_for_its_own_lifetime() -> None:
    clock = Clock()
    memory = ConversationMemory(ttl_seconds=100, max_turns=3, clock=clock)
    for number, entry in enumerate(("bootcamps", "salary-outside-us", "visas-and-remote-work", "thanks")):
        clock.now = number * 30
        memory.remember("dm:carol", f"question {number}", entry)
    assert [t.entry_id for t in memory.recent("dm:carol")] == [
        "salary-outside-us",
        "visas-and-remote-work",
        "thanks",
    ]
    clock.now = 135  # the turn asked at 30 is now 105 seconds old
    assert memory.recent("dm:carol") == (
        Turn("question 2", "visas-and-remote-work"),
        Turn("question 3", "thanks"),
    )


def test_an_unanswered_question_is_a_turn_and_a_pick_among_its_offers_answers_it() -> None:
    memory = ConversationMemory(clock=Clock())
    memory.remember(
        "c", "can i work for a us startup from brazil", None, ("visas-and-remote-work", "salary-outside-us")
    )
    assert memory.recall("c") is None
    assert memory.recent("c") == (Turn("can i work for a us startup from brazil", None),)
    memory.remember(
        "c", "How do work visas and remote work for a company abroad work?", "visas-and-remote-work"
    )
    assert memory.recent("c") == (Turn("can i work for a us startup from brazil", "visas-and-remote-work"),)


def test_a_chosen_entry_not_on_offer_is_a_turn_of_its_own() -> None:
    memory = ConversationMemory(clock=Clock())
    memory.remember("c", "what is tensorflow", "tool-tensorflow")
    memory.remember("c", "What is PyTorch and why is it so popular?", "tool-pytorch")
    assert [t.entry_id for t in memory.recent("c")] == ["tool-tensorflow", "tool-pytorch"]


def test_forgets_the_least_recent_conversations_beyond_its_size() -> None:
    memory = ConversationMemory(max_conversations=2, clock=Clock())
    memory.remember("a", "q", "x")
    memory.remember("b", "q", "y")
    memory.remember("a", "q", "z")
    memory.remember("c", "q", "w")
    assert (memory.recall("a"), memory.recall("b"), memory.recall("c")) == ("z", None, "w")


def test_a_turn_may_be_kept_longer_than_the_memorys_lifetime() -> None:
    clock = Clock()
    memory = ConversationMemory(ttl_seconds=300, clock=clock)
    memory.remember("thread:1:alice", "how do I get into mlops?", "mlops", ttl_seconds=3600)
    memory.remember("channel:2:alice", "what is keras?", "tool-keras")
    clock.now = 1000
    assert (memory.recall("thread:1:alice"), memory.recall("channel:2:alice")) == ("mlops", None)
