"""Owner-only maintenance commands, as prefix commands so they never appear in the slash menu."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import discord
from discord.ext import commands

from bot import limits
from bot.command_sync import sync_tree

if TYPE_CHECKING:
    from bot.client import CareerBot

SyncScope = Literal["global", "guild", "clear"]


class Admin(commands.Cog):
    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot

    async def cog_check(self, ctx: commands.Context[Any]) -> bool:
        return await self.bot.is_owner(ctx.author)

    @commands.command(name="sync", hidden=True)
    async def sync(self, ctx: commands.Context[Any], scope: SyncScope = "global") -> None:
        """`sync` publishes slash commands globally; `sync guild` copies them to this guild only;
        `sync clear` removes this guild's copies (left behind by DEV_GUILD_ID) so only globals show."""
        if scope != "global" and ctx.guild is None:
            await ctx.reply(f"`sync {scope}` works in a server, not in DMs.")
            return
        if scope == "clear":
            assert ctx.guild is not None
            self.bot.tree.clear_commands(guild=ctx.guild)
            await self.bot.tree.sync(guild=ctx.guild)
            await ctx.reply("Removed this server's copies of the commands; the global ones remain.")
            return
        guild_id = ctx.guild.id if scope == "guild" and ctx.guild is not None else None
        try:
            synced = await sync_tree(self.bot.tree, guild_id)
        except discord.HTTPException as error:
            refusal = f"Discord refused the sync ({error.status}): {error.text or 'no details'}."
            await ctx.reply(limits.trim(refusal, limits.CONTENT))
            return
        names = ", ".join(f"/{command.name}" for command in synced) or "no commands"
        where = (
            "to this server" if guild_id is not None else "globally (clients may take a while to see them)"
        )
        await ctx.reply(f"Synced {len(synced)} commands {where}: {names}")


async def setup(bot: CareerBot) -> None:
    await bot.add_cog(Admin(bot))
