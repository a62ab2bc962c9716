"""The "Why this answer?" button: an ephemeral explanation of what decided an answer.

Its custom_id carries the question log row's id (the text could be longer than a custom_id holds and
should not travel in one), so the explanation is recomputed from the stored question, also after a restart.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.ui.context import service_of, storage_of
from bot.ui.explanation_embed import render_explanation_embed
from bot.ui.replies import NO_MENTIONS, run_safely, send_private

WHY_PREFIX = "careerbot:why:"
LABEL = "Why this answer?"
NOT_KEPT = "I no longer have that question (old questions are deleted), so I can't explain that answer."
NOT_YOURS = "I can only explain an answer to its asker or in the channel where it was asked."
DIFFERENT_NOW = (
    "Asked now, on its own, this question gets a different outcome: the knowledge changed since, "
    "it was read as a follow-up then, or it was a pick from “did you mean”."
)


class WhyButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=WHY_PREFIX + r"(?P<question_id>[0-9]+)"
):
    def __init__(self, question_id: int, *, row: int | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=LABEL,
                emoji="🔎",
                style=discord.ButtonStyle.secondary,
                custom_id=f"{WHY_PREFIX}{question_id}",
            ),
            row=row,
        )
        self.question_id = question_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> WhyButton:
        return cls(int(match["question_id"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await run_safely(interaction, lambda: self._explain(interaction), f"Why question {self.question_id}")

    async def _explain(self, interaction: discord.Interaction[Any]) -> None:
        storage = storage_of(interaction.client)
        asked = await storage.logged_question(self.question_id) if storage is not None else None
        if asked is None:
            await send_private(interaction, NOT_KEPT)
            return
        if asked.user_id != interaction.user.id and asked.channel_id != interaction.channel_id:
            await send_private(interaction, NOT_YOURS)
            return
        why = service_of(interaction.client).explain(asked.question)
        changed = (str(why.status), why.entry_id) != (asked.status, asked.entry_id)
        embed = render_explanation_embed(why, note=DIFFERENT_NOW if changed else None)
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)
