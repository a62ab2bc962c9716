"""What happens when a slash command fails: a short private apology for the user, the traceback in the log."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.storage import StorageUnavailable
from bot.ui.replies import apologise, send_private, storage_unavailable_text

if TYPE_CHECKING:
    from bot.client import CareerBot

log = logging.getLogger(__name__)

NOT_ALLOWED = "You can't use this command here."


class ErrorReporting(commands.Cog):
    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot
        self._previous_handler = bot.tree.on_error

    async def cog_load(self) -> None:
        self.bot.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]

    async def cog_unload(self) -> None:
        self.bot.tree.on_error = self._previous_handler  # type: ignore[method-assign]

    async def on_app_command_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.CheckFailure):
            # No failure: a check refused. /faq's moderator check says why itself; any other gets this.
            if not interaction.response.is_done():
                await send_private(interaction, NOT_ALLOWED)
            return
        command = interaction.command.qualified_name if interaction.command is not None else "?"
        if isinstance(unavailable := getattr(error, "original", error), StorageUnavailable):
            # Not a bug: the database is away (said once in the log by storage itself); say so plainly.
            log.warning("/%s refused: %s", command, unavailable)
            try:
                await send_private(interaction, storage_unavailable_text(unavailable))
            except discord.HTTPException:
                log.warning("Could not tell interaction %s that storage is unavailable", interaction.id)
            return
        log.error(
            "/%s failed (interaction %s, user %s)",
            command,
            interaction.id,
            interaction.user.id,
            exc_info=error,
        )
        await apologise(interaction)


async def setup(bot: CareerBot) -> None:
    await bot.add_cog(ErrorReporting(bot))
