"""Texts and embeds of the /faq commands, kept within Discord's limits."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import discord

from bot import limits
from bot.knowledge.errors import KnowledgeError
from bot.knowledge.staleness import StaleItem, describe_age
from bot.moderation import roundtrip
from bot.moderation.changes import AppliedChange, ItemChange, ItemKind
from bot.moderation.gaps import GapGroup
from bot.moderation.importing import KnowledgeDiff
from bot.moderation.labels import LabelOffer
from bot.storage import LabelVerdict, Stats

#: Longest single error line shown; longer ones are cut.
_ERROR_LINE = 300


def error_report(reason: str, errors: Sequence[KnowledgeError]) -> str:
    """The reason, then as many ``file:line: message`` lines as fit, then how many were left out."""
    if not errors:
        return limits.trim(reason, limits.CONTENT)
    reason = limits.trim(reason, limits.CONTENT // 2)
    lines = [limits.trim(str(error), _ERROR_LINE).replace("```", "'''") for error in errors]
    shown = 0
    while shown < len(lines) and len(_error_block(reason, lines, shown + 1)) <= limits.CONTENT:
        shown += 1
    return _error_block(reason, lines, shown)


def _error_block(reason: str, lines: Sequence[str], shown: int) -> str:
    more = len(lines) - shown
    tail = f"\n…and {more} more: run `python -m bot validate` for the full list." if more else ""
    block = "\n```\n" + "\n".join(lines[:shown]) + "\n```" if shown else ""
    return f"{reason}{block}{tail}"


def no_such_entry(entry_id: str) -> str:
    return f"There is no entry `{entry_id}`."


def change_saved(change: AppliedChange) -> str:
    return f"Saved as change #{change.change_id}: {change.summary}. `/faq undo` reverts it."


def _item_text(kind: ItemKind, value: roundtrip.Plain) -> list[str]:
    if value is None:
        return []
    if kind is ItemKind.ENTRY:
        return roundtrip.entry_text(roundtrip.entry_node(value)).splitlines(keepends=True)
    if kind is ItemKind.SYNONYM:
        return [f"- {variant}\n" for variant in value]
    return str(value).splitlines(keepends=True)


def item_diff(item: ItemChange) -> str:
    before, after = _item_text(item.kind, item.before), _item_text(item.kind, item.after)
    label = f"{item.kind}:{item.key}"
    return "".join(difflib.unified_diff(before, after, f"{label} (before)", f"{label} (after)"))


def change_diff(change: AppliedChange) -> str:
    return "\n".join(item_diff(item) for item in change.items)


def audit_message(change: AppliedChange) -> str:
    actor = change.actor
    where = f" in server {actor.guild_id}" if actor.guild_id else ""
    return limits.trim(
        f"Knowledge change #{change.change_id} by {actor.name} ({actor.user_id}){where}: {change.summary}",
        limits.CONTENT,
    )


def fenced(text: str, language: str = "") -> str | None:
    """``text`` in a code block, or None when it would not fit in one message."""
    body = text.rstrip().replace("```", "'''")
    block = f"```{language}\n{body}\n```"
    return block if len(block) <= limits.CONTENT else None


def stats_embed(
    stats: Stats, titles: dict[str, str], unanswered: Sequence[GapGroup] = (), *, chart: str | None = None
) -> discord.Embed:
    """The counts as fields, the most asked entries and unanswered groups as text; ``chart`` names an
    attached image to show under them."""
    embed = discord.Embed(title=f"Questions over the last {stats.days} days")
    embed.add_field(name="Questions asked", value=str(stats.questions))
    embed.add_field(name="Answered", value=f"{stats.answered} ({stats.answered_share:.0%})")
    ratio = stats.helpful_ratio
    votes = stats.helpful + stats.not_helpful
    embed.add_field(
        name="Helpful votes",
        value=f"{ratio:.0%} of {votes} votes" if ratio is not None else "no votes yet",
    )
    if stats.top_entries:
        lines = [
            limits.trim(f"{times}× {titles.get(entry_id, entry_id)} (`{entry_id}`)", 200)
            for entry_id, times in stats.top_entries
        ]
        embed.add_field(
            name="Most asked", value=limits.trim("\n".join(lines), limits.FIELD_VALUE), inline=False
        )
    if unanswered:
        lines = [
            limits.trim(f"{group.count}× “{discord.utils.escape_markdown(group.question)}”", 200)
            for group in unanswered
        ]
        embed.add_field(
            name="Most asked, not answered",
            value=limits.trim("\n".join(lines), limits.FIELD_VALUE),
            inline=False,
        )
    if chart is not None:
        embed.set_image(url=f"attachment://{chart}")
    return embed


def gaps_embed(
    groups: Sequence[GapGroup], days: int, shown: int, offers: Sequence[LabelOffer] = ()
) -> discord.Embed:
    """The groups, each with what askers said about it (``offers`` whose question falls in it)."""
    if not groups:
        return discord.Embed(
            title=f"No gaps in the last {days} days",
            description="Every question was answered and no answer was voted not helpful.",
        )
    lines = []
    for number, group in enumerate(groups[:shown], 1):
        reasons = ", ".join(f"{reason} {count}" for reason, count in group.reasons)
        others = f" (+{len(group.wordings) - 1} wordings)" if len(group.wordings) > 1 else ""
        question = discord.utils.escape_markdown(group.question)
        said = "".join(f"; {_label_said(o)}" for o in offers if o.gap == number)
        lines.append(limits.trim(f"**{number}.** {group.count}× “{question}”{others} — {reasons}{said}", 300))
    description = limits.trim("\n".join(lines), limits.EMBED_DESCRIPTION)
    embed = discord.Embed(title=f"Unanswered questions, last {days} days", description=description)
    embed.set_footer(text=f"{len(groups)} groups. Pick one below to add it to the FAQ.")
    return embed


# ------------------------------------------------------------------ labels (learning from use)

LABELS_TITLE = "What askers told me"
LABELS_HELP = (
    "Add puts a did-you-mean pick into its entry as another wording (audited; /faq undo reverts it). "
    "Dismiss closes a label and changes nothing."
)


def _label_said(offer: LabelOffer) -> str:
    """Short, for a gap's line: "picked `entry` 2×" or "not `entry` 3×"."""
    label = offer.label
    verb = "picked" if label.verdict is LabelVerdict.CHOSEN else "not"
    return f"{verb} `{label.entry_id}` {label.times}×"


