from __future__ import annotations

import contextlib
import io
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

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


def test_a_number_outside_the_list_is_not_taken_for_a_question(service: AnswerService) -> None:
    chat = ConsoleChat(service, io.StringIO(), io.StringIO())
    assert chat.reply("99").startswith("There is no list to pick 99 from yet")
    chat.reply("what is pytorch?")
    assert chat.reply("99") == "Pick a number from 1 to 3, or type a question.\n"


def test_an_unsure_answer_heads_its_suggestions_once(service: AnswerService) -> None:
    text = ConsoleChat(service, io.StringIO(), io.StringIO()).reply("lawyer salary in nyc?")
    assert text.count("The closest topics I know:") == 1
    assert "Suggestions:" not in text
    assert "  1. " in text


def test_end_of_input_ends_the_chat_cleanly(service: AnswerService) -> None:
    out = io.StringIO()
    assert ConsoleChat(service, io.StringIO("what is keras?\n"), out).run() == 0
    assert out.getvalue().rstrip().endswith("Bye.")


def _read_until(fd: int, seen: bytearray, prompts: int, timeout: float = 60.0) -> None:
    """Read the terminal into ``seen`` until it holds ``prompts`` prompts."""
    deadline = time.monotonic() + timeout
    while seen.count(b"you> ") < prompts:
        ready, _, _ = select.select([fd], [], [], max(deadline - time.monotonic(), 0))
        if not ready:
            raise AssertionError(f"no prompt #{prompts} in {bytes(seen)!r}")
        seen += os.read(fd, 65536)


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_at_a_terminal_the_up_arrow_recalls_a_question_and_ctrl_c_says_bye(
    service: AnswerService, tmp_path: Path
) -> None:
    """A real pseudo-terminal: readline edits the line (no ``^[[A``), and SIGINT ends the chat cleanly."""
    controller, terminal = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in {"DISCORD_TOKEN", "KNOWLEDGE_DIR"}}
    chat = subprocess.Popen(
        [sys.executable, "-m", "bot", "chat"],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        cwd=tmp_path,
        env={**environment, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "TERM": "dumb"},
        # As from a person's terminal, Ctrl-C is not ignored: a test run started in the background of a
        # script (`.ci/run ... &`) inherits SIGINT ignored, and so would the chat, which never hears it.
        preexec_fn=_interruptible,
    )
    os.close(terminal)
    seen = bytearray()
    try:
        _read_until(controller, seen, 1)
        os.write(controller, b"what is keras?\r")
        _read_until(controller, seen, 2)
        os.write(controller, b"\x1b[A\r")  # up arrow, then enter: the same question again
        _read_until(controller, seen, 3)
        # CPython's readline notices a SIGINT only when its select() is interrupted: one that lands
        # between the prompt being written and select() starting waits for the next keystroke. A
        # person never presses Ctrl-C that fast; the test waits until the chat surely sits in select().
        time.sleep(1.0)
        chat.send_signal(signal.SIGINT)
        assert chat.wait(timeout=30) == 0
        with contextlib.suppress(OSError):  # the terminal closes with the process
            seen += os.read(controller, 65536)
    finally:
        chat.kill()
        os.close(controller)
    output = bytes(seen).decode("utf-8", "replace")
    assert "^[[A" not in output
    title = service.snapshot.entry("tool-keras").question
    assert output.count(title) == 2  # typed and answered, then recalled and answered again
    assert "Bye." in output and "Traceback" not in output
