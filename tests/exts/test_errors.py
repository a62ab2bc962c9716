from __future__ import annotations

import logging
from pathlib import Path

import discord
import pytest

from bot.answers.compose import Answer
from bot.service import AnswerService, Request
from bot.ui.replies import APOLOGY
from tests.support.harness import CALLBACK_DEFER, Harness


async def test_a_failing_command_apologises_privately_and_logs_the_traceback(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    @harness.bot.tree.command(name="boom", description="Always fails")
    async def boom(interaction: discord.Interaction) -> None:
        raise RuntimeError("kaboom")

    with caplog.at_level(logging.ERROR):
        (reply,) = await harness.slash("boom")
    assert reply.ephemeral and reply.content == APOLOGY
    (record,) = [r for r in caplog.records if r.name == "bot.exts.errors"]
    assert "/boom failed" in record.getMessage()
    assert record.exc_info is not None and "kaboom" in repr(record.exc_info[1].__cause__)


async def test_a_failure_after_deferring_apologises_in_a_follow_up(harness: Harness) -> None:
    @harness.bot.tree.command(name="slowboom", description="Defers, then fails")
    async def slowboom(interaction: discord.Interaction) -> None:
        await interaction.response.defer()
        raise RuntimeError("late kaboom")

    defer, apology = await harness.slash("slowboom")
    assert defer.callback_type == CALLBACK_DEFER
    assert apology.path == "/webhooks/{webhook_id}/{webhook_token}"
    assert apology.ephemeral and apology.content == APOLOGY


class BrokenService(AnswerService):
    def respond(
        self, request: Request, *, conversation: str | None = None, conversation_ttl: float | None = None
    ) -> Answer | None:
        raise RuntimeError("knowledge exploded")


async def test_a_failing_button_apologises_and_the_bot_keeps_answering(
    harness: Harness, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (reply,) = await harness.slash("ask", {"question": "What does an AI engineer do?"})
    working = harness.bot.service
    harness.bot.service = BrokenService(tmp_path, working.snapshot)
    with caplog.at_level(logging.ERROR):
        (clicked,) = await harness.click("careerbot:open:ml-engineer-role", harness.message_for(reply))
    assert clicked.ephemeral and clicked.content == APOLOGY
    assert any(r.exc_info and "knowledge exploded" in str(r.exc_info[1]) for r in caplog.records)

    harness.bot.service = working
    (again,) = await harness.click("careerbot:open:ml-engineer-role", harness.message_for(reply))
    assert again.embeds[0]["title"] == "What does a machine learning engineer do?"


async def test_a_failing_mention_apologises_in_the_channel(
    harness: Harness, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    class BrokenAsk(AnswerService):
        def respond(
            self, request: Request, *, conversation: str | None = None, conversation_ttl: float | None = None
        ) -> Answer | None:
            raise RuntimeError("matcher exploded")

    harness.bot.service = BrokenAsk(tmp_path, harness.bot.service.snapshot)
    with caplog.at_level(logging.ERROR):
        (reply,) = await harness.say("What does an AI engineer do?")
    assert "Sorry, something went wrong" in reply.content
    assert reply.body["allowed_mentions"]["parse"] == []
    assert any(r.exc_info and "matcher exploded" in str(r.exc_info[1]) for r in caplog.records)
