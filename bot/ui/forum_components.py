"""What the bot posts in a forum thread: the answer with a "Solved" button, or one short "did you mean".

"Solved" is for the person who opened the post (or a member who may manage threads): it counts as a
helpful vote and applies the forum's solved tag (setting FORUM_SOLVED_TAG) when the forum has one.
A "did you mean" pick by the poster turns that message into the answer, in the thread's conversation;
anyone else who picks sees the answer privately. Both are ``DynamicItem``s, so they survive restarts.
"""

from __future__ import annotations

import logging
from typing import Any, Self

import discord

from bot import limits
from bot.answers.compose import Answer
from bot.matching.result import MatchStatus
from bot.service import EntryChoice
from bot.storage import VoteOutcome
from bot.ui.answer_components import ENTRY_GONE, answer_view
from bot.ui.answer_embed import STATUS_COLOURS, render_answer_embed
from bot.ui.context import service_of, storage_of
from bot.ui.entry_button import EntryButton
from bot.ui.forum_threads import THREAD_CONVERSATION_SECONDS, thread_conversation
from bot.ui.replies import NO_MENTIONS, run_safely, send_private

log = logging.getLogger(__name__)

SOLVED_PREFIX = "careerbot:solved:"
PICK_PREFIX = "careerbot:forum-pick:"
#: The event a pick that answered a post dispatches (``on_forum_post_answered(thread)``), so the forum
#: cog answers the poster's follow-ups in that thread too.
ANSWERED_EVENT = "forum_post_answered"
MAX_PICKS = 3
SUGGESTION_TITLE = "Did you mean...?"
SUGGESTION_BODY = (
    "I'm not sure I can answer this post. If it asks one of these, pick it and I'll answer here:"
)
NOT_THE_POSTER = "Only the person who opened this post (or a moderator) can mark it solved."
NOT_IN_A_POST = "This button works only in a forum post."
MAX_APPLIED_TAGS = 5


def _solved_reply(outcome: VoteOutcome | None, tagged: str | None, tag_problem: str | None) -> str:
    vote = {
        VoteOutcome.RECORDED: "counted as a helpful vote",
        VoteOutcome.CHANGED: "your vote changed to helpful",
        VoteOutcome.UNCHANGED: "your helpful vote was already counted",
        None: "I can't record votes right now",
    }[outcome]
    if tagged is not None:
        return f"Marked solved: tagged **{discord.utils.escape_markdown(tagged)}**, {vote}. Thanks!"
    if tag_problem is not None:
        return f"Marked solved ({vote}), but {tag_problem}"
    return f"Marked solved ({vote}). Thanks!"


class SolvedButton(EntryButton, prefix=SOLVED_PREFIX):
    def __init__(self, entry_id: str, *, solved: bool = False, row: int | None = None) -> None:
        super().__init__(
            entry_id,
            label="Solved" if solved else "This solved it",
            emoji="✅",
            style=discord.ButtonStyle.success,
            disabled=solved,
            row=row,
        )

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await run_safely(interaction, lambda: self._solve(interaction), f"Solved {self.entry_id}")

    async def _solve(self, interaction: discord.Interaction[Any]) -> None:
        thread = interaction.channel
        if not isinstance(thread, discord.Thread) or interaction.message is None:
            await send_private(interaction, NOT_IN_A_POST)
            return
        if interaction.user.id != thread.owner_id and not interaction.permissions.manage_threads:
            await send_private(interaction, NOT_THE_POSTER)
            return
        storage = storage_of(interaction.client)
        outcome = None
        if storage is not None:
            outcome = await storage.record_feedback(
                message_id=interaction.message.id,
                user_id=interaction.user.id,
                entry_id=self.entry_id,
                helpful=True,
            )
        answer = service_of(interaction.client).respond(EntryChoice(self.entry_id))
        view = forum_answer_view(answer, solved=True) if answer is not None else None
        await interaction.response.edit_message(view=view)
        tag_name = interaction.client.settings.forum_solved_tag  # type: ignore[attr-defined]
        tagged, problem = await apply_solved_tag(thread, tag_name)
        await interaction.followup.send(
            _solved_reply(outcome, tagged, problem), ephemeral=True, allowed_mentions=NO_MENTIONS
        )


