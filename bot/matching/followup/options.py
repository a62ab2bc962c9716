"""The alternatives an earlier question named, for "the first one" or "the latter" to point at."""

from __future__ import annotations

from collections.abc import Iterable

from bot.matching.followup.cues import ARTICLES, BETWEEN, BETWEEN_CONNECTOR, BREAK, CONNECTOR, ORDINAL
from bot.matching.normalize import clean
from bot.matching.stopwords import STOPWORDS
from bot.matching.tuning import OPTION_WORDS


def spelled_out(text: str, earlier: str) -> str:
    """Cleaned ``text`` with "the first one" or "the second one" ("the former", "the latter") replaced
    by what the ``earlier`` question named first or second; as it was when that named no two things.

    "who made the second one?" after "tensorflow or pytorch for a beginner?" asks who made PyTorch:
    read as it is, "who made" is a question about the bot.
    """
    pointed = ORDINAL.search(text)
    options = _alternatives(clean(earlier)) if pointed is not None else None
    if pointed is None or options is None:
        return text
    named = options[0] if pointed.group("first") else options[1]
    return f"{text[: pointed.start()]}{named}{text[pointed.end() :]}"


def _alternatives(text: str) -> tuple[str, str] | None:
    """The two things cleaned ``text`` sets side by side, each in as many words as the shorter one."""
    for part in BREAK.split(text):
        between = BETWEEN.search(part)
        connector = BETWEEN_CONNECTOR if between else CONNECTOR
        sides = connector.split(part[between.end() :] if between else part, maxsplit=1)
        if len(sides) != 2:
            continue
        before, after = _run(reversed(sides[0].split())), _run(sides[1].split())
        words = min(len(before), len(after))
        if words:
            return " ".join(reversed(before[:words])), " ".join(after[:words])
    return None


def _run(words: Iterable[str]) -> list[str]:
    """The words up to the first function word (past an article), at most OPTION_WORDS of them."""
    run: list[str] = []
    for word in words:
        if not run and word in ARTICLES:
            continue
        if word in STOPWORDS or len(run) == OPTION_WORDS:
            break
        run.append(word)
    return run
