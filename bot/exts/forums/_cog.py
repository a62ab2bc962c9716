from __future__ import annotations

import logging
from collections import OrderedDict
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.answers.compose import Answer
from bot.exts.ask._cog import clean_question, question_from
from bot.matching.result import MatchStatus
from bot.service import Question
from bot.storage import ChannelKind
from bot.ui.answer_components import answer_view
from bot.ui.answer_embed import render_answer_embed
from bot.ui.context import answer_channels_of
from bot.ui.forum_components import forum_answer_view, forum_suggestion
from bot.ui.forum_threads import THREAD_CONVERSATION_SECONDS, is_starter, thread_conversation
from bot.ui.replies import NO_MENTIONS

if TYPE_CHECKING:
    from bot.client import CareerBot

log = logging.getLogger(__name__)

#: Threads remembered as answered (their owner's follow-ups are answered); the oldest are forgotten.
MAX_ANSWERED_THREADS = 10_000


def post_question(title: str, body: str) -> str:
    """A post as one question: its title as a sentence of its own, then its first message."""
    title = " ".join(title.split())
    if title and body and title[-1] not in ".?!:":
        title += "."
    return clean_question(f"{title} {body}")


class Forums(commands.Cog):
    """Reads posts and follow-ups in the forums listed in FORUM_CHANNEL_IDS (or chosen with /faq
    channels), asks the answering service, posts in the thread. Stays quiet when not sure, or (with
    FORUM_SUGGEST=on) offers one short "did you mean"; never answers below the matcher's threshold."""

    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot
        self.answered: OrderedDict[int, None] = OrderedDict()

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.guild is None:
            return
        try:
            thread = await self._listed_thread(message)
            if thread is None:
                return
            if is_starter(message):
                await self._answer_post(thread, message)
            elif message.author.id == thread.owner_id:
                await self._answer_follow_up(thread, message)
        except Exception:
            log.exception("Answering message %s in forum thread %s failed", message.id, message.channel.id)

    @commands.Cog.listener()
    async def on_forum_post_answered(self, thread: discord.Thread) -> None:
        """A "did you mean" pick answered the post: its owner's follow-ups are answered from now on."""
        self._mark_answered(thread.id)

    async def _listed_thread(self, message: discord.Message) -> discord.Thread | None:
        channel = message.channel
        if not isinstance(channel, discord.Thread) and is_starter(message):
            # The starter message came before THREAD_CREATE: the thread is not cached yet.
            fetched = await self.bot.fetch_channel(channel.id)
            channel = fetched if isinstance(fetched, discord.Thread) else channel
        if not isinstance(channel, discord.Thread):
            return None
        if channel.parent_id not in await answer_channels_of(self.bot, ChannelKind.FORUM):
            return None
        return channel

    async def _answer_post(self, thread: discord.Thread, message: discord.Message) -> None:
        # Without the message-content intent the first message arrives empty: the title is the question.
        question = post_question(thread.name, message.content)
        answer = self._respond(thread, question)
        await self._record(thread, message, question, answer)
        if answer.status is MatchStatus.ANSWERED:
            await self._post(thread, message, render_answer_embed(answer), forum_answer_view(answer))
            self._mark_answered(thread.id)
        elif self.bot.settings.forum_suggest and (suggestion := forum_suggestion(answer)) is not None:
            await self._post(thread, message, *suggestion)

    async def _answer_follow_up(self, thread: discord.Thread, message: discord.Message) -> None:
        assert self.bot.user is not None
        mentioned = self.bot.user.id in message.raw_mentions
        if thread.id not in self.answered and not mentioned:
            return  # the bot has not taken part in this post: the people there are talking
        question = question_from(message.content, self.bot.user.id)
        if not question:
            return
        answer = self._respond(thread, question)
        await self._record(thread, message, question, answer)
        if answer.status is MatchStatus.ANSWERED:
            await self._post(thread, message, render_answer_embed(answer), forum_answer_view(answer))
            self._mark_answered(thread.id)
        elif mentioned or self.bot.settings.forum_suggest:
            suggestion = forum_suggestion(answer)
            if suggestion is not None:
                await self._post(thread, message, *suggestion)
            elif mentioned:  # asked by name: the usual honest "not sure" rather than silence
                await self._post(thread, message, render_answer_embed(answer), answer_view(answer))

    def _respond(self, thread: discord.Thread, question: str) -> Answer:
        return self.bot.service.respond(
            Question(question),
            conversation=thread_conversation(thread.id, thread.owner_id),
            conversation_ttl=THREAD_CONVERSATION_SECONDS,
        )

    def _mark_answered(self, thread_id: int) -> None:
        self.answered[thread_id] = None
        self.answered.move_to_end(thread_id)
        while len(self.answered) > MAX_ANSWERED_THREADS:
            self.answered.popitem(last=False)

    async def _post(
        self, thread: discord.Thread, message: discord.Message, embed: discord.Embed, view: discord.ui.View
    ) -> None:
        await thread.send(
            embed=embed,
            view=view,
            reference=message.to_reference(fail_if_not_exists=False),
            mention_author=False,
            allowed_mentions=NO_MENTIONS,
        )

    async def _record(
        self, thread: discord.Thread, message: discord.Message, question: str, answer: Answer
    ) -> None:
        storage = self.bot.storage
        if storage is None:
            return
        try:
            await storage.record_question(
                user_id=message.author.id,
                guild_id=thread.guild.id,
                channel_id=thread.id,
                via="forum",
                question=question,
                status=answer.status,
                entry_id=answer.entry_id,
                score=answer.score,
            )
        except Exception:
            log.exception("Could not record a forum question in the database")
