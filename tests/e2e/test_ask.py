"""Asking through the real client against the fake Discord: mention, /ask, and a related-question click."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from bot.client import CareerBot
from tests.support.fake_discord import FakeDiscord
from tests.support.fake_discord.running import event_handlers_done
from tests.support.fake_discord.server import CALLBACK_CHANNEL_MESSAGE, CALLBACK_UPDATE_MESSAGE

StartBot = Callable[..., Awaitable[CareerBot]]


@pytest.fixture
async def bot(start_careerbot: StartBot, tmp_path: Path) -> CareerBot:
    return await start_careerbot(database_path=tmp_path / "careerbot.sqlite3")


async def test_a_mention_gets_an_embed_reply_that_pings_nobody(fake: FakeDiscord, bot: CareerBot) -> None:
    question = "@everyone what does an AI engineer do?"
    cursor = await fake.dispatch("MESSAGE_CREATE", fake.message_from(question, mention_bot=True))
    reply = await fake.wait_for_request("POST", "/channels/{channel_id}/messages", since=cursor)
    assert reply.json["allowed_mentions"] == {"parse": [], "replied_user": False}
    assert "@everyone" not in (reply.content or "")
    assert int(reply.json["message_reference"]["channel_id"]) == fake.channel_id
    (embed,) = reply.embeds
    assert embed["title"] == "What does an AI engineer do?"
    assert any(
        c["custom_id"].startswith("careerbot:vote:")
        for row in reply.json["components"]
        for c in row["components"]
    )


async def test_slash_ask_round_trip(fake: FakeDiscord, bot: CareerBot) -> None:
    callback = await fake.interact(fake.slash_command("ask", {"question": "How much do ML engineers earn?"}))
    assert callback.json["type"] == CALLBACK_CHANNEL_MESSAGE
    assert callback.callback_data["allowed_mentions"] == {"parse": []}
    (embed,) = callback.callback_data["embeds"]
    assert embed["title"]
    assert embed["description"]


async def test_autocomplete_suggests_questions(fake: FakeDiscord, bot: CareerBot) -> None:
    callback = await fake.interact(fake.slash_command("ask", {"question": "phd"}, focused="question"))
    choices = callback.json["data"]["choices"]
    assert 1 <= len(choices) <= 25
    assert all(bot.service.snapshot.entry(choice["value"]) is not None for choice in choices)


async def test_a_related_question_button_answers_in_place(fake: FakeDiscord, bot: CareerBot) -> None:
    await fake.interact(fake.slash_command("ask", {"question": "What does an AI engineer do?"}))
    answer = fake.messages[max(fake.messages)]
    related = [
        c["custom_id"]
        for row in answer["components"]
        for c in row["components"]
        if c["custom_id"].startswith("careerbot:open:")
    ]
    assert related, "the AI engineer answer has related questions"
    entry_id = related[0].removeprefix("careerbot:open:")

    clicked = await fake.interact(fake.component(related[0], message=answer))
    assert clicked.json["type"] == CALLBACK_UPDATE_MESSAGE
    entry = bot.service.snapshot.entry(entry_id)
    assert entry is not None
    assert clicked.callback_data["embeds"][0]["title"] == entry.question


async def test_a_vote_is_stored_in_sqlite(fake: FakeDiscord, bot: CareerBot) -> None:
    await fake.interact(fake.slash_command("ask", {"question": "What does an AI engineer do?"}))
    answer = fake.messages[max(fake.messages)]
    vote = next(
        c["custom_id"]
        for row in answer["components"]
        for c in row["components"]
        if c["custom_id"].endswith(":up")
    )
    acknowledged = await fake.interact(fake.component(vote, message=answer))
    assert acknowledged.callback_data["flags"] & 64
    async with bot.storage.connection.execute("SELECT user_id, entry_id, helpful FROM feedback") as cursor:
        assert await cursor.fetchall() == [(int(fake.user["id"]), vote.split(":")[2], 1)]


async def test_mentioning_the_bots_role_asks_the_bot(fake: FakeDiscord, bot: CareerBot) -> None:
    message = fake.message_from("what does an AI engineer do?", mention_bot_role=True)
    assert message["content"].startswith(f"<@&{fake.bot_role_id}>")

    cursor = await fake.dispatch("MESSAGE_CREATE", message)
    reply = await fake.wait_for_request("POST", "/channels/{channel_id}/messages", since=cursor)

    assert reply.embeds[0]["title"] == "What does an AI engineer do?"
    await event_handlers_done()
    async with bot.storage.connection.execute("SELECT via, question FROM questions") as cursor:
        assert await cursor.fetchall() == [("mention", "what does an AI engineer do?")]
