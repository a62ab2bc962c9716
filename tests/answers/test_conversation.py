from __future__ import annotations

from bot.answers.conversation import ConversationMemory


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_recalls_the_last_entry_until_it_expires() -> None:
    clock = Clock()
    memory = ConversationMemory(ttl_seconds=300, clock=clock)
    memory.remember("chan:alice", "salary-comparison")
    memory.remember("chan:alice", "salary-by-location")
    clock.now = 299
    assert memory.recall("chan:alice") == "salary-by-location"
    assert memory.recall("chan:bob") is None
    clock.now = 301
    assert memory.recall("chan:alice") is None


def test_forgets_the_least_recent_conversations_beyond_its_size() -> None:
    memory = ConversationMemory(max_conversations=2, clock=Clock())
    memory.remember("a", "x")
    memory.remember("b", "y")
    memory.remember("a", "z")
    memory.remember("c", "w")
    assert (memory.recall("a"), memory.recall("b"), memory.recall("c")) == ("z", None, "w")


def test_a_conversation_may_be_given_a_longer_lifetime_than_the_default() -> None:
    clock = Clock()
    memory = ConversationMemory(ttl_seconds=300, clock=clock)
    memory.remember("thread", "salary-comparison", ttl_seconds=7 * 86_400)
    memory.remember("chan:alice", "salary-by-location")
    clock.now = 86_400
    assert memory.recall("thread") == "salary-comparison"
    assert memory.recall("chan:alice") is None
