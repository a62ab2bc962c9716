"""What every e2e test can rely on from the fixtures in tests/support/fake_discord/running.py."""

from __future__ import annotations

import pytest

from bot.client import CareerBot
from bot.service import AnswerService, Question
from tests.support.fake_discord import FakeDiscord
from tests.support.fake_discord.running import settings_for

CONVERSATION = "channel:user"


@pytest.mark.parametrize("run", ["first", "second"])
def test_no_conversation_carries_over_from_an_earlier_test(answer_service: AnswerService, run: str) -> None:
    assert answer_service.conversations.recall(CONVERSATION) is None
    answer_service.respond(Question("What does an AI engineer do?"), conversation=CONVERSATION)
    assert answer_service.conversations.recall(CONVERSATION) is not None


async def test_bots_do_not_watch_the_knowledge_folder(fake: FakeDiscord, careerbot: CareerBot) -> None:
    assert not settings_for(fake).knowledge_watch
    assert not careerbot.settings.knowledge_watch
