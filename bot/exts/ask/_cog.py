from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import limits
from bot.answers.compose import Answer
from bot.exts.ask._autocomplete_limit import AutocompleteLimit
from bot.exts.ask._cooldown import QuestionCooldown, cooldown_notice
from bot.service import EntryChoice, Question, conversation_key
from bot.storage import ChannelKind, StorageUnavailable
from bot.ui.answer_components import answer_view
from bot.ui.answer_embed import render_answer_embed
from bot.ui.context import answer_channels_of
from bot.ui.forum_threads import forum_owns
from bot.ui.replies import NO_MENTIONS, send_private
from bot.ui.share_button import private_answer_view

if TYPE_CHECKING:
    from bot.client import CareerBot

log = logging.getLogger(__name__)

#: Longer questions are cut before matching; a question is rarely more than a few sentences.
MAX_ASKED_CHARS = 1000
HOW_TO_ASK = (
    "Ask me about careers in AI or machine-learning engineering, for example: "
    "*What does an AI engineer do?* or *How much do ML engineers earn?* Try `/help` for more."
)
MESSAGE_APOLOGY = "Sorry, something went wrong on my side while answering. Please try again in a moment."


def clean_question(text: str) -> str:
    """Whitespace collapsed, cut to ``MAX_ASKED_CHARS``: what is matched and logged."""
    return limits.trim(" ".join(text.split()), MAX_ASKED_CHARS)


def question_from(content: str, bot_id: int, bot_role_id: int | None = None) -> str:
    """The message without mentions of the bot or of its managed role, cleaned by ``clean_question``."""
    mention = rf"<@!?{bot_id}>" if bot_role_id is None else rf"<@!?{bot_id}>|<@&{bot_role_id}>"
    return clean_question(re.sub(mention, " ", content))


def _bot_role_id(message: discord.Message) -> int | None:
    """The bot's managed integration role in the message's guild: mentioning it addresses the bot."""
    role = message.guild.self_role if message.guild is not None else None
    return role.id if role is not None else None


