"""The /faq permission check, applied inside every command and component (not only as a hint)."""

from __future__ import annotations

from typing import Any

import discord

from bot.moderation.access import EditorPolicy
from bot.moderation.changes import Actor
from bot.ui.replies import send_private


def policy_of(client: discord.Client) -> EditorPolicy:
    settings = client.settings  # type: ignore[attr-defined]
    return EditorPolicy(settings.editor_guild_ids, settings.moderator_role_ids)


def refusal_for(interaction: discord.Interaction[Any]) -> str | None:
    user = interaction.user
    roles = user.roles if isinstance(user, discord.Member) else []
    return policy_of(interaction.client).refusal(
        guild_id=interaction.guild_id,
        role_ids=(role.id for role in roles),
        manage_guild=interaction.permissions.manage_guild,
    )


async def admitted(interaction: discord.Interaction[Any]) -> bool:
    """True for a moderator in an editor server; otherwise tells the user why, privately."""
    refusal = refusal_for(interaction)
    if refusal is None:
        return True
    await send_private(interaction, refusal)
    return False


def actor_of(interaction: discord.Interaction[Any]) -> Actor:
    return Actor(interaction.user.id, str(interaction.user), interaction.guild_id)
