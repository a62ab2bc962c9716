"""Forum posts as conversations: which messages belong to the forum feature, and a thread's memory.

A post in a forum channel is a thread whose first ("starter") message has the thread's own id. The
person who opened it is the thread's owner; the bot answers them there, and their follow-ups read in
the thread's context for days, where a channel's conversation lasts minutes.
"""

from __future__ import annotations

import discord

from bot.service import conversation_key

#: How long a thread keeps its context: a follow-up a day (or a few) later still reads in it.
THREAD_CONVERSATION_SECONDS = 7 * 86_400.0


def thread_conversation(thread_id: int, owner_id: int | None) -> str:
    """The thread's conversation: its owner in it (the only person the bot answers there unasked)."""
    return conversation_key(thread_id, owner_id or "owner")


def conversation_ttl_in(channel: object) -> float | None:
    """The lifetime of a conversation held in ``channel``: a forum thread's, or the default (None)."""
    if isinstance(channel, discord.Thread) and isinstance(channel.parent, discord.ForumChannel):
        return THREAD_CONVERSATION_SECONDS
    return None


def is_starter(message: discord.Message) -> bool:
    """The message that opened a forum post (it shares the thread's id)."""
    return message.guild is not None and message.id == message.channel.id


def forum_owns(message: discord.Message, forum_ids: frozenset[int]) -> bool:
    """True for the messages of a listed forum the forum feature decides on: a post's starter message
    and whatever its owner writes in it. Everyone else's mentions there are ordinary mentions."""
    channel = message.channel
    if not isinstance(channel, discord.Thread) or channel.parent_id not in forum_ids:
        return False
    return is_starter(message) or message.author.id == channel.owner_id
