"""Answering questions: mentions, DMs, messages in ask channels, and `/ask` with autocomplete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.ask._cog import Ask
from bot.views.answer import DidYouMeanSelect, OpenEntryButton

if TYPE_CHECKING:
    from bot.client import CareerBot


async def setup(bot: CareerBot) -> None:
    bot.add_dynamic_items(OpenEntryButton, DidYouMeanSelect)
    await bot.add_cog(Ask(bot))


async def teardown(bot: CareerBot) -> None:
    bot.remove_dynamic_items(OpenEntryButton, DidYouMeanSelect)
