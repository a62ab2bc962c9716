"""A per-user limit on questions: at most ``rate`` answered questions in any ``per`` seconds."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from datetime import timedelta

import discord

PRUNE_ABOVE = 10_000


class QuestionCooldown:
    """Sliding window per user, shared by mentions and /ask. Refused questions do not count."""

    def __init__(self, rate: int, per: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.per = per
        self._clock = clock
        self._asked: dict[int, deque[float]] = {}
        self._told: dict[int, float] = {}

    def hit(self, user_id: int) -> float | None:
        """Count a question and return None, or refuse it and return the seconds until one is allowed."""
        now = self._clock()
        asked = self._asked.setdefault(user_id, deque(maxlen=self.rate))
        while asked and now - asked[0] >= self.per:
            asked.popleft()
        if len(asked) >= self.rate:
            return self.per - (now - asked[0])
        asked.append(now)
        if len(self._asked) > PRUNE_ABOVE:
            self._prune(now)
        return None

    def first_refusal(self, user_id: int, retry_after: float) -> bool:
        """True once per refused window: a flood of mentions gets one notice, not one per message."""
        now = self._clock()
        if self._told.get(user_id, 0.0) > now:
            return False
        self._told[user_id] = now + retry_after
        return True

    def _prune(self, now: float) -> None:
        for user_id in [u for u, asked in self._asked.items() if not asked or now - asked[-1] >= self.per]:
            del self._asked[user_id]
        for user_id in [u for u, until in self._told.items() if until <= now]:
            del self._told[user_id]


def cooldown_notice(cooldown: QuestionCooldown, retry_after: float) -> str:
    """A friendly refusal; the Discord timestamp shows each reader "in 42 seconds" in their own client."""
    retry_at = discord.utils.utcnow() + timedelta(seconds=retry_after)
    seconds = math.ceil(retry_after)
    return (
        f"You're asking faster than I can keep up: I answer {cooldown.rate} questions per person every "
        f"{cooldown.per:g} seconds. Please try again {discord.utils.format_dt(retry_at, 'R')} "
        f"(in about {seconds} second{'s' if seconds != 1 else ''})."
    )
