"""What /faq channels says: where the bot answers on its own, and what a change did."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot import limits
from bot.moderation.answer_channels import ChannelChoice
from bot.storage import ChannelKind

KIND_NAMES = {ChannelKind.ASK: "Ask channels", ChannelKind.FORUM: "Forums"}
KIND_HELP = {
    ChannelKind.ASK: "every plain message is read as a question",
    ChannelKind.FORUM: "every new post is answered in its thread when I'm sure",
}
SETTINGS_NAMES = {ChannelKind.ASK: "ASK_CHANNEL_IDS", ChannelKind.FORUM: "FORUM_CHANNEL_IDS"}
NO_CONTENT_INTENT = (
    "\n\n⚠️ This process runs without the Message Content intent, so it cannot read plain messages in "
    "ask channels, and answers forum posts from their titles only. Set ASK_CHANNEL_IDS or "
    "FORUM_CHANNEL_IDS (and enable the intent in the Developer Portal), then restart."
)
HOW_TO_CHANGE = (
    "Change them with `/faq channels add:#channel` or `remove:#channel` (a text channel or a forum)."
)


def channels_report(choices: Sequence[ChannelChoice], *, message_content: bool) -> str:
    lines = []
    for choice in choices:
        where = ", ".join(f"<#{channel_id}>" for channel_id in sorted(choice.channel_ids)) or "none"
        source = f" (from {SETTINGS_NAMES[choice.kind]})" if choice.from_settings else ""
        lines.append(f"**{KIND_NAMES[choice.kind]}**{source}, where {KIND_HELP[choice.kind]}: {where}")
    warning = "" if message_content else NO_CONTENT_INTENT
    return limits.trim("\n".join([*lines, HOW_TO_CHANGE]) + warning, limits.CONTENT)


def channel_changed(
    kind: ChannelKind, channel: discord.abc.GuildChannel, *, adding: bool, changed: bool
) -> str:
    name = "an ask channel" if kind is ChannelKind.ASK else "a forum I answer in"
    if not changed:
        return f"<#{channel.id}> already {'is' if adding else 'is not'} {name}: nothing changed."
    if adding:
        return f"<#{channel.id}> is now {name}."
    return f"<#{channel.id}> is no longer {name}."
