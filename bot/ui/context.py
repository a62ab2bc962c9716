"""What a component callback reaches through ``interaction.client``."""

from __future__ import annotations

import discord

from bot.service import AnswerService
from bot.storage import Storage


def service_of(client: discord.Client) -> AnswerService:
    service = getattr(client, "service", None)
    if not isinstance(service, AnswerService):
        raise RuntimeError("the client has no AnswerService; components need a CareerBot")
    return service


def storage_of(client: discord.Client) -> Storage | None:
    """The database, opened as ``bot.storage`` by ``CareerBot.setup_hook``; None before that."""
    storage = getattr(client, "storage", None)
    return storage if isinstance(storage, Storage) else None
