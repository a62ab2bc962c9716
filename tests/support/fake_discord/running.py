"""Running the real CareerBot against a FakeDiscord, and the pytest fixtures that do it.

Use the fixtures from any conftest.py:
    from tests.support.fake_discord.running import answer_service, careerbot, fake, start_careerbot
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.client import CareerBot, discord_endpoints
from bot.config import Settings
from bot.service import AnswerService
from tests.support.fake_discord.server import FakeDiscord

START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0


def settings_for(fake: FakeDiscord, **overrides: Any) -> Settings:
    """Settings that point the bot at `fake`, with the fake's owner as bot owner and the knowledge
    folder not watched; `overrides` are Settings fields, e.g.
    `ask_channel_ids=frozenset({fake.channel_id})`."""
    base: dict[str, Any] = {
        "discord_token": fake.token,
        "discord_api_base": fake.api_base,
        "discord_gateway_url": fake.gateway_url,
        "owner_ids": frozenset({int(fake.owner["id"])}),
        "log_level": "DEBUG",
        "knowledge_watch": False,
    }
    return Settings(**(base | overrides))


@asynccontextmanager
async def running_careerbot(settings: Settings, service: AnswerService) -> AsyncIterator[CareerBot]:
    """Start a CareerBot, wait for on_ready, yield it, and stop it cleanly.

    A failure to start (bad login, fatal gateway close, extension error) is raised here rather than
    hidden in a background task."""
    assert settings.discord_token is not None
    with discord_endpoints(settings):
        async with CareerBot(settings, service, guild_ready_timeout=0.05) as bot:
            running = asyncio.create_task(bot.start(settings.discord_token), name="careerbot")
            ready = asyncio.create_task(bot.wait_until_ready())
            done, _ = await asyncio.wait(
                {running, ready}, timeout=START_TIMEOUT, return_when="FIRST_COMPLETED"
            )
            if ready not in done:
                ready.cancel()
                if running in done:
                    running.result()
                    raise AssertionError("CareerBot stopped before it was ready")
                running.cancel()
                raise AssertionError(f"CareerBot was not ready after {START_TIMEOUT}s")
            try:
                yield bot
            finally:
                await bot.close()
                await asyncio.wait_for(running, STOP_TIMEOUT)


async def event_handlers_done() -> None:
    """Wait until every event handler discord.py has started (its tasks are named "discord.py: on_...")
    has finished, e.g. the part of an answer that runs after the reply was sent."""
    while pending := [
        task for task in asyncio.all_tasks() if task.get_name().startswith("discord.py: ") and not task.done()
    ]:
        await asyncio.wait(pending)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        yield server


@pytest.fixture
def answer_service() -> AnswerService:
    """A fresh service per test, so no conversation (follow-up context) carries over between tests."""
    return AnswerService.load()


@pytest.fixture
async def start_careerbot(
    fake: FakeDiscord, answer_service: AnswerService, tmp_path: Path
) -> AsyncIterator[Callable[..., Awaitable[CareerBot]]]:
    """`bot = await start_careerbot(ask_channel_ids=...)`: a running bot with those settings and
    its database in the test's temporary folder."""
    async with AsyncExitStack() as stack:

        async def start(**overrides: Any) -> CareerBot:
            settings = settings_for(fake, **({"database_path": tmp_path / "careerbot.sqlite3"} | overrides))
            return await stack.enter_async_context(running_careerbot(settings, answer_service))

        yield start


@pytest.fixture
async def careerbot(start_careerbot: Callable[..., Awaitable[CareerBot]]) -> CareerBot:
    """A running CareerBot with default settings, logged in to `fake`."""
    return await start_careerbot()
