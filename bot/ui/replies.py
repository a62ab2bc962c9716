"""Replying to an interaction whether or not it was answered already, and the apology for failures."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot import limits
from bot.storage import StorageUnavailable

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
APOLOGY = "Sorry, something went wrong on my side while doing that. Please try again in a moment."


async def send_private(interaction: discord.Interaction[Any], content: str) -> None:
    """An ephemeral message, as the response or as a follow-up when the response was already sent."""
    if interaction.response.is_done():
        await interaction.followup.send(content, ephemeral=True, allowed_mentions=NO_MENTIONS)
    else:
        await interaction.response.send_message(content, ephemeral=True, allowed_mentions=NO_MENTIONS)


def storage_unavailable_text(unavailable: StorageUnavailable) -> str:
    """Not a bug but the database away (storage logged it once); said plainly instead of an apology."""
    return f"Sorry, that can't be done right now: {unavailable}."[: limits.CONTENT]


async def apologise(interaction: discord.Interaction[Any]) -> None:
    """Tell the user it failed; never raises, since it runs while handling another error."""
    try:
        await send_private(interaction, APOLOGY)
    except discord.HTTPException:
        log.warning("Could not send the apology for interaction %s", interaction.id, exc_info=True)


async def run_safely(
    interaction: discord.Interaction[Any], callback: Callable[[], Awaitable[None]], what: str
) -> None:
    """Run a component callback; on an error, log the traceback and apologise instead of going silent."""
    try:
        await callback()
    except StorageUnavailable as unavailable:
        log.warning("%s refused (interaction %s): %s", what, interaction.id, unavailable)
        try:
            await send_private(interaction, storage_unavailable_text(unavailable))
        except discord.HTTPException:
            log.warning("Could not tell interaction %s that storage is unavailable", interaction.id)
    except Exception:
        log.exception("%s failed (interaction %s)", what, interaction.id)
        await apologise(interaction)
