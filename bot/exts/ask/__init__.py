"""Answering questions: mentions, DMs, messages in ask channels, and `/ask` with autocomplete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.ask._cog import Ask

if TYPE_CHECKING:
    from bot.client import CareerBot


async def setup(bot: CareerBot) -> None:
    await bot.add_cog(Ask(bot))
