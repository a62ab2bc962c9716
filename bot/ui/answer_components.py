"""The components under an answer, and showing an answer when one of them is used.

Every item is a ``DynamicItem`` with a stable custom_id, so the buttons of a message sent before a
restart still work: the client registers the classes (bot/ui/registry.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, Self

import discord

from bot import limits
from bot.answers.compose import Answer, Link
from bot.matching.result import MatchStatus
from bot.service import EntryChoice, conversation_key
from bot.storage import LabelVerdict
from bot.ui.answer_embed import render_answer_embed
from bot.ui.context import service_of
from bot.ui.entry_button import EntryButton
from bot.ui.feedback import learn_quietly, vote_buttons
from bot.ui.forum_threads import conversation_ttl_in
from bot.ui.replies import NO_MENTIONS, run_safely, send_private
from bot.ui.why_button import WhyButton

OPEN_PREFIX = "careerbot:open:"
PICK_CUSTOM_ID = "careerbot:pick"
ENTRY_GONE = "That question is no longer in my knowledge base. Try `/topics` to browse what I know."
MAX_SUGGESTION_BUTTONS = 5


class OpenEntryButton(EntryButton, prefix=OPEN_PREFIX):
    """A related question or a suggestion: clicking it shows that entry's answer."""

    def __init__(
        self,
        entry_id: str,
        label: str,
        *,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        row: int | None = None,
    ) -> None:
        super().__init__(entry_id, label=label, style=style, row=row)

    @classmethod
    def _rebuilt(cls, entry_id: str, clicked: discord.ui.Button[Any]) -> Self:
        return cls(entry_id, clicked.label or "", style=clicked.style)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await run_safely(interaction, lambda: open_entry(interaction, self.entry_id), f"Open {self.entry_id}")


class DidYouMeanSelect(
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=re.escape(PICK_CUSTOM_ID) + r"(?::(?P<question_id>[0-9]+))?",
):
    """The candidates of an ambiguous question; picking one shows its answer, and the asker's pick is
    kept as a label (bot/moderation/labels.py) when the select carries the logged question's id."""

    def __init__(
        self, options: list[discord.SelectOption], *, question_id: int | None = None, row: int | None = None
    ) -> None:
        custom_id = PICK_CUSTOM_ID if question_id is None else f"{PICK_CUSTOM_ID}:{question_id}"
        super().__init__(
            discord.ui.Select(custom_id=custom_id, placeholder="Did you mean...?", options=options),
            row=row,
        )
        self.question_id = question_id

    @classmethod
    def for_links(
        cls, links: Iterable[Link], *, question_id: int | None = None, row: int | None = None
    ) -> DidYouMeanSelect:
        options = [
            discord.SelectOption(
                label=limits.one_line(link.question, limits.SELECT_OPTION_LABEL), value=link.entry_id
            )
            for link in links
            if len(link.entry_id) <= limits.SELECT_OPTION_VALUE
        ]
        return cls(options[: limits.SELECT_OPTIONS], question_id=question_id, row=row)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> DidYouMeanSelect:
        assert isinstance(item, discord.ui.Select)
        question_id = int(match["question_id"]) if match["question_id"] else None
        return cls(item.options, question_id=question_id)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        entry_id = self.item.values[0] if self.item.values else ""
        await run_safely(interaction, lambda: self._pick(interaction, entry_id), f"Pick {entry_id}")

    async def _pick(self, interaction: discord.Interaction[Any], entry_id: str) -> None:
        shown = await open_entry(interaction, entry_id, question_id=self.question_id)
        if shown and self.question_id is not None:
            await learn_quietly(interaction, self.question_id, entry_id, LabelVerdict.CHOSEN)


def answer_view(
    answer: Answer, *, question_id: int | None = None, extra: Sequence[discord.ui.Item[Any]] = ()
) -> discord.ui.View:
    """Related questions and votes for an answer, a select for "did you mean", suggestion buttons for
    "not sure"; "Why this answer?" when the question was logged (``question_id``, its row in the
    question log); then ``extra`` items (the /topics browser)."""
    view = discord.ui.View(timeout=None)
    if answer.status is MatchStatus.ANSWERED:
        for link in OpenEntryButton.fitting(answer.related):
            view.add_item(OpenEntryButton(link.entry_id, link.question, row=0))
        if answer.entry_id is not None:
            for button in vote_buttons(answer.entry_id, row=1, question_id=question_id):
                view.add_item(button)
    elif answer.status is MatchStatus.AMBIGUOUS and answer.suggestions:
        view.add_item(DidYouMeanSelect.for_links(answer.suggestions, question_id=question_id, row=0))
    else:
        for link in OpenEntryButton.fitting(answer.suggestions)[:MAX_SUGGESTION_BUTTONS]:
            view.add_item(
                OpenEntryButton(link.entry_id, link.question, style=discord.ButtonStyle.primary, row=0)
            )
    if question_id is not None:
        view.add_item(WhyButton(question_id, row=1))
    for item in extra:
        view.add_item(item)
    return view


async def open_entry(
    interaction: discord.Interaction[Any], entry_id: str, *, question_id: int | None = None
) -> bool:
    """Show the entry's answer; False when the entry is gone. ``question_id``: the logged question it
    answers (a "did you mean" pick), so its buttons can explain it and learn from a vote."""
    conversation = conversation_key(interaction.channel_id, interaction.user.id)
    answer = service_of(interaction.client).respond(
        EntryChoice(entry_id),
        conversation=conversation,
        conversation_ttl=conversation_ttl_in(interaction.channel),
    )
    if answer is None:
        await send_private(interaction, ENTRY_GONE)
        return False
    await show_answer(interaction, answer, question_id=question_id)
    return True


async def show_answer(
    interaction: discord.Interaction[Any],
    answer: Answer,
    *,
    question_id: int | None = None,
    extra: Sequence[discord.ui.Item[Any]] = (),
) -> None:
    """Replace the message's answer when the clicker is known to have asked the question (or the message
    is private), otherwise answer the clicker privately, so nobody rewrites someone else's answer in a
    channel; that includes an answer whose question was deleted, since then the asker is unknown."""
    embed = render_answer_embed(answer)
    view = answer_view(answer, question_id=question_id, extra=extra)
    if _may_replace(interaction):
        await interaction.response.edit_message(content=None, embed=embed, view=view, attachments=[])
    else:
        await interaction.response.send_message(
            embed=embed, view=view, ephemeral=True, allowed_mentions=NO_MENTIONS
        )


def _may_replace(interaction: discord.Interaction[Any]) -> bool:
    message = interaction.message
    if message is None:
        return False
    if message.flags.ephemeral:
        return True
    return _asker_id(message) == interaction.user.id


def _asker_id(message: discord.Message) -> int | None:
    if message.interaction_metadata is not None:
        return message.interaction_metadata.user.id
    reference = message.reference
    if reference is not None and isinstance(reference.resolved, discord.Message):
        return reference.resolved.author.id
    return None
