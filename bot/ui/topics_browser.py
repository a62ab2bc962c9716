"""The /topics browser: a select of categories, then a select of that category's questions."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot import limits
from bot.knowledge.models import KnowledgeSnapshot
from bot.service import EntryChoice, conversation_key
from bot.ui.answer_components import show_answer
from bot.ui.context import service_of
from bot.ui.replies import run_safely, send_private
from bot.ui.topics_embed import category_title, render_category_embed

CATEGORY_CUSTOM_ID = "careerbot:topics:category"
ENTRY_CUSTOM_ID = "careerbot:topics:entry"
TOPIC_GONE = "That topic is no longer in my knowledge base. Run `/topics` again to see the current ones."
QUESTION_GONE = (
    "That question is no longer in my knowledge base. Run `/topics` again to see the current ones."
)


class CategorySelect(discord.ui.DynamicItem[discord.ui.Select[Any]], template=re.escape(CATEGORY_CUSTOM_ID)):
    def __init__(self, options: list[discord.SelectOption], *, row: int | None = None) -> None:
        super().__init__(
            discord.ui.Select(custom_id=CATEGORY_CUSTOM_ID, placeholder="Pick a topic", options=options),
            row=row,
        )

    @classmethod
    def for_snapshot(
        cls, snapshot: KnowledgeSnapshot, *, selected: str | None = None, row: int | None = None
    ) -> CategorySelect:
        options = [
            discord.SelectOption(
                label=limits.one_line(category_title(category), limits.SELECT_OPTION_LABEL),
                value=category,
                default=category == selected,
            )
            for category in snapshot.categories
            if len(category) <= limits.SELECT_OPTION_VALUE
        ]
        return cls(options[: limits.SELECT_OPTIONS], row=row)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> CategorySelect:
        assert isinstance(item, discord.ui.Select)
        return cls(item.options)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        category = self.item.values[0] if self.item.values else ""
        await run_safely(interaction, lambda: self._show(interaction, category), f"Topic {category}")

    async def _show(self, interaction: discord.Interaction[Any], category: str) -> None:
        snapshot = service_of(interaction.client).snapshot
        entries = snapshot.entries_in(category)
        if not entries:
            await send_private(interaction, TOPIC_GONE)
            return
        shown = min(len(entries), limits.SELECT_OPTIONS)
        await interaction.response.edit_message(
            embed=render_category_embed(category, entries, shown=shown),
            view=category_view(snapshot, category),
        )


class EntrySelect(discord.ui.DynamicItem[discord.ui.Select[Any]], template=re.escape(ENTRY_CUSTOM_ID)):
    def __init__(self, options: list[discord.SelectOption], *, row: int | None = None) -> None:
        super().__init__(
            discord.ui.Select(custom_id=ENTRY_CUSTOM_ID, placeholder="Pick a question", options=options),
            row=row,
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> EntrySelect:
        assert isinstance(item, discord.ui.Select)
        return cls(item.options)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        entry_id = self.item.values[0] if self.item.values else ""
        await run_safely(interaction, lambda: self._show(interaction, entry_id), f"Topic entry {entry_id}")

    async def _show(self, interaction: discord.Interaction[Any], entry_id: str) -> None:
        service = service_of(interaction.client)
        conversation = conversation_key(interaction.channel_id, interaction.user.id)
        answer = service.respond(EntryChoice(entry_id), conversation=conversation)
        if answer is None:
            await send_private(interaction, QUESTION_GONE)
            return
        browse = CategorySelect.for_snapshot(service.snapshot, selected=answer.category, row=2)
        await show_answer(interaction, answer, extra=[browse])


def topics_view(snapshot: KnowledgeSnapshot) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    if snapshot.categories:
        view.add_item(CategorySelect.for_snapshot(snapshot, row=0))
    return view


def category_view(snapshot: KnowledgeSnapshot, category: str) -> discord.ui.View:
    entries = [e for e in snapshot.entries_in(category) if len(e.id) <= limits.SELECT_OPTION_VALUE]
    options = [
        discord.SelectOption(label=limits.one_line(e.question, limits.SELECT_OPTION_LABEL), value=e.id)
        for e in entries[: limits.SELECT_OPTIONS]
    ]
    view = discord.ui.View(timeout=None)
    view.add_item(CategorySelect.for_snapshot(snapshot, selected=category, row=0))
    if options:
        view.add_item(EntrySelect(options, row=1))
    return view
