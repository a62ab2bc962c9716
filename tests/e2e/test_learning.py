"""Learning from use across commands, through the real client against the fake Discord: a did-you-mean
pick becomes a label, /faq gaps offers it, a moderator accepts it, and the question is then answered."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.client import CareerBot
from bot.knowledge.loader import default_knowledge_dir
from bot.service import AnswerService, Question
from bot.storage import Label
from tests.support.fake_discord import FakeDiscord
from tests.support.fake_discord.running import running_careerbot, settings_for
from tests.support.fake_discord.server import CALLBACK_UPDATE_MESSAGE

LIMIT = 30.0
AMBIGUOUS = "ai vs ml engineer"  # the shipped knowledge asks: salary-comparison, ai-vs-ml-engineer, ...?
PICKED = "salary-comparison"


@pytest.fixture
async def bot(fake: FakeDiscord, tmp_path: Path) -> AsyncIterator[CareerBot]:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), knowledge, ignore=shutil.ignore_patterns("*.md"))
    settings = settings_for(
        fake,
        database_path=tmp_path / "careerbot.sqlite3",
        editor_guild_ids=frozenset({fake.guild_id}),
        moderator_role_ids=frozenset({fake.moderator_role_id}),
        knowledge_watch=False,
    )
    async with running_careerbot(settings, AnswerService.load(knowledge)) as running:
        yield running


def _custom_ids(message: dict) -> list[str]:
    return [c["custom_id"] for row in message.get("components", []) for c in row["components"]]


async def _open_labels(bot: CareerBot) -> list[Label]:
    """The labels once the click's label is written (it is written after the click is answered)."""
    assert bot.storage is not None
    while not (labels := await bot.storage.open_labels()):
        await asyncio.sleep(0.05)
    return labels


async def test_a_pick_becomes_an_alternate_once_a_moderator_accepts_it(
    fake: FakeDiscord, bot: CareerBot
) -> None:
    cursor = await fake.dispatch("MESSAGE_CREATE", fake.message_from(AMBIGUOUS, mention_bot=True))
    reply = await fake.wait_for_request("POST", "/channels/{channel_id}/messages", since=cursor)
    assert reply.embeds[0]["title"] == "Did you mean...?"
    asked = fake.messages[max(fake.messages)]
    (pick,) = [cid for cid in _custom_ids(asked) if cid.startswith("careerbot:pick:")]

    await fake.interact(fake.component(pick, message=asked, values=[PICKED]))
    (label,) = await asyncio.wait_for(_open_labels(bot), LIMIT)
    assert (label.question, label.entry_id) == (AMBIGUOUS, PICKED)
    assert AMBIGUOUS not in bot.service.snapshot.entry(PICKED).alternates  # nothing without a moderator

    gaps = await fake.interact(
        fake.slash_command("faq", {"days": 7}, subcommand="gaps", invoker=fake.other_user)
    )
    offered = await fake.wait_for_request(
        "POST",
        "/webhooks/{application_id}/{token}",
        since=gaps.index,
        where=lambda request: any(e.get("title") == "What askers told me" for e in request.embeds),
    )
    offer = fake.messages[max(fake.messages)]
    assert offer["embeds"] == offered.embeds
    accept = next(
        c["custom_id"]
        for row in offer["components"]
        for c in row["components"]
        if c.get("label") == "1. Add as a wording"
    )

    accepted = await fake.interact(fake.component(accept, message=offer, invoker=fake.other_user))

    assert accepted.json["type"] == CALLBACK_UPDATE_MESSAGE
    assert accepted.callback_data["content"].startswith(
        f"Saved as change #1: added an alternate to '{PICKED}'"
    )
    assert AMBIGUOUS in bot.service.snapshot.entry(PICKED).alternates
    assert bot.service.respond(Question(AMBIGUOUS)).entry_id == PICKED
    answered = await fake.interact(fake.slash_command("ask", {"question": AMBIGUOUS}, in_dm=True))
    assert answered.callback_data["embeds"][0]["title"] == bot.service.snapshot.entry(PICKED).question
    assert bot.storage is not None and await bot.storage.open_labels() == []
