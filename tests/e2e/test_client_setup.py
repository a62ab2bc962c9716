"""CareerBot's construction-time choices, checked without a connection."""

from __future__ import annotations

import logging

import discord
import pytest

from bot.client import CareerBot, discord_endpoints, intents_for, run_bot
from bot.config import DEFAULT_API_BASE, Settings, SettingsError
from bot.exts import discover_extensions
from bot.service import AnswerService


def test_endpoint_overrides_apply_inside_and_are_restored_after() -> None:
    settings = Settings(
        discord_api_base="http://127.0.0.1:1/api/v10", discord_gateway_url="ws://127.0.0.1:1/gw"
    )

    with discord_endpoints(settings):
        assert discord.http.Route("GET", "/users/@me").url == "http://127.0.0.1:1/api/v10/users/@me"
        assert str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY) == "ws://127.0.0.1:1/gw"

    assert discord.http.Route("GET", "/users/@me").url == f"{DEFAULT_API_BASE}/users/@me"
    assert str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY) == "wss://gateway.discord.gg/"


def test_message_content_intent_only_with_ask_channels() -> None:
    plain = intents_for(Settings())
    with_channels = intents_for(Settings(ask_channel_ids=frozenset({1})))

    assert (plain.guilds, plain.guild_messages, plain.dm_messages) == (True, True, True)
    assert not plain.message_content and not plain.members and not plain.presences
    assert with_channels.message_content


async def test_bot_wide_settings(answer_service: AnswerService) -> None:
    settings = Settings(shard_count=4, shard_ids=(1, 2), owner_ids=frozenset({7}))

    async with CareerBot(settings, answer_service) as bot:
        assert bot.allowed_mentions is not None
        assert bot.allowed_mentions.to_dict() == {"parse": []}
        assert (bot.shard_count, bot.shard_ids) == (4, [1, 2])
        assert bot.owner_ids == {7}


async def test_unsharded_settings_leave_sharding_to_discord(answer_service: AnswerService) -> None:
    async with CareerBot(Settings(), answer_service) as bot:
        assert (bot.shard_count, bot.shard_ids) == (None, None)
        assert bot.owner_ids is None


def test_extensions_are_discovered_sorted_and_private_modules_skipped() -> None:
    names = discover_extensions()

    assert "bot.exts.admin" in names
    assert list(names) == sorted(names)
    assert not [name for name in names if name.rpartition(".")[2].startswith("_")]


async def test_run_bot_without_a_token_explains_console_mode(answer_service: AnswerService) -> None:
    with pytest.raises(SettingsError, match="DISCORD_TOKEN must be set"):
        await run_bot(Settings(), answer_service)


async def test_no_message_content_warning_without_ask_channels(
    start_careerbot, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="discord"):
        await start_careerbot()
    assert not [r for r in caplog.records if "message content intent" in r.getMessage()]
