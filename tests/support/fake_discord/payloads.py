"""Builders for Discord API objects (plain dicts shaped like API v10 JSON), so tests stay short.

Every builder takes explicit ids; `FakeDiscord` offers shortcuts that fill in its own guild, channel
and users. Shapes follow the Discord API documentation and what discord.py 2.7 parses.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

DISCORD_EPOCH_MS = 1_420_070_400_000
TIMESTAMP = "2025-01-01T00:00:00.000000+00:00"

Payload = dict[str, Any]

# Application command option types, https://discord.com/developers/docs/interactions/application-commands
OPTION_STRING = 3
OPTION_INTEGER = 4
OPTION_BOOLEAN = 5
OPTION_NUMBER = 10
SUB_COMMAND = 1

COMPONENT_BUTTON = 2
COMPONENT_STRING_SELECT = 3
COMPONENT_TEXT_INPUT = 4

INTERACTION_APPLICATION_COMMAND = 2
INTERACTION_COMPONENT = 3
INTERACTION_AUTOCOMPLETE = 4
INTERACTION_MODAL_SUBMIT = 5

CHANNEL_GUILD_TEXT = 0
CHANNEL_DM = 1
CHANNEL_PUBLIC_THREAD = 11
CHANNEL_GUILD_FORUM = 15

ALL_PERMISSIONS = (1 << 53) - 1


class SnowflakeFactory:
    """Increasing, well-formed snowflakes (timestamp in the top bits), unique within one factory."""

    def __init__(self) -> None:
        self._counter = itertools.count()

    def __call__(self) -> int:
        now_ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        return (now_ms << 22) | (next(self._counter) & 0x3FFFFF)


def user(user_id: int, username: str, *, bot: bool = False) -> Payload:
    return {
        "id": str(user_id),
        "username": username,
        "global_name": None if bot else username.title(),
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


def role(
    role_id: int, name: str, *, permissions: int = 0, position: int = 0, bot_id: int | None = None
) -> Payload:
    """A guild role; with `bot_id`, the managed role Discord creates for that bot when it joins."""
    data: Payload = {
        "id": str(role_id),
        "name": name,
        "color": 0,
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": position,
        "permissions": str(permissions),
        "managed": bot_id is not None,
        "mentionable": True,
        "flags": 0,
    }
    if bot_id is not None:
        data["tags"] = {"bot_id": str(bot_id)}
    return data


def member(member_user: Payload, *, roles: Iterable[int] = (), nick: str | None = None) -> Payload:
    return {
        "user": member_user,
        "nick": nick,
        "avatar": None,
        "roles": [str(role_id) for role_id in roles],
        "joined_at": TIMESTAMP,
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
    }


def text_channel(channel_id: int, guild_id: int, name: str, *, position: int = 0) -> Payload:
    return {
        "id": str(channel_id),
        "type": CHANNEL_GUILD_TEXT,
        "guild_id": str(guild_id),
        "name": name,
        "position": position,
        "permission_overwrites": [],
        "nsfw": False,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "parent_id": None,
    }


def forum_tag(tag_id: int, name: str, *, moderated: bool = False) -> Payload:
    return {"id": str(tag_id), "name": name, "moderated": moderated, "emoji_id": None, "emoji_name": None}


def forum_channel(
    channel_id: int, guild_id: int, name: str, *, tags: Sequence[Payload] = (), position: int = 0
) -> Payload:
    """A GUILD_FORUM channel: every post in it is a public thread; ``tags`` are its available tags."""
    return {
        **text_channel(channel_id, guild_id, name, position=position),
        "type": CHANNEL_GUILD_FORUM,
        "available_tags": list(tags),
        "default_reaction_emoji": None,
        "default_thread_rate_limit_per_user": 0,
        "default_sort_order": None,
        "default_forum_layout": 0,
        "flags": 0,
    }


def public_thread(
    thread_id: int,
    guild_id: int,
    parent_id: int,
    owner_id: int,
    name: str,
    *,
    applied_tags: Sequence[int] = (),
) -> Payload:
    """A public thread, as a forum post is: its starter message has the thread's id."""
    return {
        "id": str(thread_id),
        "type": CHANNEL_PUBLIC_THREAD,
        "guild_id": str(guild_id),
        "parent_id": str(parent_id),
        "owner_id": str(owner_id),
        "name": name,
        "last_message_id": str(thread_id),
        "rate_limit_per_user": 0,
        "message_count": 0,
        "member_count": 1,
        "total_message_sent": 0,
        "flags": 0,
        "applied_tags": [str(tag) for tag in applied_tags],
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": 4320,
            "archive_timestamp": TIMESTAMP,
            "locked": False,
            "create_timestamp": TIMESTAMP,
        },
    }


