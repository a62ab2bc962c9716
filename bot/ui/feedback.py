"""Helpful / not helpful buttons under an answer; each vote is stored, a second click changes it."""

from __future__ import annotations

import logging
import re
from typing import Any

import discord

from bot import limits
from bot.moderation.labels import learn
from bot.storage import LabelVerdict, VoteOutcome
from bot.ui.context import storage_of
from bot.ui.replies import run_safely, send_private

log = logging.getLogger(__name__)

#: A "Not helpful" button also carries the logged question's id, so the vote becomes a label.
VOTE_TEMPLATE = r"careerbot:vote:(?P<entry_id>[a-z0-9-]+):(?P<vote>up|down)(?::(?P<question_id>[0-9]+))?"
NOT_RECORDING = "Thanks! I can't record feedback right now, sorry."
ACKNOWLEDGEMENTS = {
    (VoteOutcome.RECORDED, True): "Thanks, glad it helped! Your vote is recorded.",
    (VoteOutcome.RECORDED, False): "Thanks for telling me: moderators use these votes to improve answers.",
    (VoteOutcome.CHANGED, True): "Changed your vote to helpful.",
    (VoteOutcome.CHANGED, False): "Changed your vote to not helpful.",
    (VoteOutcome.UNCHANGED, True): "You already marked this answer as helpful.",
    (VoteOutcome.UNCHANGED, False): "You already marked this answer as not helpful.",
}


def vote_custom_id(entry_id: str, helpful: bool, question_id: int | None = None) -> str:
    question = f":{question_id}" if question_id is not None else ""
    return f"careerbot:vote:{entry_id}:{'up' if helpful else 'down'}{question}"


class VoteButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=VOTE_TEMPLATE):
    def __init__(
        self, entry_id: str, helpful: bool, *, question_id: int | None = None, row: int | None = None
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label="Helpful" if helpful else "Not helpful",
                emoji="👍" if helpful else "👎",
                style=discord.ButtonStyle.success if helpful else discord.ButtonStyle.secondary,
                custom_id=vote_custom_id(entry_id, helpful, question_id),
            ),
            row=row,
        )
        self.entry_id = entry_id
        self.helpful = helpful
        self.question_id = question_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> VoteButton:
        question_id = int(match["question_id"]) if match["question_id"] else None
        return cls(match["entry_id"], match["vote"] == "up", question_id=question_id)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await run_safely(interaction, lambda: self._vote(interaction), f"Vote on {self.entry_id}")

    async def _vote(self, interaction: discord.Interaction[Any]) -> None:
        storage = storage_of(interaction.client)
        if storage is None or interaction.message is None:
            await send_private(interaction, NOT_RECORDING)
            return
        outcome = await storage.record_feedback(
            message_id=interaction.message.id,
            user_id=interaction.user.id,
            entry_id=self.entry_id,
            helpful=self.helpful,
        )
        await send_private(interaction, ACKNOWLEDGEMENTS[outcome, self.helpful])
        if not self.helpful and outcome is not VoteOutcome.UNCHANGED and self.question_id is not None:
            await learn_quietly(interaction, self.question_id, self.entry_id, LabelVerdict.NOT_THIS)


async def learn_quietly(
    interaction: discord.Interaction[Any], question_id: int, entry_id: str, verdict: LabelVerdict
) -> None:
    """Keep what the click says about the question as a label; a failure is logged, never shown, since
    the person already has their answer."""
    storage = storage_of(interaction.client)
    if storage is None:
        return
    try:
        await learn(storage, question_id, user_id=interaction.user.id, entry_id=entry_id, verdict=verdict)
    except Exception:
        log.exception("Could not record a %s label for question %d", verdict, question_id)


def vote_buttons(entry_id: str, *, row: int, question_id: int | None = None) -> list[VoteButton]:
    """Both buttons, or none when the entry id is too long for a custom_id; "Not helpful" carries the
    question's id when it fits."""
    if len(vote_custom_id(entry_id, False)) > limits.CUSTOM_ID:
        return []
    if question_id is not None and len(vote_custom_id(entry_id, False, question_id)) > limits.CUSTOM_ID:
        question_id = None
    return [
        VoteButton(entry_id, True, row=row),
        VoteButton(entry_id, False, question_id=question_id, row=row),
    ]
