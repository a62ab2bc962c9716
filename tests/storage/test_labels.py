"""Labels in a real SQLite file: did-you-mean picks and "not helpful" votes, until a moderator acts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.matching.result import MatchStatus
from bot.storage import LabelVerdict, LoggedQuestion, Storage

CHOSEN, NOT_THIS = LabelVerdict.CHOSEN, LabelVerdict.NOT_THIS


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    opened = await Storage.open(tmp_path / "careerbot.sqlite3")
    yield opened
    await opened.close()


async def test_the_same_label_again_counts_once_more(storage: Storage) -> None:
    await storage.record_label("Rust for  AI?", "programming-languages", CHOSEN, user_id=1)
    await storage.record_label("rust for ai?", "programming-languages", CHOSEN, user_id=2)
    await storage.record_label("rust for ai?", "programming-languages", NOT_THIS, user_id=3)
    await storage.record_label("rust for ai?", "tech-stack", CHOSEN, user_id=3)

    labels = await storage.open_labels()

    assert [(label.question, label.entry_id, label.verdict, label.times) for label in labels] == [
        ("Rust for AI?", "programming-languages", CHOSEN, 2),
        ("rust for ai?", "tech-stack", CHOSEN, 1),
        ("rust for ai?", "programming-languages", NOT_THIS, 1),
    ]


async def test_open_labels_come_most_said_first_then_newest(storage: Storage) -> None:
    for question in ("first", "second", "third"):
        await storage.record_label(question, "e", CHOSEN, user_id=1)
    await storage.record_label("first", "e", CHOSEN, user_id=1)
    assert [label.question for label in await storage.open_labels()] == ["first", "third", "second"]
    assert [label.question for label in await storage.open_labels(limit=2)] == ["first", "third"]


async def test_a_closed_label_is_no_longer_open_and_closes_once(storage: Storage) -> None:
    await storage.record_label("other", "e", NOT_THIS, user_id=1)
    await storage.record_label("q", "e", CHOSEN, user_id=1)
    first, second = await storage.open_labels()

    accepted = await storage.close_label(first.id, accepted=True, moderator_id=9)
    assert accepted is not None and accepted.question == "q" and accepted.verdict is CHOSEN
    assert await storage.close_label(first.id, accepted=False, moderator_id=9) is None
    assert await storage.close_label(second.id, accepted=False, moderator_id=9) is not None
    assert await storage.open_labels() == []
    assert await storage.close_label(12345, accepted=True, moderator_id=9) is None


async def test_a_logged_question_is_read_back_by_its_id(storage: Storage) -> None:
    row_id = await storage.record_question(
        user_id=7,
        guild_id=None,
        channel_id=8,
        via="dm",
        question="what is mlops",
        status=MatchStatus.ANSWERED,
        entry_id="mlops",
        score=0.9,
    )
    assert await storage.logged_question(row_id) == LoggedQuestion(
        row_id, "what is mlops", 7, 8, "answered", "mlops"
    )
    assert await storage.logged_question(row_id + 1) is None
