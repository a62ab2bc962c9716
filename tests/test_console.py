from __future__ import annotations

import io

import pytest

from bot.console import ConsoleChat
from bot.service import AnswerService


@pytest.fixture(scope="module")
def service() -> AnswerService:
    return AnswerService.load()


def test_a_follow_up_uses_the_previous_answer(service: AnswerService) -> None:
    chat = ConsoleChat(service, io.StringIO(), io.StringIO())
    chat.reply("how much do ML engineers make?")
    follow_up = chat.reply("and for seniors?")
    assert follow_up.startswith(service.snapshot.entry("salary-by-experience").question)


def test_a_number_opens_a_listed_question(service: AnswerService) -> None:
    chat = ConsoleChat(service, io.StringIO(), io.StringIO())
    first = chat.reply("what is pytorch?")
    listed = first.split("Related questions:")[1].splitlines()[1].split(". ", 1)[1]
    assert chat.reply("1").startswith(listed)


def test_topics_lists_every_entry_by_category(service: AnswerService) -> None:
    listing = ConsoleChat(service, io.StringIO(), io.StringIO()).reply("topics")
    assert all(entry.question in listing for entry in service.snapshot.entries)


def test_run_answers_until_quit(service: AnswerService) -> None:
    out = io.StringIO()
    chat = ConsoleChat(service, io.StringIO("hello\nquit\nwhat is keras?\n"), out)
    assert chat.run() == 0
    assert service.snapshot.entry("greeting").question in out.getvalue()
    assert service.snapshot.entry("tool-keras").question not in out.getvalue()
