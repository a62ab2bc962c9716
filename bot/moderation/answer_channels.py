"""Where the bot answers on its own: ask channels and forums, as moderators chose them with
/faq channels, or the settings (ASK_CHANNEL_IDS, FORUM_CHANNEL_IDS) until they choose.

Every message asks "is this an answer channel?", so the choice is kept in memory and read again from
storage at most every ``refresh_seconds``: a change made in another process arrives within that time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from bot.storage import ChannelKind

REFRESH_SECONDS = 60.0


class ChannelStore(Protocol):
    async def answer_channels(self, kind: ChannelKind) -> frozenset[int] | None: ...
    async def set_answer_channels(
        self, kind: ChannelKind, channel_ids: frozenset[int], *, moderator_id: int
    ) -> None: ...


@dataclass(frozen=True, slots=True)
class ChannelChoice:
    kind: ChannelKind
    channel_ids: frozenset[int]
    from_settings: bool  # moderators never chose: these are the settings' defaults


class AnswerChannels:
    def __init__(
        self,
        store: ChannelStore,
        defaults: Mapping[ChannelKind, frozenset[int]],
        *,
        refresh_seconds: float = REFRESH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._defaults = {kind: frozenset(defaults.get(kind, frozenset())) for kind in ChannelKind}
        self._refresh = refresh_seconds
        self._clock = clock
        self._known: dict[ChannelKind, tuple[ChannelChoice, float]] = {}

    async def choice(self, kind: ChannelKind, *, fresh: bool = False) -> ChannelChoice:
        """The current choice; ``fresh`` reads storage even when the one in memory is recent."""
        known = self._known.get(kind)
        if not fresh and known is not None and self._clock() - known[1] < self._refresh:
            return known[0]
        stored = await self._store.answer_channels(kind)
        if stored is None:
            choice = ChannelChoice(kind, self._defaults[kind], from_settings=True)
        else:
            choice = ChannelChoice(kind, stored, from_settings=False)
        self._known[kind] = (choice, self._clock())
        return choice

    async def ids(self, kind: ChannelKind) -> frozenset[int]:
        return (await self.choice(kind)).channel_ids

    async def change(self, kind: ChannelKind, channel_id: int, *, adding: bool, moderator_id: int) -> bool:
        """Add or remove one channel; False when it was already so (nothing is stored then)."""
        current = (await self.choice(kind, fresh=True)).channel_ids
        wanted = current | {channel_id} if adding else current - {channel_id}
        if wanted == current:
            return False
        await self._store.set_answer_channels(kind, wanted, moderator_id=moderator_id)
        self._known[kind] = (ChannelChoice(kind, wanted, from_settings=False), self._clock())
        return True
