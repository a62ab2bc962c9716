"""Short-lived memory of what each conversation was last answered with.

People ask in turns ("how much do ML engineers make?" then "and in NYC?"); the
matcher reads an unclear follow-up in the light of the previous answer. A
conversation is one person in one channel, and it is forgotten after a few
minutes (a caller may give a conversation a longer lifetime: a forum thread) or when too many others
are newer.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

DEFAULT_TTL_SECONDS = 300.0
DEFAULT_MAX_CONVERSATIONS = 10_000


class ConversationMemory:
    def __init__(
        self,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        max_conversations: int = DEFAULT_MAX_CONVERSATIONS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl_seconds
        self._max = max_conversations
        self._clock = clock
        self._last: OrderedDict[str, tuple[str, float, float]] = OrderedDict()

    def recall(self, conversation: str) -> str | None:
        """The entry id this conversation was last answered with, if recent enough."""
        remembered = self._last.get(conversation)
        if remembered is None:
            return None
        entry_id, at, ttl = remembered
        if self._clock() - at > ttl:
            del self._last[conversation]
            return None
        return entry_id

    def remember(self, conversation: str, entry_id: str, *, ttl_seconds: float | None = None) -> None:
        """``ttl_seconds`` overrides the memory's lifetime for this conversation (None: the default)."""
        ttl = self._ttl if ttl_seconds is None else ttl_seconds
        self._last[conversation] = (entry_id, self._clock(), ttl)
        self._last.move_to_end(conversation)
        while len(self._last) > self._max:
            self._last.popitem(last=False)
