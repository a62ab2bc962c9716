from __future__ import annotations

import time
from pathlib import Path

from bot.moderation import reports
from bot.moderation.gaps import group_gaps
from bot.moderation.reports import DAY, GapQuestion
from bot.service import AnswerService
from bot.storage import Storage


def analyzer_for(knowledge_dir: Path):
    return AnswerService.load(knowledge_dir).state.matcher.analyzer


def asked(*texts: str, reason: str = "unsure") -> list[GapQuestion]:
    return [GapQuestion(text, reason, 1000.0 + n) for n, text in enumerate(texts)]


def test_paraphrases_of_one_unanswered_question_are_grouped(knowledge_dir: Path) -> None:
    questions = asked(
        "Do AI engineers need to know Rust?",
        "do ai engineers need to know rust",
        "Is Rust needed for AI engineers?",
        "do ai engs need rust??",
        "What is the best keyboard for coding?",
        "best keyboard for programming",
        "Can I become an astronaut?",
    )
    groups = group_gaps(questions, analyzer_for(knowledge_dir))
    assert [group.count for group in groups] == [4, 2, 1]
    assert groups[0].question == "Do AI engineers need to know Rust?"
    assert set(groups[0].wordings) == {
        "Do AI engineers need to know Rust?",
        "do ai engineers need to know rust",
        "Is Rust needed for AI engineers?",
        "do ai engs need rust??",
    }
    assert "keyboard" in groups[1].question
    assert groups[2].question == "Can I become an astronaut?"


def test_different_questions_sharing_a_word_stay_apart(knowledge_dir: Path) -> None:
    groups = group_gaps(
        asked("AI engineer salary in Norway", "AI engineer certification", "salary"),
        analyzer_for(knowledge_dir),
    )
    assert len(groups) == 3


async def test_gap_questions_include_unanswered_and_not_helpful(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "db.sqlite3")
    try:
        common = {"guild_id": 1, "channel_id": 2, "via": "slash", "score": 0.1}
        await storage.record_question(user_id=5, question="rust?", status="unsure", entry_id=None, **common)
        await storage.record_question(
            user_id=5, question="which one?", status="ambiguous", entry_id=None, **common
        )
        await storage.record_question(
            user_id=6, question="pay in NYC", status="answered", entry_id="pay", **common
        )
        await storage.record_question(user_id=7, question="fine", status="answered", entry_id="pay", **common)
        await storage.record_feedback(message_id=9, user_id=6, entry_id="pay", helpful=False)
        await storage.record_feedback(message_id=10, user_id=7, entry_id="pay", helpful=True)

        found = await reports.gap_questions(storage.connection, reports.since(30))
        assert sorted((q.text, q.reason) for q in found) == [
            ("pay in NYC", "not helpful"),
            ("rust?", "unsure"),
            ("which one?", "ambiguous"),
        ]
        stats = await reports.question_stats(storage.connection, 30)
        assert (stats.questions, stats.answered, stats.helpful, stats.not_helpful) == (4, 2, 1, 1)
        assert stats.top_entries == (("pay", 2),)
        assert stats.answered_share == 0.5
    finally:
        await storage.close()


async def test_prune_removes_only_rows_older_than_the_retention(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "db.sqlite3")
    try:
        common = {"user_id": 1, "guild_id": 1, "channel_id": 2, "via": "dm", "entry_id": None, "score": 0.0}
        old = await storage.record_question(question="old", status="unsure", **common)
        await storage.record_question(question="recent", status="unsure", **common)
        await storage.connection.execute(
            "UPDATE questions SET asked_at = ? WHERE id = ?", (time.time() - 91 * DAY, old)
        )
        await storage.connection.commit()

        assert await reports.prune_questions(storage.connection, 90) == 1
        found = await reports.gap_questions(storage.connection, 0.0)
        assert [q.text for q in found] == ["recent"]
    finally:
        await storage.close()


async def test_gaps_read_only_the_newest_questions(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "db.sqlite3")
    try:
        now = time.time()
        total = reports.MAX_GAP_QUESTIONS + 5
        await storage.connection.executemany(
            "INSERT INTO questions (asked_at, user_id, guild_id, channel_id, via, question, status,"
            " entry_id, score) VALUES (?, 1, NULL, NULL, 'dm', ?, 'unsure', NULL, 0.1)",
            [(now - total + n, f"question {n}") for n in range(total)],
        )
        await storage.connection.commit()

        found = await reports.gap_questions(storage.connection, 0.0)

        assert len(found) == reports.MAX_GAP_QUESTIONS
        assert found[0].text == f"question {total - 1}"
        assert {q.text for q in found}.isdisjoint({f"question {n}" for n in range(5)})
    finally:
        await storage.close()


async def test_a_vote_whose_question_was_pruned_does_not_take_a_place(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "db.sqlite3")
    try:
        await storage.record_question(
            user_id=5,
            guild_id=1,
            channel_id=2,
            via="dm",
            question="rust?",
            status="unsure",
            entry_id=None,
            score=0.1,
        )
        await storage.record_feedback(message_id=9, user_id=6, entry_id="pay", helpful=False)

        found = await reports.gap_questions(storage.connection, 0.0, limit=1)

        assert [q.text for q in found] == ["rust?"]
    finally:
        await storage.close()
