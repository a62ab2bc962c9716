"""The console chat: the bot's answers in a terminal, for trying it without Discord."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from typing import TextIO

from bot.answers.compose import Answer, Link
from bot.matching.result import MatchStatus
from bot.rendering.terminal import render_terminal
from bot.service import AnswerService, EntryChoice, Question

GREETING = (
    "careerbot console: ask about AI vs ML engineering careers.\n"
    "Type a question, a number to open a listed question, 'topics' to browse, or 'quit'.\n"
)


#: The console is one person in one place: one conversation, so follow-ups work as on Discord.
CONVERSATION = "console"


class ConsoleChat:
    def __init__(self, service: AnswerService, stdin: TextIO, stdout: TextIO) -> None:
        self.service = service
        self.stdin = stdin
        self.stdout = stdout
        self._ansi = stdout.isatty()
        self._offered: tuple[Link, ...] = ()

    def run(self) -> int:
        """Chat until quit, end of input or Ctrl-C; always a clean exit (0)."""
        self._write(GREETING)
        read = self._line_reader()
        while True:
            try:
                line = read()
            except (EOFError, KeyboardInterrupt):
                self._write("\nBye.\n")
                return 0
            text = line.strip()
            if text.lower() in {"quit", "exit", "bye", ":q"}:
                return 0
            if text:
                self._write("\n" + self.reply(text))

    def _line_reader(self) -> Callable[[], str]:
        """At a terminal, ``input()`` with readline's line editing and history (arrow keys); else lines
        of ``stdin`` as they come, so piped input and tests read the same way."""
        if self.stdin is sys.stdin and self.stdout is sys.stdout and self.stdin.isatty():
            with contextlib.suppress(ImportError):  # readline is missing on some platforms
                import readline  # noqa: F401  (importing it gives input() editing and history)
            return lambda: input("\nyou> ")

        def next_line() -> str:
            line = self.stdin.readline()
            if not line:
                raise EOFError
            return line

        return next_line

    def reply(self, text: str) -> str:
        """What the console prints for one line the user typed."""
        if text.isdigit() and not 1 <= int(text) <= len(self._offered):
            return self._no_such_number(int(text))
        if text.isdigit():
            choice = EntryChoice(self._offered[int(text) - 1].entry_id)
            answer = self.service.respond(choice, conversation=CONVERSATION)
        elif text.lower() == "topics":
            return self._topics()
        else:
            answer = self.service.respond(Question(text), conversation=CONVERSATION)
        if answer is None:
            return "That entry is no longer in the knowledge base.\n"
        self._offered = self._links(answer)
        return render_terminal(answer, ansi=self._ansi)

    def _no_such_number(self, number: int) -> str:
        if not self._offered:
            return f"There is no list to pick {number} from yet: type a question, or 'topics' to browse.\n"
        return f"Pick a number from 1 to {len(self._offered)}, or type a question.\n"

    def _topics(self) -> str:
        snapshot = self.service.snapshot
        lines: list[str] = []
        offered: list[Link] = []
        for category in snapshot.categories:
            lines.append(f"\n{category.title()}")
            for entry in snapshot.entries_in(category):
                offered.append(Link(entry.id, entry.question))
                lines.append(f"  {len(offered)}. {entry.question}")
        self._offered = tuple(offered)
        return "\n".join(lines).lstrip("\n") + "\n"

    @staticmethod
    def _links(answer: Answer) -> tuple[Link, ...]:
        return answer.related if answer.status is MatchStatus.ANSWERED else answer.suggestions

    def _write(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()