class Ask(commands.Cog):
    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot
        self.cooldown = QuestionCooldown(bot.settings.cooldown_rate, bot.settings.cooldown_seconds)
        self.autocomplete_limit = AutocompleteLimit()

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        via = await self._addressed_via(message)
        if via is None or await self._is_command_for_author(message):
            return
        assert self.bot.user is not None
        try:
            question = question_from(message.content, self.bot.user.id, _bot_role_id(message))
            await self._answer_message(message, question, via)
        except Exception:
            log.exception("Answering message %s in channel %s failed", message.id, message.channel.id)
            await self._reply(message, content=MESSAGE_APOLOGY)

    async def _is_command_for_author(self, message: discord.Message) -> bool:
        """A prefix command its author may run ("@careerbot sync" from the owner) is not a question;
        from anyone else it is answered like one, so nobody is met with silence."""
        context = await self.bot.get_context(message)
        if not context.valid or context.command is None:
            return False
        try:
            return await context.command.can_run(context)
        except commands.CommandError:
            return False

    async def _addressed_via(self, message: discord.Message) -> str | None:
        """Where a question for the bot came from ("dm", "mention" or "channel"); None if it is not one,
        or if it is the forums extension's (a post in a listed forum, or its owner writing in it)."""
        user = self.bot.user
        if user is None or message.author.bot or message.author.id == user.id:
            return None
        if isinstance(message.channel, discord.DMChannel):
            return "dm"
        if forum_owns(message, await answer_channels_of(self.bot, ChannelKind.FORUM)):
            return None
        if user.id in message.raw_mentions or _bot_role_id(message) in message.raw_role_mentions:
            return "mention"
        channel_ids = {message.channel.id, getattr(message.channel, "parent_id", None)}
        # Without the message-content intent a plain message arrives empty: nothing to answer.
        if self.bot.intents.message_content and channel_ids & await answer_channels_of(
            self.bot, ChannelKind.ASK
        ):
            return "channel"
        return None

    async def _answer_message(self, message: discord.Message, question: str, via: str) -> None:
        if not question:
            await self._reply(message, content=HOW_TO_ASK)
            return
        retry_after = self.cooldown.hit(message.author.id)
        if retry_after is not None:
            if self.cooldown.first_refusal(message.author.id, retry_after):
                await self._reply(message, content=cooldown_notice(self.cooldown, retry_after))
            return
        conversation = conversation_key(message.channel.id, message.author.id)
        answer = self.bot.service.respond(Question(question), conversation=conversation)
        guild_id = message.guild.id if message.guild else getattr(message.channel, "guild_id", None)
        # Logged before replying: the reply's buttons carry the log row's id ("Why this answer?", labels).
        question_id = await self._record(
            message.author.id, guild_id, message.channel.id, via, question, answer
        )
        view = answer_view(answer, question_id=question_id)
        await self._reply(message, embed=render_answer_embed(answer), view=view)

    async def _reply(
        self,
        message: discord.Message,
        *,
        content: str | None = None,
        embed: discord.Embed | None = None,
        view: discord.ui.View | None = None,
    ) -> None:
        """Reply, or post plainly if the question was deleted meanwhile; pinging nobody either way."""
        extras = {"view": view} if view is not None else {}
        await message.channel.send(
            content,
            embed=embed,
            reference=message.to_reference(fail_if_not_exists=False),
            mention_author=False,
            allowed_mentions=NO_MENTIONS,
            **extras,
        )

    @app_commands.command(name="ask", description="Ask a question about careers in AI or ML engineering")
    @app_commands.describe(
        question="Your question, or pick one of the suggested questions",
        private="Show the answer only to you (default: no)",
    )
    async def ask(
        self,
        interaction: discord.Interaction[CareerBot],
        question: app_commands.Range[str, 1, MAX_ASKED_CHARS],
        private: bool = False,
    ) -> None:
        text = clean_question(question)
        if not text:
            await send_private(interaction, HOW_TO_ASK)
            return
        retry_after = self.cooldown.hit(interaction.user.id)
        if retry_after is not None:
            await send_private(interaction, cooldown_notice(self.cooldown, retry_after))
            return
        service = self.bot.service
        conversation = conversation_key(interaction.channel_id, interaction.user.id)
        # An autocomplete choice sends the entry's id; anything else is a question.
        picked = service.respond(EntryChoice(text), conversation=conversation)
        answer = picked or service.respond(Question(text), conversation=conversation)
        # A picked suggestion is logged as the question it stands for, not as an entry id, so /faq gaps
        # never offers an id as a wording. Logged before replying, so the buttons can carry the row's id.
        asked = answer.title if picked is not None else text
        question_id = await self._record(
            interaction.user.id, interaction.guild_id, interaction.channel_id, "slash", asked, answer
        )
        await interaction.response.send_message(
            embed=render_answer_embed(answer),
            view=(
                private_answer_view(answer, question_id=question_id)
                if private
                else answer_view(answer, question_id=question_id)
            ),
            ephemeral=private,
            allowed_mentions=NO_MENTIONS,
        )

    @ask.autocomplete("question")
    async def ask_autocomplete(
        self, interaction: discord.Interaction[CareerBot], current: str
    ) -> list[app_commands.Choice[str]]:
        index = self.bot.service.state.choices
        choices = self.autocomplete_limit.choices(interaction.user.id, lambda: index.choices(current))
        return [app_commands.Choice(name=name, value=value) for name, value in choices]

    async def _record(
        self,
        user_id: int,
        guild_id: int | None,
        channel_id: int | None,
        via: str,
        question: str,
        answer: Answer,
    ) -> int | None:
        """The question's row in the log; None without a database, when logging failed, or while the row
        waits in storage's outage buffer (it has no id yet: the answer then has no "Why" button)."""
        storage = self.bot.storage
        if storage is None:
            return None
        try:
            row_id = await storage.record_question(
                user_id=user_id,
                guild_id=guild_id,
                channel_id=channel_id,
                via=via,
                question=question,
                status=answer.status,
                entry_id=answer.entry_id,
                score=answer.score,
            )
        except StorageUnavailable as unavailable:  # storage logged the cause once; count each row
            log.warning("A question was not logged: %s", unavailable)
            return None
        except Exception:
            log.exception("Could not record a question in the database")
            return None
        return row_id or None
