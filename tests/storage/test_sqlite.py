from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.client import StartFailed, explained_failures
from bot.config import Settings
from bot.matching.result import MatchStatus
from bot.storage import LabelVerdict, Storage, StorageFailed, StorageUnavailable, VoteOutcome


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    opened = await Storage.open(tmp_path / "data" / "careerbot.sqlite3")
    yield opened
    await opened.close()


async def test_open_creates_the_schema_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "new" / "bot.sqlite3"
    storage = await Storage.open(path)
    await storage.close()
    with sqlite3.connect(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    assert {"questions", "feedback"} <= tables
    assert mode == "wal"


async def test_reopening_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    first = await Storage.open(path)
    await first.record_feedback(message_id=1, user_id=2, entry_id="e", helpful=True)
    await first.close()
    second = await Storage.open(path)
    vote = await second.record_feedback(message_id=1, user_id=2, entry_id="e", helpful=True)
    await second.close()
    assert vote is VoteOutcome.UNCHANGED


async def test_questions_are_logged(storage: Storage) -> None:
    row_id = await storage.record_question(
        user_id=7,
        guild_id=None,
        channel_id=8,
        via="dm",
        question="what is mlops",
        status=MatchStatus.UNSURE,
        entry_id=None,
        score=0.2,
    )
    async with storage.connection.execute(
        "SELECT user_id, guild_id, via, question, status, entry_id FROM questions WHERE id = ?", (row_id,)
    ) as cursor:
        assert await cursor.fetchone() == (7, None, "dm", "what is mlops", "unsure", None)


async def test_a_second_vote_changes_the_first(storage: Storage) -> None:
    vote = {"message_id": 10, "user_id": 20, "entry_id": "salary-comparison"}
    assert await storage.record_feedback(**vote, helpful=True) is VoteOutcome.RECORDED
    assert await storage.record_feedback(**vote, helpful=True) is VoteOutcome.UNCHANGED
    assert await storage.record_feedback(**vote, helpful=False) is VoteOutcome.CHANGED
    assert await storage.record_feedback(**vote, helpful=False) is VoteOutcome.UNCHANGED
    async with storage.connection.execute("SELECT helpful FROM feedback") as cursor:
        assert await cursor.fetchall() == [(0,)]


async def test_votes_are_per_user_entry_and_message(storage: Storage) -> None:
    first = {"message_id": 1, "user_id": 1, "entry_id": "a"}
    others = [first | {"user_id": 2}, first | {"message_id": 2}, first | {"entry_id": "b"}]
    await storage.record_feedback(**first, helpful=True)
    for vote in others:
        assert await storage.record_feedback(**vote, helpful=False) is VoteOutcome.RECORDED
    assert await storage.record_feedback(**first, helpful=True) is VoteOutcome.UNCHANGED


async def _log(storage: Storage) -> int:
    return await storage.record_question(
        user_id=1,
        guild_id=None,
        channel_id=None,
        via="dm",
        question="q",
        status=MatchStatus.UNSURE,
        entry_id=None,
        score=0.0,
    )


async def test_busy_timeout_is_set_before_anything_else(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "bot.sqlite3")
    async with storage.connection.execute("PRAGMA busy_timeout") as cursor:
        assert (await cursor.fetchone())[0] >= 5000
    await storage.close()


async def test_a_database_deleted_while_stopped_is_not_recreated_empty(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    first = await Storage.open(path)
    await _log(first)
    await first.close()
    for leftover in tmp_path.glob("bot.sqlite3*"):
        if leftover.suffix != ".id":
            leftover.unlink()

    with pytest.raises(
        StorageFailed, match=r"is gone.*Restore the file from a backup, or delete .*bot.sqlite3.id"
    ):
        await Storage.open(path)
    assert not path.exists()

    (tmp_path / "bot.sqlite3.id").unlink()  # the deliberate way to start empty
    again = await Storage.open(path)
    await again.close()


async def test_a_database_deleted_while_running_is_named_at_the_next_use(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "bot.sqlite3"
    storage = await Storage.open(path)
    try:
        await _log(storage)
        path.unlink()
        with pytest.raises(StorageUnavailable, match="was deleted while the bot was running"):
            await _log(storage)
        with pytest.raises(StorageUnavailable, match="deleted"):
            await storage.question_stats(1)
        assert [r.getMessage() for r in caplog.records if r.levelname == "CRITICAL"] == [
            f"Storage unavailable: the database file {path} was deleted while the bot was running; nothing "
            "more is stored. Restore it from a backup (or delete bot.sqlite3.id to start empty), then "
            "restart the bot"
        ]  # once, not at every use
    finally:
        await storage.close()
    with pytest.raises(StorageFailed, match="is gone"):
        await Storage.open(path)


async def test_a_read_only_database_is_named_at_start_and_while_running(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    storage = await Storage.open(path)
    try:
        path.chmod(0o444)
        with pytest.raises(StorageUnavailable, match="became read-only"):
            await _log(storage)
    finally:
        await storage.close()
    with pytest.raises(StorageFailed, match="is read-only"):
        await Storage.open(path)
    path.chmod(0o644)
    reopened = await Storage.open(path)
    assert await _log(reopened) > 0
    await reopened.close()


async def test_a_damaged_database_stops_the_start_with_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    path.write_bytes(b"this is not an SQLite file at all" * 200)
    with (
        pytest.raises(StartFailed, match="is damaged") as failed,
        explained_failures(Settings(database_path=path)),
    ):
        await Storage.open(path)
    assert "\n" not in str(failed.value) and "restore it from a backup" in str(failed.value)


async def test_a_truncated_database_is_damaged_too(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    storage = await Storage.open(path)
    for n in range(300):
        await storage.record_label(f"question number {n} " * 20, "e", LabelVerdict.CHOSEN, user_id=1)
    await storage.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(StorageFailed, match="damaged"):
        await Storage.open(path)
