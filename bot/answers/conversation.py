"""Short-lived memory of each conversation's last few turns: what was asked, what answered it.

People ask in turns ("do bootcamps work for ML?", "any in Canada?", "and what do their grads
earn there?"); the matcher reads an unclear follow-up in the light of the turns before it. A
conversation is one person in one place (a channel, a thread, a DM, the console: the key is the
caller's, see ``bot.service.conversation_key``). It keeps its last ``max_turns`` turns, each for
``ttl_seconds`` (or the lifetime given when it is remembered), and the memory forgets the least
recent conversations beyond ``max_conversations``.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from bot.matching.followup import Turn

#: A few minutes: long enough for "and in NYC?", short enough that a new topic starts afresh.
DEFAULT_TTL_SECONDS = 300.0
#: A memory bound: conversations remembered at once, the least recent forgotten first.
DEFAULT_MAX_CONVERSATIONS = 10_000
#: The turns a follow-up may read: "which one should I learn?" after two tools needs both.
DEFAULT_MAX_TURNS = 3


@dataclass(frozen=True, slots=True)
class _Remembered:
    turn: Turn
    until: float  # forgotten after this time of the clock
    suggestions: tuple[str, ...]  # what an unanswered turn offered ("did you mean", closest topics)


class ConversationMemory:
    def __init__(
        self,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        max_conversations: int = DEFAULT_MAX_CONVERSATIONS,
        max_turns: int = DEFAULT_MAX_TURNS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl_seconds
        self._max = max_conversations
        self._max_turns = max_turns
        self._clock = clock
        self._turns: OrderedDict[str, tuple[_Remembered, ...]] = OrderedDict()

    def recent(self, conversation: str) -> tuple[Turn, ...]:
        """The conversation's turns still remembered, oldest first."""
        return tuple(r.turn for r in self._fresh(conversation))

    def recall(self, conversation: str) -> str | None:
        """The entry this conversation was last answered with, if recent enough."""
        answered = [t.entry_id for t in self.recent(conversation) if t.entry_id is not None]
        return answered[-1] if answered else None

    def remember(
        self,
        conversation: str,
        question: str,
        entry_id: str | None,
        suggestions: tuple[str, ...] = (),
        *,
        ttl_seconds: float | None = None,
    ) -> None:
        """A new turn: ``question`` (typed, or the question of a chosen entry), answered with ``entry_id``.

        A choice among what the last turn offered (a "did you mean" pick) answers that turn rather
        than starting a new one, so the question it was asked as stays in the conversation. The
        turn is kept ``ttl_seconds`` (default: the memory's), so a place may keep its turns longer.
        """
        turns = self._fresh(conversation)
        last = turns[-1] if turns else None
        until = self._clock() + (self._ttl if ttl_seconds is None else ttl_seconds)
        if last is not None and last.turn.entry_id is None and entry_id in last.suggestions:
            turns = (*turns[:-1], _Remembered(Turn(last.turn.question, entry_id), until, ()))
        else:
            turns = (*turns, _Remembered(Turn(question, entry_id), until, suggestions))
        self._turns[conversation] = turns[-self._max_turns :]
        self._turns.move_to_end(conversation)
        while len(self._turns) > self._max:
            self._turns.popitem(last=False)

    def _fresh(self, conversation: str) -> tuple[_Remembered, ...]:
        turns = self._turns.get(conversation, ())
        now = self._clock()
        fresh = tuple(r for r in turns if r.until >= now)
        if len(fresh) != len(turns):
            if fresh:
                self._turns[conversation] = fresh
            else:
                del self._turns[conversation]
        return fresh
