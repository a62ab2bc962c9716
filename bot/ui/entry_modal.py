"""The add/edit form: five text inputs, Discord's maximum for a modal."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import discord

from bot import limits
from bot.knowledge.faq_schema import MAX_ALTERNATE, MAX_QUESTION
from bot.moderation.changes import EntryForm
from bot.moderation.roundtrip import Plain

CATEGORY_INPUT = 60

Submit = Callable[[discord.Interaction[Any], EntryForm], Awaitable[None]]


def too_long_for_form(value: Mapping[str, Plain]) -> str | None:
    """The field that would not fit in its text input; editing it in the form would cut it."""
    fields = {
        "alternates": ("\n".join(value.get("alternates") or []), limits.TEXT_INPUT),
        "answer": (value.get("answer") or "", limits.TEXT_INPUT),
        "category": (value.get("category") or "", CATEGORY_INPUT),
        "related": (", ".join(value.get("related") or []), limits.TEXT_INPUT),
    }
    return next((name for name, (text, limit) in fields.items() if len(text) > limit), None)


def prefill_from_wordings(wordings: Sequence[str]) -> dict[str, Plain]:
    """A new entry's form filled from asked wordings (the first is the question), within the inputs'
    limits: the question is cut, a wording too long to be an alternate is left out, and alternates
    stop where the input is full."""
    alternates: list[str] = []
    room = limits.TEXT_INPUT
    for wording in wordings[1:]:
        needed = len(wording) + (1 if alternates else 0)
        if len(wording) <= MAX_ALTERNATE and needed <= room:
            alternates.append(wording)
            room -= needed
    return {"question": limits.trim(wordings[0], MAX_QUESTION), "alternates": alternates}


class EntryModal(discord.ui.Modal):
    def __init__(self, title: str, on_submit: Submit, value: Mapping[str, Plain] | None = None) -> None:
        super().__init__(title=limits.trim(title, limits.MODAL_TITLE), timeout=15 * 60)
        value = value or {}
        self._submit = on_submit
        self.question = discord.ui.TextInput(
            label="Question", max_length=MAX_QUESTION, default=value.get("question") or None
        )
        self.alternates = discord.ui.TextInput(
            label="Other ways to ask it (one per line)",
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=limits.TEXT_INPUT,
            default="\n".join(value.get("alternates") or []) or None,
        )
        self.answer = discord.ui.TextInput(
            label="Answer (Discord markdown)",
            style=discord.TextStyle.paragraph,
            max_length=limits.TEXT_INPUT,
            default=value.get("answer") or None,
        )
        self.category = discord.ui.TextInput(
            label="Category (file name, e.g. salary)",
            max_length=CATEGORY_INPUT,
            default=value.get("category") or None,
        )
        self.related = discord.ui.TextInput(
            label="Related entry ids (comma separated)",
            required=False,
            max_length=limits.TEXT_INPUT,
            default=", ".join(value.get("related") or []) or None,
        )
        for item in (self.question, self.alternates, self.answer, self.category, self.related):
            self.add_item(item)

    def form(self) -> EntryForm:
        return EntryForm(
            question=self.question.value,
            alternates=self.alternates.value,
            answer=self.answer.value,
            category=self.category.value,
            related=self.related.value,
        )

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await self._submit(interaction, self.form())
