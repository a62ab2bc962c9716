"""Publishing the slash commands to Discord, a deliberate act rather than something every start does.

Global commands take a while to reach every client and their sync is rate limited, so they are synced
only when they change: `python -m bot sync` (this module) or the owner's `sync` prefix command.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.client import CareerBot, discord_endpoints
from bot.config import Settings, SettingsError

if TYPE_CHECKING:
    from bot.service import AnswerService

log = logging.getLogger(__name__)


async def sync_tree(tree: app_commands.CommandTree, guild_id: int | None) -> list[app_commands.AppCommand]:
    """Sync the global commands globally, or, with `guild_id`, a copy of them to that guild only."""
    if guild_id is None:
        return await tree.sync()
    guild = discord.Object(guild_id)
    tree.copy_global_to(guild=guild)
    return await tree.sync(guild=guild)


async def sync_commands(settings: Settings, service: AnswerService, guild_id: int | None) -> list[str]:
    """Log in over REST only (no gateway), load every extension, sync, and return the command names."""
    if settings.discord_token is None:
        raise SettingsError(["DISCORD_TOKEN must be set to sync commands with Discord"])
    with discord_endpoints(settings):
        async with CareerBot(settings, service, sync_dev_guild=False) as bot:
            await bot.login(settings.discord_token)
            synced = await sync_tree(bot.tree, guild_id)
    where = "globally" if guild_id is None else f"to guild {guild_id}"
    log.info("Synced %d commands %s", len(synced), where)
    return [command.name for command in synced]
