"""Background upkeep: pruning the question log (the watcher itself: tests/moderation/test_watcher.py)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.harness import Harness
from tests.support.moderation_driver import faq_harness, log_question


@pytest.fixture
async def running(tmp_path: Path) -> AsyncIterator[tuple[Harness, Path]]:
    async with faq_harness(tmp_path) as pair:
        yield pair


async def test_a_failed_prune_is_logged_and_the_next_one_runs(
    running: tuple[Harness, Path], caplog: pytest.LogCaptureFixture
) -> None:
    harness, _ = running
    cog = harness.bot.get_cog("KnowledgeUpkeep")
    connection = harness.bot.storage.connection
    await connection.execute("ALTER TABLE questions RENAME TO questions_elsewhere")

    with caplog.at_level(logging.ERROR, logger="bot.exts.knowledge_upkeep"):
        await cog._prune()

    (failure,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "Pruning the logged questions failed" in failure.getMessage() and failure.exc_info
    await connection.execute("ALTER TABLE questions_elsewhere RENAME TO questions")
    await log_question(harness, "an old question")
    await connection.execute("UPDATE questions SET asked_at = 0")
    await cog._prune()
    async with connection.execute("SELECT COUNT(*) FROM questions") as cursor:
        assert await cursor.fetchone() == (0,)
