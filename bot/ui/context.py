"""What a component callback reaches through ``interaction.client``."""

from __future__ import annotations

import discord

from bot.service import AnswerService
from bot.storage import ChannelKind, Storage


def service_of(client: discord.Client) -> AnswerService:
    service = getattr(client, "service", None)
    if not isinstance(service, AnswerService):
        raise RuntimeError("the client has no AnswerService; components need a CareerBot")
    return service


def storage_of(client: discord.Client) -> Storage | None:
    """The database, opened as ``bot.storage`` by ``CareerBot.setup_hook``; None before that."""
    storage = getattr(client, "storage", None)
    return storage if isinstance(storage, Storage) else None


async def answer_channels_of(client: discord.Client, kind: ChannelKind) -> frozenset[int]:
    """Where the bot answers on its own: moderators' choice (/faq channels), else the settings'."""
    desk = getattr(client, "desk", None)
    if desk is not None:
        return await desk.channels.ids(kind)
    settings = client.settings  # type: ignore[attr-defined]
    return settings.ask_channel_ids if kind is ChannelKind.ASK else settings.forum_channel_ids
