"""`/faq`: moderators edit, reload, import and audit the knowledge base from Discord."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.faq_admin._cog import FaqAdmin

if TYPE_CHECKING:
    from bot.client import CareerBot


async def setup(bot: CareerBot) -> None:
    await bot.add_cog(FaqAdmin(bot))
