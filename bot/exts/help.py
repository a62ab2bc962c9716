"""`/help`: what the bot can do, with examples."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.ui.replies import NO_MENTIONS

if TYPE_CHECKING:
    from bot.client import CareerBot

ABOUT = (
    "I answer questions about careers in **AI engineering** and **machine-learning engineering**: "
    "what the roles do, skills, education, salaries, industries, tools and where the fields are going. "
    "My answers come from a curated knowledge base; figures always name their source and year."
)


def render_help_embed(bot_mention: str) -> discord.Embed:
    embed = discord.Embed(title="What I can do", description=ABOUT, colour=discord.Colour.blurple())
    embed.add_field(
        name="Ask a question",
        value=(
            f"Mention me: {bot_mention} what does an AI engineer do?\n"
            "Or send me a direct message, or use `/ask question: how much do ML engineers earn?` "
            "(`private: True` shows the answer only to you). "
            "Follow-ups like *and for ML engineers?* work too."
        ),
        inline=False,
    )
    embed.add_field(
        name="/compare",
        value=(
            "Two roles side by side: `/compare role_a: AI engineer role_b: ML engineer aspect: Salary`. "
            "The salary comparison comes with a chart of sourced figures."
        ),
        inline=False,
    )
    embed.add_field(name="/topics", value="Browse every question I can answer, topic by topic.", inline=False)
    embed.add_field(
        name="Buttons under an answer",
        value=(
            "Related questions open their answer; **Helpful** / **Not helpful** tell the moderators "
            "which answers to improve. When I'm not sure, I say so and suggest the closest topics."
        ),
        inline=False,
    )
    return embed


class Help(commands.Cog):
    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="What I can do, with examples")
    async def help(self, interaction: discord.Interaction[CareerBot]) -> None:
        mention = self.bot.user.mention if self.bot.user is not None else "@careerbot"
        await interaction.response.send_message(
            embed=render_help_embed(mention), ephemeral=True, allowed_mentions=NO_MENTIONS
        )


async def setup(bot: CareerBot) -> None:
    await bot.add_cog(Help(bot))
