"""Interaction tokens never reach the log, at DEBUG, through the real client and the fake Discord."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest

from bot.client import CareerBot
from bot.logging_setup import configure_logging
from tests.support.fake_discord import FakeDiscord

StartBot = Callable[..., Awaitable[CareerBot]]


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


async def test_an_answered_interaction_logs_no_token_at_debug(
    restore_logging: None,
    capsys: pytest.CaptureFixture[str],
    fake: FakeDiscord,
    start_careerbot: StartBot,
    tmp_path: Path,
) -> None:
    configure_logging("DEBUG")
    await start_careerbot(database_path=tmp_path / "careerbot.sqlite3")
    interaction = fake.slash_command("ask", {"question": "How much do ML engineers earn?"})

    await fake.interact(interaction)
    await fake.interact(fake.slash_command("ask", {"question": "phd"}, focused="question"))

    err = capsys.readouterr().err
    assert "'t': 'INTERACTION_CREATE'" in err  # the raw gateway event was logged ...
    assert f"/interactions/{interaction['id']}/<redacted>/callback" in err  # ... and the callback's URL
    assert interaction["token"] not in err
    assert "interaction-token-" not in err
