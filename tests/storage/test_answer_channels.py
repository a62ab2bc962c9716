"""The answer channels moderators choose (/faq channels), and questions per day (/faq stats chart)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.matching.result import MatchStatus
from bot.storage import DAY, ChannelKind, Storage

NOW = 20_000 * DAY + 3_600.0  # 4 October 2024, 01:00 UTC


async def test_no_choice_is_none_an_empty_choice_is_empty_and_the_last_choice_wins(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    storage = await Storage.open(path)
    try:
        assert await storage.answer_channels(ChannelKind.ASK) is None
        await storage.set_answer_channels(ChannelKind.FORUM, frozenset({3, 1}), moderator_id=7)
        await storage.set_answer_channels(ChannelKind.ASK, frozenset(), moderator_id=7)
        await storage.set_answer_channels(ChannelKind.FORUM, frozenset({2}), moderator_id=8)
    finally:
        await storage.close()
    reopened = await Storage.open(path)
    try:
        assert await reopened.answer_channels(ChannelKind.ASK) == frozenset()
        assert await reopened.answer_channels(ChannelKind.FORUM) == frozenset({2})
    finally:
        await reopened.close()


async def _asked(storage: Storage, at: float, status: MatchStatus) -> None:
    row = await storage.record_question(
        user_id=1,
        guild_id=None,
        channel_id=None,
        via="dm",
        question="q",
        status=status,
        entry_id=None,
        score=0,
    )
    await storage.connection.execute("UPDATE questions SET asked_at = ? WHERE id = ?", (at, row))
    await storage.connection.commit()


async def test_questions_per_day_count_each_outcome_and_keep_the_quiet_days(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "db.sqlite3")
    try:
        await _asked(storage, NOW - 2 * DAY, MatchStatus.ANSWERED)
        await _asked(storage, NOW - 2 * DAY, MatchStatus.UNSURE)
        await _asked(storage, NOW - 60, MatchStatus.AMBIGUOUS)
        await _asked(storage, NOW - 60, MatchStatus.ANSWERED)
        await _asked(storage, NOW - 9 * DAY, MatchStatus.ANSWERED)  # before the period

        days = await storage.question_days(3, now=NOW)
    finally:
        await storage.close()
    assert [day.day for day in days] == [
        date(2024, 10, 1),
        date(2024, 10, 2),
        date(2024, 10, 3),
        date(2024, 10, 4),
    ]
    assert [(d.answered, d.ambiguous, d.unsure) for d in days] == [(0, 0, 0), (1, 0, 1), (0, 0, 0), (1, 1, 0)]
    assert sum(day.questions for day in days) == 4


async def test_an_empty_log_has_days_and_no_questions(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "db.sqlite3")
    try:
        days = await storage.question_days(1, now=NOW)
    finally:
        await storage.close()
    assert [d.questions for d in days] == [0, 0]
