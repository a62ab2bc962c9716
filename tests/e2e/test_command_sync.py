"""Publishing slash commands: over REST only from the CLI, to the dev guild on start, and by the owner."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot import limits
from bot.client import CareerBot, sync_commands
from bot.service import AnswerService
from tests.support.fake_discord import FakeDiscord
from tests.support.fake_discord.running import settings_for

LIMIT = 30.0
GLOBAL_COMMANDS = "/applications/{application_id}/commands"
GUILD_COMMANDS = "/applications/{application_id}/guilds/{guild_id}/commands"


async def test_sync_commands_puts_the_global_commands_without_a_gateway(
    fake: FakeDiscord, answer_service: AnswerService, tmp_path: Path
) -> None:
    settings = settings_for(fake, database_path=tmp_path / "careerbot.sqlite3")
    names = await asyncio.wait_for(sync_commands(settings, answer_service, None), LIMIT)

    put = fake.find_requests("PUT", GLOBAL_COMMANDS)
    assert len(put) == 1
    assert put[0].params["application_id"] == str(fake.application_id)
    assert names == [command["name"] for command in put[0].json]
    assert fake.gateway_connections == 0
    assert not fake.find_requests("PUT", GUILD_COMMANDS)
    assert not (tmp_path / "careerbot.sqlite3").exists()  # syncing opens no database


async def test_syncing_loads_no_background_extension(
    fake: FakeDiscord, answer_service: AnswerService, tmp_path: Path, monkeypatch
) -> None:
    loaded: list[str] = []
    original = CareerBot.load_extension

    async def recording(bot: CareerBot, name: str, **options: object) -> None:
        loaded.append(name)
        await original(bot, name, **options)

    monkeypatch.setattr(CareerBot, "load_extension", recording)
    settings = settings_for(fake, database_path=tmp_path / "careerbot.sqlite3")
    await asyncio.wait_for(sync_commands(settings, answer_service, None), LIMIT)
    assert "bot.exts.faq_admin" in loaded and "bot.exts.knowledge_upkeep" not in loaded


async def test_sync_commands_to_one_guild_leaves_the_global_commands_alone(
    fake: FakeDiscord, answer_service: AnswerService, tmp_path: Path
) -> None:
    settings = settings_for(fake, database_path=tmp_path / "careerbot.sqlite3")
    names = await asyncio.wait_for(sync_commands(settings, answer_service, fake.guild_id), LIMIT)

    put = fake.find_requests("PUT", GUILD_COMMANDS)
    assert [request.params["guild_id"] for request in put] == [str(fake.guild_id)]
    assert names == [command["name"] for command in put[0].json]
    assert not fake.find_requests("PUT", GLOBAL_COMMANDS)


async def test_start_syncs_only_the_dev_guild(fake: FakeDiscord, start_careerbot) -> None:
    await start_careerbot(dev_guild_id=fake.guild_id)

    put = fake.find_requests("PUT", GUILD_COMMANDS)
    assert [request.params["guild_id"] for request in put] == [str(fake.guild_id)]
    assert not fake.find_requests("PUT", GLOBAL_COMMANDS)


async def test_owner_sync_command_in_dm_syncs_globally_and_replies(fake: FakeDiscord, careerbot) -> None:
    owner_dm = str(fake.dm_channel_id(fake.owner))

    await fake.dispatch("MESSAGE_CREATE", fake.message_from("!sync", author=fake.user, in_dm=True))
    cursor = await fake.dispatch("MESSAGE_CREATE", fake.message_from("!sync", author=fake.owner, in_dm=True))
    reply = await fake.wait_for_request(
        "POST",
        "/channels/{channel_id}/messages",
        since=cursor,
        where=lambda request: request.params["channel_id"] == owner_dm,
        timeout=LIMIT,
    )

    assert reply.content is not None and reply.content.startswith("Synced")
    assert len(fake.find_requests("PUT", GLOBAL_COMMANDS)) == 1


async def test_owner_sync_guild_by_mention_copies_commands_to_that_guild(
    fake: FakeDiscord, careerbot
) -> None:
    cursor = await fake.dispatch(
        "MESSAGE_CREATE", fake.message_from("sync guild", author=fake.owner, mention_bot=True)
    )
    reply = await fake.wait_for_request(
        "POST", "/channels/{channel_id}/messages", since=cursor, timeout=LIMIT
    )

    assert reply.params["channel_id"] == str(fake.channel_id)
    assert reply.content is not None and "to this server" in reply.content
    assert [r.params["guild_id"] for r in fake.find_requests("PUT", GUILD_COMMANDS)] == [str(fake.guild_id)]
    assert not fake.find_requests("PUT", GLOBAL_COMMANDS)


async def test_a_long_sync_refusal_is_trimmed_to_a_message(fake: FakeDiscord, careerbot) -> None:
    fake.fail("PUT", GLOBAL_COMMANDS, status=400, body={"code": 50035, "message": "Invalid Form Body " * 300})

    cursor = await fake.dispatch("MESSAGE_CREATE", fake.message_from("!sync", author=fake.owner, in_dm=True))
    reply = await fake.wait_for_request(
        "POST", "/channels/{channel_id}/messages", since=cursor, timeout=LIMIT
    )

    assert reply.content is not None
    assert reply.content.startswith("Discord refused the sync (400): Invalid Form Body")
    assert len(reply.content) <= limits.CONTENT
