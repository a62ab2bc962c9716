"""Grouping the questions the bot could not answer, for /faq gaps."""

from __future__ import annotations

from pathlib import Path

from bot.moderation.gaps import group_gaps
from bot.service import AnswerService
from bot.storage import GapQuestion


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
