"""Posting to the moderators' audit channel (AUDIT_CHANNEL_ID): changes with their diff, reloads."""

from __future__ import annotations

import io
import logging

import discord

from bot.moderation.changes import AppliedChange
from bot.ui import moderation_texts
from bot.ui.replies import NO_MENTIONS

log = logging.getLogger(__name__)


async def announce(
    client: discord.Client, channel_id: int | None, content: str, *, change: AppliedChange | None = None
) -> None:
    """Post ``content`` when a channel is set; a change's before/after goes along as a diff file.

    Never raises: a missing channel or permission is logged, and the change itself stands.
    """
    if channel_id is None:
        return
    files = []
    if change is not None:
        diff = moderation_texts.change_diff(change)
        files.append(discord.File(io.BytesIO(diff.encode()), f"change-{change.change_id}.diff"))
    try:
        await client.get_partial_messageable(channel_id).send(
            content, files=files, allowed_mentions=NO_MENTIONS
        )
    except discord.HTTPException:
        log.warning("Could not post to the audit channel %s", channel_id, exc_info=True)


async def announce_change(client: discord.Client, channel_id: int | None, change: AppliedChange) -> None:
    await announce(client, channel_id, moderation_texts.audit_message(change), change=change)
