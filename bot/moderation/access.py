"""Who may change the shared knowledge base: decided from plain facts, so it is tested without Discord."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

IN_DM = "The /faq commands work only in a server, not in direct messages."
NO_EDITOR_GUILDS = (
    "Editing is switched off: the knowledge base is shared by every server, and no server is listed "
    "in EDITOR_GUILD_IDS. Ask the bot's owner to add the moderators' server there."
)
NOT_EDITOR_GUILD = (
    "This server can't change the knowledge base: it is shared by every server the bot is in, so only "
    "the servers listed in EDITOR_GUILD_IDS may edit it."
)
NOT_MODERATOR = "Only members with the Manage Server permission or a moderator role can use /faq here."


@dataclass(frozen=True, slots=True)
class EditorPolicy:
    editor_guild_ids: frozenset[int]
    moderator_role_ids: frozenset[int]

    def refusal(self, *, guild_id: int | None, role_ids: Iterable[int], manage_guild: bool) -> str | None:
        """Why this member may not use /faq, or None when they may."""
        if guild_id is None:
            return IN_DM
        if not self.editor_guild_ids:
            return NO_EDITOR_GUILDS
        if guild_id not in self.editor_guild_ids:
            return NOT_EDITOR_GUILD
        if manage_guild or not self.moderator_role_ids.isdisjoint(role_ids):
            return None
        return NOT_MODERATOR