def label_line(number: int, offer: LabelOffer) -> str:
    label = offer.label
    question = discord.utils.escape_markdown(limits.one_line(label.question, 200))
    entry = (
        f"“{discord.utils.escape_markdown(limits.one_line(offer.entry_question, 120))}” (`{label.entry_id}`)"
        if offer.entry_question is not None
        else f"`{label.entry_id}` (no longer in the knowledge)"
    )
    if label.verdict is LabelVerdict.CHOSEN:
        said = f"picked {entry} from “did you mean” {label.times}×: add it as a wording of that entry?"
    else:
        said = f"{label.times}× said it is not answered by {entry}"
    where = f" (gap {offer.gap} above)" if offer.gap is not None else ""
    return limits.trim(f"**{number}.** “{question}”: {said}{where}", 400)


def labels_embed(offers: Sequence[LabelOffer], shown: int) -> discord.Embed:
    """The first ``shown`` open labels, numbered like the buttons under them."""
    if not offers:
        return discord.Embed(title=LABELS_TITLE, description="Nothing left to review. Thanks!")
    lines = [label_line(number, offer) for number, offer in enumerate(offers[:shown], 1)]
    embed = discord.Embed(
        title=LABELS_TITLE, description=limits.trim("\n".join(lines), limits.EMBED_DESCRIPTION)
    )
    more = (
        f" Showing {shown} of {len(offers)}; the rest follow as these are handled."
        if len(offers) > shown
        else ""
    )
    embed.set_footer(text=LABELS_HELP + more)
    return embed


def label_dismissed(offer: LabelOffer, closed: bool) -> str:
    if not closed:
        return "Someone already handled that label."
    return limits.trim(
        f"Dismissed: “{limits.one_line(offer.label.question, 200)}” (nothing changed).", limits.CONTENT
    )


def import_preview(path: str, diff: KnowledgeDiff) -> str:
    lines = [f"Importing `{path}` would change:"]
    lines += [f"- {line}" for line in diff.lines()]
    lines.append("Press **Apply** to save it, or **Cancel**.")
    return limits.trim("\n".join(lines), limits.CONTENT)


def stale_embed(items: Sequence[StaleItem], months: int, shown: int) -> discord.Embed:
    """Entries and profiles whose oldest cited fact is older than ``months``, oldest first."""
    embed = discord.Embed(title=f"Cited facts older than {months} months", colour=discord.Colour.orange())
    if not items:
        embed.description = "Every entry and profile cites facts from within the horizon."
        return embed
    lines = [
        f"`{item.id}` ({item.kind}): `{item.oldest.id}`, {item.oldest.date}, "
        f"{describe_age(item.months_old)} old"
        for item in items[:shown]
    ]
    more = len(items) - shown
    if more > 0:
        lines.append(f"...and {more} more: run `python -m bot validate --stale {months}` for the full list.")
    embed.description = limits.trim("\n".join(lines), limits.EMBED_DESCRIPTION)
    return embed
