"""Two role profiles side by side as a Discord embed, for /compare."""

from __future__ import annotations

import discord

from bot import limits
from bot.knowledge.citations import sources_of_figures
from bot.knowledge.facts_schema import sources_of
from bot.knowledge.models import ROLE_ASPECTS, RoleProfile, Source
from bot.ui.answer_embed import SOURCES_FIELD, fit_embed, format_sources

OVERVIEW = "overview"
SALARY = "salary"
CHART_FILENAME = "salary-comparison.png"
MISSING_ASPECT = "Not described yet."
_SPACER = "\u200b"


def aspect_title(aspect: str) -> str:
    return OVERVIEW.capitalize() if aspect == OVERVIEW else aspect.replace("_", " ").capitalize()


def render_comparison_embed(
    role_a: RoleProfile, role_b: RoleProfile, aspect: str, *, with_chart: bool = False
) -> discord.Embed:
    """One row per aspect, each row an inline field per role plus an empty one, so every pair shares a row
    (Discord puts three inline fields on a row). The overview has the summary and all seven aspects: 24
    fields, the 6,000-character total enforced by trimming the longest values."""
    embed = discord.Embed(
        title=limits.one_line(f"{role_a.name} vs {role_b.name}: {aspect_title(aspect)}", limits.EMBED_TITLE),
        colour=discord.Colour.teal(),
    )
    for label, left, right in _rows(role_a, role_b, aspect):
        for role, text in ((role_a, left), (role_b, right)):
            embed.add_field(
                name=limits.one_line(f"{role.name}: {label}", limits.FIELD_NAME),
                value=limits.trim(text.strip() or MISSING_ASPECT, limits.FIELD_VALUE),
                inline=True,
            )
        embed.add_field(name=_SPACER, value=_SPACER, inline=True)
    sources = shown_sources(role_a, role_b, aspect, with_chart=with_chart)
    if sources:
        embed.add_field(name=SOURCES_FIELD, value=format_sources(sources, limits.FIELD_VALUE), inline=False)
    if with_chart:
        embed.set_image(url=f"attachment://{CHART_FILENAME}")
    return fit_embed(embed)


def _rows(role_a: RoleProfile, role_b: RoleProfile, aspect: str) -> list[tuple[str, str, str]]:
    aspects = ROLE_ASPECTS if aspect == OVERVIEW else (aspect,)
    rows = [("Summary", role_a.summary, role_b.summary)] if aspect == OVERVIEW else []
    rows += [
        (
            aspect_title(name),
            role_a.aspects.get(name, MISSING_ASPECT),
            role_b.aspects.get(name, MISSING_ASPECT),
        )
        for name in aspects
    ]
    return rows


def shown_sources(
    role_a: RoleProfile, role_b: RoleProfile, aspect: str, *, with_chart: bool = False
) -> tuple[Source, ...]:
    """Only the sources of the figures this view shows: those the shown texts state, then the chart's."""
    texts = [text for _, left, right in _rows(role_a, role_b, aspect) for text in (left, right)]
    from_texts = sources_of_figures(texts, (*role_a.cited, *role_b.cited))
    charted = [fact for role in (role_a, role_b) for fact in role.cited] if with_chart else []
    chart_ids = {figure.fact for role in (role_a, role_b) for figure in role.salary_figures}
    from_chart = sources_of([fact for fact in charted if fact.id in chart_ids])
    return tuple({source.url: source for source in (*from_texts, *from_chart)}.values())
