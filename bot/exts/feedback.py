"""Helpful / not-helpful votes on answers: the buttons are sent with every answer (bot/views/answer.py);
registering their class here lets buttons on messages sent before a restart keep working."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.views.feedback import VoteButton

if TYPE_CHECKING:
    from bot.client import CareerBot


async def setup(bot: CareerBot) -> None:
    bot.add_dynamic_items(VoteButton)


async def teardown(bot: CareerBot) -> None:
    bot.remove_dynamic_items(VoteButton)
