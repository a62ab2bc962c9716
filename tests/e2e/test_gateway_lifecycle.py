"""The real CareerBot logging in to the fake Discord, surviving rate limits and dropped connections."""

from __future__ import annotations

import asyncio
import logging

import discord
import pytest

from bot.client import CareerBot
from tests.support.fake_discord import FakeDiscord

LIMIT = 30.0
MESSAGES = "/channels/{channel_id}/messages"


async def test_login_identifies_and_sees_the_guild(
    fake: FakeDiscord, start_careerbot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    bot: CareerBot = await start_careerbot()

    assert bot.user is not None and bot.user.id == fake.application_id
    guild = bot.get_guild(fake.guild_id)
    assert guild is not None and not guild.unavailable
    assert isinstance(guild.get_channel(fake.channel_id), discord.TextChannel)
    assert guild.owner_id == int(fake.owner["id"])
    identify = fake.identifies[0]
    assert identify["shard"] == [0, 1]
    assert identify["intents"] == discord.Intents(guilds=True, guild_messages=True, dm_messages=True).value
    for path in ("/users/@me", "/oauth2/applications/@me", "/gateway/bot"):
        assert fake.find_requests("GET", path), f"the bot never called GET {path}"
    assert not fake.find_requests("PUT", "/applications/{application_id}/commands")
    assert fake.token not in caplog.text


async def test_ask_channels_turn_on_the_message_content_intent(fake: FakeDiscord, start_careerbot) -> None:
    await start_careerbot(ask_channel_ids=frozenset({fake.channel_id}))

    assert fake.identifies[0]["intents"] & discord.Intents(message_content=True).value


async def test_fixed_shard_count_connects_through_the_configured_gateway(
    fake: FakeDiscord, start_careerbot
) -> None:
    bot: CareerBot = await start_careerbot(shard_count=1, shard_ids=(0,))

    assert not fake.find_requests("GET", "/gateway/bot")
    assert fake.identifies[0]["shard"] == [0, 1]
    assert bot.shard_count == 1


async def test_rate_limited_message_is_retried_until_sent(fake: FakeDiscord, careerbot: CareerBot) -> None:
    fake.rate_limit("POST", MESSAGES, times=2, retry_after=0.05)
    channel = careerbot.get_channel(fake.channel_id)
    assert isinstance(channel, discord.TextChannel)

    sent = await asyncio.wait_for(channel.send("salary figures"), LIMIT)

    assert sent.content == "salary figures"
    assert [request.status for request in fake.find_requests("POST", MESSAGES)] == [429, 429, 200]


async def test_messages_sent_ping_nobody(fake: FakeDiscord, careerbot: CareerBot) -> None:
    channel = careerbot.get_channel(fake.channel_id)
    assert isinstance(channel, discord.TextChannel)

    await asyncio.wait_for(channel.send(f"<@{fake.user['id']}> @everyone"), LIMIT)

    request = await fake.wait_for_request("POST", MESSAGES)
    assert request.json["allowed_mentions"] == {"parse": []}


async def test_resumes_after_the_gateway_drops_and_keeps_receiving(
    fake: FakeDiscord, careerbot: CareerBot
) -> None:
    await fake.close_gateway(code=4000)
    await fake.wait_until(lambda: fake.resumes and fake.is_connected(), timeout=LIMIT, describe="a RESUME")

    received = asyncio.ensure_future(careerbot.wait_for("message", timeout=LIMIT))
    await fake.dispatch("MESSAGE_CREATE", fake.message_from("still there?", mention_bot=True))
    message = await asyncio.wait_for(received, LIMIT)

    assert message.content.endswith("still there?")
    assert len(fake.identifies) == 1
    assert fake.resumes[0]["session_id"]


async def test_identifies_again_when_the_session_is_invalidated(
    fake: FakeDiscord, careerbot: CareerBot
) -> None:
    await fake.invalidate_session(resumable=False)
    await fake.wait_until(
        lambda: len(fake.identifies) == 2 and fake.is_connected(), timeout=LIMIT, describe="a second IDENTIFY"
    )
    channel = careerbot.get_channel(fake.channel_id)
    assert isinstance(channel, discord.TextChannel)

    sent = await asyncio.wait_for(channel.send("back"), LIMIT)

    assert sent.content == "back"


async def test_messages_from_bots_are_never_dispatched(fake: FakeDiscord, careerbot: CareerBot) -> None:
    other_bot = {**fake.other_user, "bot": True}
    received = asyncio.ensure_future(careerbot.wait_for("message", timeout=LIMIT))

    await fake.dispatch("MESSAGE_CREATE", fake.message_from("beep", author=other_bot, mention_bot=True))
    await fake.dispatch("MESSAGE_CREATE", fake.message_from("from a person", mention_bot=True))
    message = await asyncio.wait_for(received, LIMIT)

    assert message.author.id == int(fake.user["id"])