def solved_tag(forum: discord.ForumChannel, wanted: str) -> discord.ForumTag | None:
    """The forum's tag named ``wanted`` (any case) or with that id."""
    wanted = wanted.strip()
    for tag in forum.available_tags:
        if tag.name.casefold() == wanted.casefold() or str(tag.id) == wanted:
            return tag
    return None


async def apply_solved_tag(thread: discord.Thread, wanted: str) -> tuple[str | None, str | None]:
    """(the tag applied, None) or (None, why not); (None, None) when the forum has no such tag."""
    forum = thread.parent
    if not isinstance(forum, discord.ForumChannel):
        return None, None
    tag = solved_tag(forum, wanted)
    if tag is None:
        return None, None
    if any(applied.id == tag.id for applied in thread.applied_tags):
        return tag.name, None
    if len(thread.applied_tags) >= MAX_APPLIED_TAGS:
        return None, f"the post already has {MAX_APPLIED_TAGS} tags, so I couldn't add **{tag.name}**."
    try:
        await thread.add_tags(tag, reason="Marked solved by the poster")
    except discord.Forbidden:
        log.warning("No permission to tag thread %s (Manage Threads is needed)", thread.id)
        return None, f"I'm not allowed to add the **{tag.name}** tag (I need Manage Threads)."
    return tag.name, None


class ForumPickButton(EntryButton, prefix=PICK_PREFIX):
    """One candidate of a forum "did you mean"."""

    def __init__(self, entry_id: str, label: str, *, row: int | None = None) -> None:
        super().__init__(entry_id, label=label, style=discord.ButtonStyle.primary, row=row)

    @classmethod
    def _rebuilt(cls, entry_id: str, clicked: discord.ui.Button[Any]) -> Self:
        return cls(entry_id, clicked.label or "")

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await run_safely(interaction, lambda: self._pick(interaction), f"Forum pick {self.entry_id}")

    async def _pick(self, interaction: discord.Interaction[Any]) -> None:
        thread = interaction.channel
        service = service_of(interaction.client)
        if not isinstance(thread, discord.Thread) or interaction.user.id != thread.owner_id:
            answer = service.respond(EntryChoice(self.entry_id))
            if answer is None:
                await send_private(interaction, ENTRY_GONE)
                return
            await interaction.response.send_message(
                embed=render_answer_embed(answer),
                view=answer_view(answer),
                ephemeral=True,
                allowed_mentions=NO_MENTIONS,
            )
            return
        answer = service.respond(
            EntryChoice(self.entry_id),
            conversation=thread_conversation(thread.id, thread.owner_id),
            conversation_ttl=THREAD_CONVERSATION_SECONDS,
        )
        if answer is None:
            await send_private(interaction, ENTRY_GONE)
            return
        await interaction.response.edit_message(
            embed=render_answer_embed(answer), view=forum_answer_view(answer)
        )
        interaction.client.dispatch(ANSWERED_EVENT, thread)


def forum_answer_view(answer: Answer, *, solved: bool = False) -> discord.ui.View:
    """The usual related and vote buttons, and "This solved it" beside the votes."""
    if answer.entry_id is None or not SolvedButton.fits(answer.entry_id):
        return answer_view(answer)
    return answer_view(answer, extra=[SolvedButton(answer.entry_id, solved=solved, row=1)])


def forum_suggestion(answer: Answer) -> tuple[discord.Embed, discord.ui.View] | None:
    """A short "did you mean" for a post the bot is not sure of; None when it has nothing to offer."""
    if answer.status is MatchStatus.ANSWERED:
        return None
    links = ForumPickButton.fitting(answer.suggestions)[:MAX_PICKS]
    if not links:
        return None
    lines = "\n".join(f"• {link.question}" for link in links)
    embed = discord.Embed(
        title=SUGGESTION_TITLE,
        description=limits.trim(f"{SUGGESTION_BODY}\n{lines}", limits.EMBED_DESCRIPTION),
        colour=STATUS_COLOURS[MatchStatus.AMBIGUOUS],
    )
    view = discord.ui.View(timeout=None)
    for link in links:
        view.add_item(ForumPickButton(link.entry_id, link.question, row=0))
    return embed, view
