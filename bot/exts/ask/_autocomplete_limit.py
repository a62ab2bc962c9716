"""A per-user budget on /ask autocomplete requests: Discord sends one per keystroke, with no cooldown
of its own, and nothing stops a client from sending hundreds a second."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

#: A burst of this many requests, then this many a second: quicker than anyone types (a fast typist
#: sends 8-10 keystrokes a second for a moment), slow enough that one user costs little (about 2 ms a
#: request on an idle core).
BURST = 10
PER_SECOND = 5.0
PRUNE_ABOVE = 10_000

Choices = list[tuple[str, str]]


@dataclass(slots=True)
class _Budget:
    tokens: float
    at: float
    last: Choices = field(default_factory=list)


class AutocompleteLimit:
    """A token bucket per user; a request over budget gets that user's previous suggestions again."""

    def __init__(
        self,
        burst: int = BURST,
        per_second: float = PER_SECOND,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.burst = burst
        self.per_second = per_second
        self._clock = clock
        self._budgets: dict[int, _Budget] = {}

    def choices(self, user_id: int, compute: Callable[[], Choices]) -> Choices:
        """``compute()`` when the user has budget left, else what it returned last time for them."""
        now = self._clock()
        budget = self._budgets.get(user_id)
        if budget is None:
            if len(self._budgets) > PRUNE_ABOVE:
                self._prune(now)
            budget = self._budgets[user_id] = _Budget(float(self.burst), now)
        budget.tokens = min(self.burst, budget.tokens + (now - budget.at) * self.per_second)
        budget.at = now
        if budget.tokens < 1:
            return budget.last
        budget.tokens -= 1
        budget.last = compute()
        return budget.last

    def _prune(self, now: float) -> None:
        """Forget users whose budget is full again: they would start from a full bucket anyway."""
        full = [
            u for u, b in self._budgets.items() if b.tokens + (now - b.at) * self.per_second >= self.burst
        ]
        for user_id in full:
            del self._budgets[user_id]
