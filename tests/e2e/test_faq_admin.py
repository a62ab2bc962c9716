"""/faq against the fake Discord: the real client, gateway and REST, with knowledge in tmp_path."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.client import CareerBot
from bot.knowledge.loader import default_knowledge_dir
from bot.moderation.access import NOT_MODERATOR
from bot.service import AnswerService, Question
from tests.support.fake_discord import FakeDiscord
from tests.support.fake_discord.running import running_careerbot, settings_for

LIMIT = 30.0


@pytest.fixture
async def moderated(fake: FakeDiscord, tmp_path: Path) -> AsyncIterator[tuple[CareerBot, Path]]:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), knowledge, ignore=shutil.ignore_patterns("*.md"))
    settings = settings_for(
        fake,
        database_path=tmp_path / "careerbot.sqlite3",
        editor_guild_ids=frozenset({fake.guild_id}),
        moderator_role_ids=frozenset({fake.moderator_role_id}),
        audit_channel_id=fake.channel_id,
        knowledge_watch=True,
    )
    async with running_careerbot(settings, AnswerService.load(knowledge)) as bot:
        yield bot, knowledge


def _without_permissions(interaction: dict) -> dict:
    interaction["member"]["permissions"] = "0"
    return interaction


async def test_only_the_moderator_role_may_change_synonyms_and_the_change_is_audited(
    fake: FakeDiscord, moderated: tuple[CareerBot, Path]
) -> None:
    bot, knowledge = moderated
    options = {"term": "rust", "variants": "rustlang"}

    refused = await fake.interact(
        _without_permissions(fake.slash_command("faq", options, subcommand="add", invoker=fake.user))
    )
    assert refused.callback_data["content"] == NOT_MODERATOR
    assert "rust" not in bot.service.snapshot.synonyms

    interaction = _without_permissions(
        fake.slash_command("faq", options, subcommand="add", invoker=fake.other_user)
    )
    interaction["data"]["options"] = [
        {"name": "synonym", "type": 2, "options": interaction["data"]["options"]}
    ]
    cursor = fake.cursor
    deferred = await fake.interact(interaction)
    assert deferred.json["type"] == 5  # answered at once; the outcome follows
    saved = await fake.wait_for_request("POST", "/webhooks/{application_id}/{token}", since=cursor)
    assert saved.content.startswith("Saved as change #1")
    assert bot.service.snapshot.synonyms["rust"] == ("rustlang",)
    assert "  rust:\n    - rustlang\n" in (knowledge / "synonyms.yaml").read_text()

    post = await fake.wait_for_request("POST", "/channels/{channel_id}/messages", since=cursor)
    assert post.params["channel_id"] == str(fake.channel_id)
    assert post.content.startswith("Knowledge change #1 by bob")
    assert post.files[0].filename == "change-1.diff"


async def test_a_file_saved_on_disk_is_picked_up_and_a_broken_save_changes_nothing(
    fake: FakeDiscord, moderated: tuple[CareerBot, Path]
) -> None:
    bot, knowledge = moderated
    path = knowledge / "faq" / "salary.yaml"
    original = path.read_text()
    edited = original.replace(
        "question: How does AI and ML engineer pay differ by location?", "question: Pay by city?"
    )

    async def until(condition, write) -> None:
        while not condition():
            write()
            await asyncio.sleep(0.3)

    await asyncio.wait_for(
        until(
            lambda: bot.service.snapshot.entry("salary-by-location").question == "Pay by city?",
            lambda: path.write_text(edited),
        ),
        LIMIT,
    )
    served = bot.service.snapshot
    cursor = fake.cursor
    path.write_text("entries: [\n")
    report = await fake.wait_for_request(
        "POST",
        "/channels/{channel_id}/messages",
        since=cursor,
        where=lambda request: "has errors" in (request.content or ""),
        timeout=LIMIT,
    )
    assert "knowledge/faq/salary.yaml:" in report.content
    assert bot.service.snapshot is served
    assert bot.service.respond(Question("Pay by city?")).entry_id == "salary-by-location"
