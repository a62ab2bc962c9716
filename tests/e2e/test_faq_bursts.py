"""Twenty moderators saving at once, against the fake Discord with its 3-second rule enforced."""

from __future__ import annotations

import asyncio
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.client import CareerBot
from bot.knowledge.loader import default_knowledge_dir
from bot.service import AnswerService
from tests.support.fake_discord import FakeDiscord
from tests.support.fake_discord.running import running_careerbot, settings_for
from tests.support.fake_discord.server import RecordedRequest

MODERATORS = 20
CALLBACK_MODAL = 9
CALLBACK_DEFERRED = 5
LIMIT = 300.0


@pytest.fixture
async def moderated(fake: FakeDiscord, tmp_path: Path) -> AsyncIterator[tuple[CareerBot, Path]]:
    knowledge = tmp_path / "knowledge"  # the shipped knowledge: a save takes as long as it really does
    shutil.copytree(default_knowledge_dir(), knowledge, ignore=shutil.ignore_patterns("*.md"))
    settings = settings_for(
        fake,
        database_path=tmp_path / "careerbot.sqlite3",
        editor_guild_ids=frozenset({fake.guild_id}),
        moderator_role_ids=frozenset({fake.moderator_role_id}),
        audit_channel_id=fake.channel_id,
    )
    async with running_careerbot(settings, AnswerService.load(knowledge)) as bot:
        yield bot, knowledge


async def _open_add_form(fake: FakeDiscord) -> tuple[str, list[str]]:
    """``/faq add`` as bob (a moderator): the modal's custom id and its text inputs' ids."""
    callback = await fake.interact(fake.slash_command("faq", subcommand="add", invoker=fake.other_user))
    assert callback.json["type"] == CALLBACK_MODAL
    modal = callback.json["data"]
    inputs = [item["custom_id"] for row in modal["components"] for item in row["components"]]
    return modal["custom_id"], inputs


async def _first_response(fake: FakeDiscord, interaction: dict) -> RecordedRequest:
    """The bot's callback for ``interaction``, also when the fake refused it as too late."""
    cursor = await fake.dispatch("INTERACTION_CREATE", interaction)
    return await fake.wait_for_request(
        "POST",
        "/interactions/{interaction_id}/{token}/callback",
        since=cursor,
        where=lambda request: request.params["interaction_id"] == interaction["id"],
        status=None,
        timeout=LIMIT,
    )


async def test_twenty_saves_at_once_are_each_answered_in_time_saved_and_posted_once(
    fake: FakeDiscord, moderated: tuple[CareerBot, Path]
) -> None:
    bot, knowledge = moderated
    forms = [await _open_add_form(fake) for _ in range(MODERATORS)]
    fake.interaction_deadline = 3.0
    cursor = fake.cursor
    questions = [f"Burst question number {number}?" for number in range(MODERATORS)]
    submits = [
        fake.modal_submit(
            custom_id,
            dict(zip(inputs, [question, "", "A plain answer.", "career", ""], strict=True)),
            invoker=fake.other_user,
        )
        for (custom_id, inputs), question in zip(forms, questions, strict=True)
    ]

    callbacks = await asyncio.gather(*(_first_response(fake, submit) for submit in submits))

    assert fake.late_callbacks == []
    assert all(callback.status == 200 for callback in callbacks)
    assert {callback.json["type"] for callback in callbacks} == {CALLBACK_DEFERRED}
    replies = [
        await fake.wait_for_request(
            "POST",
            "/webhooks/{application_id}/{token}",
            since=cursor,
            where=lambda request, token=submit["token"]: request.params["token"] == token,
            timeout=LIMIT,
        )
        for submit in submits
    ]
    assert all(reply.content.startswith("Saved as change #") for reply in replies)
    on_disk = (knowledge / "faq" / "career.yaml").read_text()
    assert all(question in on_disk for question in questions)
    served = {entry.question for entry in bot.service.snapshot.entries}
    assert served >= set(questions)

    async def audit_posts() -> list[str]:
        while True:
            posts = [
                request.content or ""
                for request in fake.find_requests("POST", "/channels/{channel_id}/messages", since=cursor)
                if request.params["channel_id"] == str(fake.channel_id)
            ]
            if len(posts) >= MODERATORS:
                return posts
            await asyncio.sleep(0.05)

    posts = await asyncio.wait_for(audit_posts(), LIMIT)
    await asyncio.sleep(0.5)  # any extra post would come now
    posts = await audit_posts()
    numbers = [int(re.match(r"Knowledge change #(\d+) ", post)[1]) for post in posts]
    assert len(numbers) == len(set(numbers)) == MODERATORS
    slugs = {question.lower().rstrip("?").replace(" ", "-") for question in questions}
    named = {slug for slug in slugs for post in posts if f"'{slug}'" in post}
    assert named == slugs
