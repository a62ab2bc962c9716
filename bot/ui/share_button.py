"""A private answer's "Share in channel" button: the same answer, posted publicly, pinging nobody.

``/ask private:true`` answers only the asker; when the answer helped, they may share it. The public
copy is the entry's answer as the knowledge has it now, under the asker's name (the embed's author),
with the usual related and vote buttons; the private message keeps a disabled "Shared" button.
"""

from __future__ import annotations

from typing import Any

import discord

from bot import limits
from bot.answers.compose import Answer
from bot.service import EntryChoice
from bot.ui.answer_components import ENTRY_GONE, answer_view
from bot.ui.answer_embed import fit_embed, render_answer_embed
from bot.ui.context import service_of
from bot.ui.entry_button import EntryButton
from bot.ui.replies import NO_MENTIONS, run_safely, send_private

SHARE_PREFIX = "careerbot:share:"
SHARE_LABEL = "Share in channel"
SHARED_LABEL = "Shared in channel"


class ShareAnswerButton(EntryButton, prefix=SHARE_PREFIX):
    def __init__(self, entry_id: str, *, shared: bool = False, row: int | None = None) -> None:
        super().__init__(
            entry_id,
            label=SHARED_LABEL if shared else SHARE_LABEL,
            emoji="📣",
            style=discord.ButtonStyle.primary,
            disabled=shared,
            row=row,
        )

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await run_safely(interaction, lambda: share(interaction, self.entry_id), f"Share {self.entry_id}")


def private_answer_view(
    answer: Answer, *, shared: bool = False, question_id: int | None = None
) -> discord.ui.View:
    """The usual buttons, and "Share in channel" when the answer is an entry's (not a "not sure")."""
    if answer.entry_id is None or not ShareAnswerButton.fits(answer.entry_id):
        return answer_view(answer, question_id=question_id)
    share = ShareAnswerButton(answer.entry_id, shared=shared, row=1)
    return answer_view(answer, question_id=question_id, extra=[share])


def shared_embed(answer: Answer, user: discord.abc.User) -> discord.Embed:
    """The answer's embed, with who shared it as its author line (a name in an embed pings nobody)."""
    embed = render_answer_embed(answer)
    name = limits.one_line(f"{user.display_name} shared this answer", limits.EMBED_AUTHOR)
    return fit_embed(embed.set_author(name=name, icon_url=user.display_avatar.url))


async def share(interaction: discord.Interaction[Any], entry_id: str) -> None:
    answer = service_of(interaction.client).respond(EntryChoice(entry_id))  # sharing is not a new turn
    if answer is None:
        await send_private(interaction, ENTRY_GONE)
        return
    await interaction.response.edit_message(view=private_answer_view(answer, shared=True))
    await interaction.followup.send(
        embed=shared_embed(answer, interaction.user),
        view=answer_view(answer),
        allowed_mentions=NO_MENTIONS,
        ephemeral=False,
    )
