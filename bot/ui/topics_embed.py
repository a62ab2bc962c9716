"""Embeds for browsing the knowledge by category (/topics)."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot import limits
from bot.knowledge.models import Entry, KnowledgeSnapshot


def category_title(category: str) -> str:
    return category.replace("-", " ").replace("_", " ").capitalize()


def render_topics_embed(snapshot: KnowledgeSnapshot) -> discord.Embed:
    lines = [
        f"**{category_title(category)}**: {_count(len(snapshot.entries_in(category)))}"
        for category in snapshot.categories
    ]
    intro = "Pick a topic below to see its questions, then pick a question to read the answer."
    return discord.Embed(
        title="Browse topics",
        description=limits.trim("\n".join([intro, "", *lines]), limits.EMBED_DESCRIPTION),
        colour=discord.Colour.blurple(),
    )


def render_category_embed(category: str, entries: Sequence[Entry], *, shown: int) -> discord.Embed:
    """The questions of one category; ``shown`` of them fit in the select menu."""
    lines = [f"{number}. {entry.question}" for number, entry in enumerate(entries, 1)]
    embed = discord.Embed(
        title=limits.one_line(category_title(category), limits.EMBED_TITLE),
        description=limits.trim("\n".join(lines), limits.EMBED_DESCRIPTION),
        colour=discord.Colour.blurple(),
    )
    if shown < len(entries):
        embed.set_footer(text=f"The menu lists the first {shown}; ask me about the others by mentioning me.")
    return embed


def _count(n: int) -> str:
    return f"{n} question" if n == 1 else f"{n} questions"
