"""Answering forum posts: a new post in a listed forum gets an answer in its thread when the bot is
sure, and its owner's follow-ups are answered there with the thread as the conversation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.forums._cog import Forums

if TYPE_CHECKING:
    from bot.client import CareerBot


async def setup(bot: CareerBot) -> None:
    await bot.add_cog(Forums(bot))
