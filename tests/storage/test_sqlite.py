from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.matching.result import MatchStatus
from bot.storage import Storage, VoteOutcome


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
