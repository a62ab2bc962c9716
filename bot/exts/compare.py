"""`/compare`: two roles side by side, one aspect or all of them; the salary aspect adds a chart."""

from __future__ import annotations

import asyncio
from io import BytesIO
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import limits
from bot.knowledge.models import ROLE_ASPECTS, KnowledgeSnapshot, RoleProfile
from bot.rendering.salary_chart import render_salary_chart
from bot.ui.comparison_embed import CHART_FILENAME, OVERVIEW, SALARY, aspect_title, render_comparison_embed
from bot.ui.replies import NO_MENTIONS, send_private

if TYPE_CHECKING:
    from bot.client import CareerBot

DEFAULT_ROLES = ("ai-engineer", "ml-engineer")
ASPECTS = (OVERVIEW, *ROLE_ASPECTS)
ASPECT_CHOICES = [
    app_commands.Choice(name="Overview (every aspect)" if a == OVERVIEW else aspect_title(a), value=a)
    for a in ASPECTS
]
TOO_FEW_ROLES = "I don't have two role profiles to compare yet. Try `/ask` with your question instead."
SAME_ROLE = "Those are the same role. Pick two different roles, for example AI engineer and ML engineer."


class Compare(commands.Cog):
    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot

    @app_commands.command(name="compare", description="Compare two roles side by side")
    @app_commands.describe(
        role_a="The first role (default: AI engineer)",
        role_b="The second role (default: ML engineer)",
        aspect="What to compare (default: an overview of everything)",
    )
    @app_commands.choices(aspect=ASPECT_CHOICES)
    async def compare(
        self,
        interaction: discord.Interaction[CareerBot],
        role_a: str | None = None,
        role_b: str | None = None,
        aspect: str = OVERVIEW,
    ) -> None:
        snapshot = self.bot.service.snapshot
        if len(snapshot.roles) < 2:
            await send_private(interaction, TOO_FEW_ROLES)
            return
        first, second = _default_pair(snapshot)
        picked_a = _find_role(snapshot, role_a) if role_a else first
        picked_b = _find_role(snapshot, role_b) if role_b else second
        if picked_a is None or picked_b is None or aspect not in ASPECTS:
            await send_private(interaction, _unknown_choice(snapshot, role_a, role_b, picked_a, picked_b))
            return
        if picked_a.id == picked_b.id:
            await send_private(interaction, SAME_ROLE)
            return
        if aspect != SALARY:
            embed = render_comparison_embed(picked_a, picked_b, aspect)
            await interaction.response.send_message(embed=embed, allowed_mentions=NO_MENTIONS)
            return
        await interaction.response.defer(thinking=True)
        png = await asyncio.to_thread(render_salary_chart, (picked_a, picked_b))
        embed = render_comparison_embed(picked_a, picked_b, aspect, with_chart=png is not None)
        if png is None:
            await interaction.followup.send(embed=embed, allowed_mentions=NO_MENTIONS)
        else:
            chart = discord.File(BytesIO(png), filename=CHART_FILENAME, description="Sourced salary figures")
            await interaction.followup.send(embed=embed, file=chart, allowed_mentions=NO_MENTIONS)

    @compare.autocomplete("role_a")
    @compare.autocomplete("role_b")
    async def role_autocomplete(
        self, interaction: discord.Interaction[CareerBot], current: str
    ) -> list[app_commands.Choice[str]]:
        typed = current.casefold().strip()
        return [
            app_commands.Choice(name=limits.one_line(role.name, limits.CHOICE_NAME) or role.id, value=role.id)
            for role in self.bot.service.snapshot.roles
            if len(role.id) <= limits.CHOICE_VALUE and (typed in role.name.casefold() or typed in role.id)
        ][: limits.CHOICES]


def _default_pair(snapshot: KnowledgeSnapshot) -> tuple[RoleProfile, RoleProfile]:
    preferred = [role for role in map(snapshot.role, DEFAULT_ROLES) if role is not None]
    others = [role for role in snapshot.roles if role not in preferred]
    first, second = (preferred + others)[:2]
    return first, second


def _find_role(snapshot: KnowledgeSnapshot, typed: str) -> RoleProfile | None:
    """By id (what autocomplete sends) or by name, ignoring case (what someone may type instead)."""
    wanted = " ".join(typed.split()).casefold()
    return snapshot.role(wanted) or next((r for r in snapshot.roles if r.name.casefold() == wanted), None)


def _unknown_choice(
    snapshot: KnowledgeSnapshot,
    role_a: str | None,
    role_b: str | None,
    picked_a: RoleProfile | None,
    picked_b: RoleProfile | None,
) -> str:
    known = ", ".join(role.name for role in snapshot.roles)
    unknown = [
        typed for typed, picked in ((role_a, picked_a), (role_b, picked_b)) if typed and picked is None
    ]
    if not unknown:
        return f"Please pick one of the listed aspects. I can compare: {known}."
    shown = discord.utils.escape_mentions(discord.utils.escape_markdown(limits.one_line(unknown[0], 100)))
    return f"I don't have a profile for “{shown}”. I can compare: {known}."


async def setup(bot: CareerBot) -> None:
    await bot.add_cog(Compare(bot))
