"""AnswerChannels: the settings until moderators choose, their choice after, re-read now and then."""

from __future__ import annotations

from pathlib import Path

from bot.moderation.answer_channels import AnswerChannels
from bot.storage import ChannelKind, Storage


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_the_settings_apply_until_a_moderator_chooses(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "db.sqlite3")
    try:
        channels = AnswerChannels(storage, {ChannelKind.ASK: frozenset({1})})
        ask = await channels.choice(ChannelKind.ASK)
        assert (ask.channel_ids, ask.from_settings) == (frozenset({1}), True)
        assert await channels.ids(ChannelKind.FORUM) == frozenset()

        assert await channels.change(ChannelKind.ASK, 1, adding=True, moderator_id=9) is False
        assert await storage.answer_channels(ChannelKind.ASK) is None  # nothing changed, nothing stored
        assert await channels.change(ChannelKind.ASK, 1, adding=False, moderator_id=9) is True
        ask = await channels.choice(ChannelKind.ASK)
        assert (ask.channel_ids, ask.from_settings) == (frozenset(), False)
        assert await storage.answer_channels(ChannelKind.ASK) == frozenset()
    finally:
        await storage.close()


async def test_a_change_made_elsewhere_arrives_after_the_refresh(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "db.sqlite3")
    try:
        clock = Clock()
        here = AnswerChannels(storage, {}, refresh_seconds=60, clock=clock)
        elsewhere = AnswerChannels(storage, {})
        assert await here.ids(ChannelKind.FORUM) == frozenset()
        await elsewhere.change(ChannelKind.FORUM, 5, adding=True, moderator_id=9)
        clock.now = 59
        assert await here.ids(ChannelKind.FORUM) == frozenset()
        clock.now = 61
        assert await here.ids(ChannelKind.FORUM) == frozenset({5})
        # A change always starts from what is stored, so it keeps the other process's choice.
        await elsewhere.change(ChannelKind.FORUM, 6, adding=True, moderator_id=9)
        await here.change(ChannelKind.FORUM, 7, adding=True, moderator_id=9)
        assert await storage.answer_channels(ChannelKind.FORUM) == frozenset({5, 6, 7})
    finally:
        await storage.close()
