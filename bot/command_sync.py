"""Publishing the slash commands to Discord, a deliberate act rather than something every start does.

Global commands take a while to reach every client and their sync is rate limited, so they are synced
only when they change: `python -m bot sync` (``bot.client.sync_commands``) or the owner's `sync`
prefix command (bot/exts/admin.py).
"""

from __future__ import annotations

import discord
from discord import app_commands


async def sync_tree(tree: app_commands.CommandTree, guild_id: int | None) -> list[app_commands.AppCommand]:
    """Sync the global commands globally, or, with `guild_id`, a copy of them to that guild only."""
    if guild_id is None:
        return await tree.sync()
    guild = discord.Object(guild_id)
    tree.copy_global_to(guild=guild)
    return await tree.sync(guild=guild)
