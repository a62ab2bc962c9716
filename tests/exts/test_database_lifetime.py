"""The database outlives every extension: open before the first loads, closed after the last unloads."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from discord.ext import commands

from bot.client import CareerBot
from tests.support.harness import running_harness
from tests.support.sample_knowledge import SNAPSHOT


class RecordsOnUnload(commands.Cog):
    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot

    async def cog_unload(self) -> None:
        await self.bot.storage.record_question(
            user_id=1,
            guild_id=None,
            channel_id=None,
            via="dm",
            question="bye",
            status="unsure",
            entry_id=None,
            score=0.0,
        )


async def test_a_cog_can_still_write_while_the_bot_closes(tmp_path: Path) -> None:
    async with running_harness(tmp_path, SNAPSHOT) as harness:
        await harness.bot.add_cog(RecordsOnUnload(harness.bot))

    with sqlite3.connect(tmp_path / "careerbot.sqlite3") as connection:
        assert connection.execute("SELECT question FROM questions").fetchall() == [("bye",)]


async def test_the_database_is_closed_after_the_bot_closes(tmp_path: Path) -> None:
    async with running_harness(tmp_path, SNAPSHOT) as harness:
        storage = harness.bot.storage

    with pytest.raises(ValueError, match="no active connection"):
        await storage.record_question(
            user_id=1,
            guild_id=None,
            channel_id=None,
            via="dm",
            question="late",
            status="unsure",
            entry_id=None,
            score=0.0,
        )
