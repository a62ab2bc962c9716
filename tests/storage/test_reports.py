"""The reports storage reads for /faq gaps and /faq stats, and pruning the question log."""

from __future__ import annotations

import time

from bot.matching.result import MatchStatus
from bot.storage import DAY, MAX_GAP_QUESTIONS, Storage, since
from tests.storage.conftest import execute


async def test_gap_questions_include_unanswered_and_not_helpful(storage: Storage) -> None:
    common = {"guild_id": 1, "channel_id": 2, "via": "slash", "score": 0.1}
    await storage.record_question(
        user_id=5, question="rust?", status=MatchStatus.UNSURE, entry_id=None, **common
    )
    await storage.record_question(
        user_id=5, question="which one?", status=MatchStatus.AMBIGUOUS, entry_id=None, **common
    )
    await storage.record_question(
        user_id=6, question="pay in NYC", status=MatchStatus.ANSWERED, entry_id="pay", **common
    )
    await storage.record_question(
        user_id=7, question="fine", status=MatchStatus.ANSWERED, entry_id="pay", **common
    )
    await storage.record_feedback(message_id=9, user_id=6, entry_id="pay", helpful=False)
    await storage.record_feedback(message_id=10, user_id=7, entry_id="pay", helpful=True)

    found = await storage.gap_questions(since(30))
    assert sorted((q.text, q.reason) for q in found) == [
        ("pay in NYC", "not helpful"),
        ("rust?", "unsure"),
        ("which one?", "ambiguous"),
    ]
    stats = await storage.question_stats(30)
    assert (stats.questions, stats.answered, stats.helpful, stats.not_helpful) == (4, 2, 1, 1)
    assert stats.top_entries == (("pay", 2),)
    assert stats.answered_share == 0.5


async def test_prune_removes_only_rows_older_than_the_retention(storage: Storage) -> None:
    common = {"user_id": 1, "guild_id": 1, "channel_id": 2, "via": "dm", "entry_id": None, "score": 0.0}
    old = await storage.record_question(question="old", status=MatchStatus.UNSURE, **common)
    await storage.record_question(question="recent", status=MatchStatus.UNSURE, **common)
    await execute(storage, "UPDATE questions SET asked_at = ? WHERE id = ?", time.time() - 91 * DAY, old)

    assert await storage.prune_questions(90) == 1
    found = await storage.gap_questions(0.0)
    assert [q.text for q in found] == ["recent"]


async def test_gaps_read_only_the_newest_questions(storage: Storage) -> None:
    now = time.time()
    total = MAX_GAP_QUESTIONS + 5
    for n in range(total):
        await execute(
            storage,
            "INSERT INTO questions (asked_at, user_id, guild_id, channel_id, via, question, status,"
            " entry_id, score) VALUES (?, 1, NULL, NULL, 'dm', ?, 'unsure', NULL, 0.1)",
            now - total + n,
            f"question {n}",
        )

    found = await storage.gap_questions(0.0)

    assert len(found) == MAX_GAP_QUESTIONS
    assert found[0].text == f"question {total - 1}"
    assert {q.text for q in found}.isdisjoint({f"question {n}" for n in range(5)})


async def test_a_vote_whose_question_was_pruned_does_not_take_a_place(storage: Storage) -> None:
    await storage.record_question(
        user_id=5,
        guild_id=1,
        channel_id=2,
        via="dm",
        question="rust?",
        status=MatchStatus.UNSURE,
        entry_id=None,
        score=0.1,
    )
    await storage.record_feedback(message_id=9, user_id=6, entry_id="pay", helpful=False)

    found = await storage.gap_questions(0.0, limit=1)

    assert [q.text for q in found] == ["rust?"]
