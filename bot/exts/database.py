"""Opens the SQLite database for the other features and closes it when the bot stops.

The open `Storage` is set as `bot.storage` (read through `bot.views.context.storage_of`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from discord.ext import commands

from bot.storage import Storage

if TYPE_CHECKING:
    from bot.client import CareerBot

log = logging.getLogger(__name__)


class Database(commands.Cog):
    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        path = self.bot.settings.database_path
        self.bot.storage = await Storage.open(path)
        log.info("Database open at %s", path)

    async def cog_unload(self) -> None:
        storage = self.bot.storage
        del self.bot.storage
        await storage.close()


async def setup(bot: CareerBot) -> None:
    await bot.add_cog(Database(bot))
