"""An Explanation as a Discord embed: the "Why this answer?" reply."""

from __future__ import annotations

import discord

from bot import limits
from bot.matching.explain import Explanation
from bot.rendering.explanation import candidate_line, confidence_line, decision_line, notes
from bot.ui.answer_embed import fit_embed

TITLE = "Why this answer?"
#: Words listed at most; the heaviest decide.
MAX_WORDS = 10


def render_explanation_embed(why: Explanation, *, note: str | None = None) -> discord.Embed:
    """What decided, in the terms `python -m bot ask --explain` prints; ``note`` goes in the footer."""
    lines = [decision_line(why), confidence_line(why), *notes(why)]
    embed = discord.Embed(
        title=TITLE,
        description=limits.trim(discord.utils.escape_markdown("\n".join(lines)), limits.EMBED_DESCRIPTION),
        colour=discord.Colour.dark_teal(),
    )
    if why.words:
        shown = [
            f"{'✅' if w.in_best else ('❔' if not w.known else '▫️')} {discord.utils.escape_markdown(w.word)}"
            f" ({w.weight:.2f})"
            for w in why.words[:MAX_WORDS]
        ]
        embed.add_field(
            name="Words (weight; ✅ used by the answer, ❔ unknown to me)",
            value=limits.trim("\n".join(shown), limits.FIELD_VALUE),
            inline=False,
        )
    candidates = [candidate_line("Best", why.best)] if why.best is not None else []
    candidates.append(candidate_line("Runner-up", why.runner_up) if why.runner_up else "Runner-up: none")
    embed.add_field(
        name="Candidates", value=limits.trim("\n".join(candidates), limits.FIELD_VALUE), inline=False
    )
    if why.features:
        signals = [
            f"{f.label}: {f.value:.2f}" + (f" ({f.contribution:+.2f})" if f.contribution is not None else "")
            for f in why.features
        ]
        embed.add_field(
            name="Confidence model (value, its share of the log-odds)",
            value=limits.trim("\n".join(signals), limits.FIELD_VALUE),
            inline=False,
        )
    if note:
        embed.set_footer(text=limits.trim(note, limits.FOOTER))
    return fit_embed(embed)
