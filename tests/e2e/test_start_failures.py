"""What a deployment meets at start, each said in one sentence (bot.client.explained_failures)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.client import StartFailed, explained_failures
from bot.config import Settings
from bot.storage import Storage


async def test_a_database_that_cannot_be_opened_says_which_file(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file where the database's folder should be")
    path = tmp_path / "taken" / "careerbot.sqlite3"
    settings = Settings(database_path=path)
    with pytest.raises(StartFailed, match="taken") as failed, explained_failures(settings):
        await Storage.open(path)
    assert "Traceback" not in str(failed.value) and "\n" not in str(failed.value)
