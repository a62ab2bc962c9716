"""An Answer as a Discord embed, and fitting any embed inside Discord's limits."""

from __future__ import annotations

from collections.abc import Iterable

import discord

from bot import limits
from bot.answers.compose import Answer
from bot.knowledge.models import Source
from bot.matching.result import MatchStatus

STATUS_COLOURS = {
    MatchStatus.ANSWERED: discord.Colour.blurple(),
    MatchStatus.AMBIGUOUS: discord.Colour.gold(),
    MatchStatus.UNSURE: discord.Colour.light_grey(),
}
SOURCES_FIELD = "Sources"


def render_answer_embed(answer: Answer) -> discord.Embed:
    """Title, answer and sources; for "did you mean", the candidate questions listed in full.

    Related questions and a "not sure" answer's closest topics are buttons under the embed
    (bot/ui/answer_components.py), so they are not repeated in it; a "did you mean" menu cuts its
    options at 100 characters, so the embed lists them whole.
    """
    body = answer.body
    if answer.status is MatchStatus.AMBIGUOUS and answer.suggestions:
        body += "\n" + "\n".join(f"• {link.question}" for link in answer.suggestions)
    embed = discord.Embed(
        title=limits.one_line(answer.title, limits.EMBED_TITLE),
        description=limits.trim(body, limits.EMBED_DESCRIPTION),
        colour=STATUS_COLOURS[answer.status],
    )
    if answer.sources:
        embed.add_field(
            name=SOURCES_FIELD, value=format_sources(answer.sources, limits.FIELD_VALUE), inline=False
        )
    if answer.category is not None:
        embed.set_footer(text=limits.one_line(f"Topic: {answer.category}", limits.FOOTER))
    return fit_embed(embed)


def format_sources(sources: Iterable[Source], limit: int) -> str:
    """One linked line per source with its date, trimmed at a line boundary to ``limit``."""
    lines = [f"• [{_link_text(s.title)}]({s.url}) ({s.as_of})" for s in sources]
    return limits.trim("\n".join(lines), limit)


def _link_text(title: str) -> str:
    return discord.utils.escape_markdown(" ".join(title.split())).replace("[", "(").replace("]", ")")


def fit_embed(embed: discord.Embed, total: int = limits.EMBEDS_TOTAL) -> discord.Embed:
    """Trim the longest field values (then the description) until ``len(embed) <= total``.

    Each part is assumed to be within its own limit already; only the 6,000-character sum is enforced.
    Capping the longest values first keeps short fields intact, so a side-by-side comparison stays
    readable and no single field disappears.
    """
    excess = len(embed) - total
    if excess <= 0:
        return embed
    values = [field.value or "" for field in embed.fields]
    cap = _cap_for(list(map(len, values)), excess)
    for index, field in enumerate(embed.fields):
        if len(values[index]) > cap:
            embed.set_field_at(
                index, name=field.name, value=limits.trim(values[index], max(cap, 1)), inline=field.inline
            )
    excess = len(embed) - total
    if excess > 0 and embed.description:
        embed.description = limits.trim(embed.description, max(len(embed.description) - excess, 1))
    return embed


def _cap_for(lengths: list[int], excess: int) -> int:
    """The largest cap whose trimming removes at least ``excess`` characters (0 if none does)."""
    low, high = 0, max(lengths, default=0)
    while low < high:
        middle = (low + high + 1) // 2
        if sum(max(0, length - middle) for length in lengths) >= excess:
            low = middle
        else:
            high = middle - 1
    return low
