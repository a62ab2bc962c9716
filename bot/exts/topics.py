"""`/topics`: browse the knowledge by category, then read any question's answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.ui.replies import NO_MENTIONS, send_private
from bot.ui.topics_browser import topics_view
from bot.ui.topics_embed import render_topics_embed

if TYPE_CHECKING:
    from bot.client import CareerBot

NOTHING_LOADED = "I have no topics loaded right now. Please try again later."


class Topics(commands.Cog):
    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot

    @app_commands.command(name="topics", description="Browse everything I can answer, by topic")
    async def topics(self, interaction: discord.Interaction[CareerBot]) -> None:
        snapshot = self.bot.service.snapshot
        if not snapshot.entries:
            await send_private(interaction, NOTHING_LOADED)
            return
        await interaction.response.send_message(
            embed=render_topics_embed(snapshot),
            view=topics_view(snapshot),
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )


async def setup(bot: CareerBot) -> None:
    await bot.add_cog(Topics(bot))