def dm_channel(channel_id: int, recipient: Payload) -> Payload:
    return {"id": str(channel_id), "type": CHANNEL_DM, "last_message_id": None, "recipients": [recipient]}


def guild(
    guild_id: int,
    name: str,
    *,
    owner_id: int,
    channels: Sequence[Payload],
    roles: Sequence[Payload],
    members: Sequence[Payload],
) -> Payload:
    """A full GUILD_CREATE payload. The @everyone role (id == guild id) is added if missing."""
    all_roles = list(roles)
    if not any(r["id"] == str(guild_id) for r in all_roles):
        all_roles.insert(0, role(guild_id, "@everyone", permissions=0x4_0000_0000 | 0x800 | 0x400))
    return {
        "id": str(guild_id),
        "name": name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "owner_id": str(owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": all_roles,
        "emojis": [],
        "stickers": [],
        "features": [],
        "mfa_level": 0,
        "application_id": None,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "vanity_url_code": None,
        "description": None,
        "banner": None,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "public_updates_channel_id": None,
        "nsfw_level": 0,
        "premium_progress_bar_enabled": False,
        "joined_at": TIMESTAMP,
        "large": False,
        "unavailable": False,
        "member_count": len(members),
        "members": list(members),
        "channels": [{k: v for k, v in channel.items() if k != "guild_id"} for channel in channels],
        "threads": [],
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


def message(
    message_id: int,
    channel_id: int,
    author: Payload,
    content: str,
    *,
    guild_id: int | None = None,
    author_member: Payload | None = None,
    mentions: Sequence[Payload] = (),
    mention_roles: Sequence[int] = (),
    embeds: Sequence[Payload] = (),
    components: Sequence[Payload] = (),
    attachments: Sequence[Payload] = (),
    flags: int = 0,
    message_reference: Payload | None = None,
) -> Payload:
    """A MESSAGE_CREATE payload (or a message object). For a guild message pass `guild_id` and
    `author_member` (a member payload without "user"); `mentions` are user payloads, optionally with a
    "member" key, and should also appear in `content` as `<@id>` like real mentions do (`mention_roles`
    as `<@&id>`)."""
    data: Payload = {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "author": author,
        "content": content,
        "timestamp": TIMESTAMP,
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": list(mentions),
        "mention_roles": [str(role_id) for role_id in mention_roles],
        "attachments": list(attachments),
        "embeds": list(embeds),
        "components": list(components),
        "pinned": False,
        "type": 0,
        "flags": flags,
    }
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    if author_member is not None:
        data["member"] = {k: v for k, v in author_member.items() if k != "user"}
    if message_reference is not None:
        data["message_reference"] = message_reference
    return data


def mention(mentioned_user: Payload, mentioned_member: Payload | None = None) -> Payload:
    """A user payload as it appears in a message's "mentions" list."""
    data = dict(mentioned_user)
    if mentioned_member is not None:
        data["member"] = {k: v for k, v in mentioned_member.items() if k != "user"}
    return data


def option(name: str, value: str | int | float | bool, *, focused: bool = False) -> Payload:
    """One slash-command option, its type inferred from the Python value."""
    if isinstance(value, bool):
        option_type = OPTION_BOOLEAN
    elif isinstance(value, int):
        option_type = OPTION_INTEGER
    elif isinstance(value, float):
        option_type = OPTION_NUMBER
    else:
        option_type = OPTION_STRING
    data: Payload = {"name": name, "type": option_type, "value": value}
    if focused:
        data["focused"] = True
    return data


def _interaction(
    interaction_type: int,
    data: Payload,
    *,
    interaction_id: int,
    application_id: int,
    token: str,
    invoker: Payload,
    channel: Payload,
    guild_id: int | None,
    invoker_member: Payload | None,
) -> Payload:
    payload: Payload = {
        "id": str(interaction_id),
        "application_id": str(application_id),
        "type": interaction_type,
        "data": data,
        "token": token,
        "version": 1,
        "channel_id": channel["id"],
        "channel": channel,
        "locale": "en-US",
        "app_permissions": str(ALL_PERMISSIONS),
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(guild_id)} if guild_id else {"1": invoker["id"]},
        "context": 0 if guild_id else 1,
        "attachment_size_limit": 10 * 1024 * 1024,
    }
    if guild_id is not None:
        payload["guild_id"] = str(guild_id)
        payload["guild_locale"] = "en-US"
        base_member = invoker_member if invoker_member is not None else member(invoker)
        payload["member"] = {**base_member, "user": invoker, "permissions": str(ALL_PERMISSIONS)}
    else:
        payload["user"] = invoker
    return payload


def slash_command_interaction(
    name: str,
    options: Mapping[str, str | int | float | bool] | Sequence[Payload] = (),
    *,
    interaction_id: int,
    command_id: int,
    application_id: int,
    token: str,
    invoker: Payload,
    channel: Payload,
    guild_id: int | None = None,
    invoker_member: Payload | None = None,
    subcommand: str | None = None,
    focused: str | None = None,
) -> Payload:
    """An APPLICATION_COMMAND interaction (an AUTOCOMPLETE one when `focused` names an option).

    `options` is either {name: value} or a list of `option(...)` payloads; with `subcommand` they are
    nested under that subcommand, as Discord sends `/group sub option:value`.
    """
    if isinstance(options, Mapping):
        option_list = [option(key, value, focused=key == focused) for key, value in options.items()]
    else:
        option_list = list(options)
    if subcommand is not None:
        option_list = [{"name": subcommand, "type": SUB_COMMAND, "options": option_list}]
    data: Payload = {"id": str(command_id), "name": name, "type": 1, "options": option_list}
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    return _interaction(
        INTERACTION_AUTOCOMPLETE if focused is not None else INTERACTION_APPLICATION_COMMAND,
        data,
        interaction_id=interaction_id,
        application_id=application_id,
        token=token,
        invoker=invoker,
        channel=channel,
        guild_id=guild_id,
        invoker_member=invoker_member,
    )


def component_interaction(
    custom_id: str,
    *,
    message: Payload,
    values: Sequence[str] | None = None,
    interaction_id: int,
    application_id: int,
    token: str,
    invoker: Payload,
    channel: Payload,
    guild_id: int | None = None,
    invoker_member: Payload | None = None,
) -> Payload:
    """A MESSAGE_COMPONENT interaction: a button click, or a string-select choice when `values` is given.
    `message` is the message carrying the component (usually one the bot sent)."""
    data: Payload = {
        "custom_id": custom_id,
        "component_type": COMPONENT_BUTTON if values is None else COMPONENT_STRING_SELECT,
    }
    if values is not None:
        data["values"] = list(values)
    payload = _interaction(
        INTERACTION_COMPONENT,
        data,
        interaction_id=interaction_id,
        application_id=application_id,
        token=token,
        invoker=invoker,
        channel=channel,
        guild_id=guild_id,
        invoker_member=invoker_member,
    )
    payload["message"] = message
    return payload


def modal_submit_interaction(
    custom_id: str,
    fields: Mapping[str, str],
    *,
    interaction_id: int,
    application_id: int,
    token: str,
    invoker: Payload,
    channel: Payload,
    guild_id: int | None = None,
    invoker_member: Payload | None = None,
) -> Payload:
    """A MODAL_SUBMIT interaction; `fields` maps each text input's custom_id to what the user typed."""
    rows = [
        {"type": 1, "components": [{"type": COMPONENT_TEXT_INPUT, "custom_id": key, "value": value}]}
        for key, value in fields.items()
    ]
    return _interaction(
        INTERACTION_MODAL_SUBMIT,
        {"custom_id": custom_id, "components": rows},
        interaction_id=interaction_id,
        application_id=application_id,
        token=token,
        invoker=invoker,
        channel=channel,
        guild_id=guild_id,
        invoker_member=invoker_member,
    )
