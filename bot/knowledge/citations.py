"""Checking that every figure a text states is held by a fact it cites, with a caveat where needed.

A moderator reads the problem as ``file:line: ... '$300k' ...``: the line is the one the figure is
written on, found in the file's own text, so it points into the middle of an answer block.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.knowledge.facts_schema import sources_of
from bot.knowledge.figures import StatedFigure, rounds_to, stated_figures
from bot.knowledge.models import Fact, Source
from bot.knowledge.reporter import Reporter

#: Words that tell a reader a figure is uncertain or passed on by someone else. A figure from a fact
#: with low confidence, or read second-hand, needs one of them in its sentence.
CAVEAT_WORDS = (
    "about",
    "around",
    "roughly",
    "approximately",
    "nearly",
    "almost",
    "some",
    "estimate",
    "estimated",
    "estimates",
    "reportedly",
    "reported",
    "self-reported",
    "one survey",
    "one study",
    "one analysis",
    "one report",
    "a survey",
    "second-hand",
    "via",
    "cited",
    "quoted",
    "summary",
    "summaries",
    "low-confidence",
    "low confidence",
    "not independently verified",
    "unverified",
    "suggests",
    "claims",
    "~",
)
_CAVEAT = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(word) for word in CAVEAT_WORDS) + r")(?![\w-])", re.IGNORECASE
)
#: A sentence ends at a line break or at ``.``/``!``/``?`` and a space, unless the stop ends an
#: abbreviation such as ``U.S.`` (a single capital before it).
_LIST_ITEM = re.compile(r"\s*(?:[-*]|\d+\.)\s")
_SENTENCE_END = re.compile(r"\n|(?<![A-Z])[.!?](?=\s)")


@dataclass(frozen=True, slots=True)
class CheckedText:
    """A text whose figures must come from the cited facts, and the lines of the file it spans."""

    name: str
    text: str
    first_line: int
    last_line: int


def check_figures(
    texts: Sequence[CheckedText],
    cited: Sequence[Fact],
    file_lines: Sequence[str],
    reporter: Reporter,
    *,
    cites_line: int,
) -> None:
    """Report each figure no cited fact holds, and each figure from a fact that needs a caveat but is
    shown without one. ``cites_line`` is where "cites no facts" is reported when no text line is found."""
    for checked in texts:
        seen: dict[str, int] = {}
        for figure in stated_figures(checked.text):
            occurrence = seen.get(figure.text, 0)
            seen[figure.text] = occurrence + 1
            line = _line_of(figure, occurrence, checked, file_lines) or cites_line
            holders = [fact for fact in cited if any(rounds_to(n, figure) for n in fact.numbers)]
            if not cited:
                reporter.error(line, f"'{checked.name}' states a figure ('{figure}') but cites no 'facts'")
            elif not holders:
                reporter.error(
                    line,
                    f"'{checked.name}' states '{figure}' ({_plain(figure.value)}), which no cited fact holds "
                    f"({', '.join(fact.id for fact in cited)}): cite the fact it comes from or correct it",
                )
            elif all(fact.needs_caveat for fact in holders) and not has_caveat_near(checked.text, figure):
                reporter.error(
                    line,
                    f"'{checked.name}' states '{figure}' from {_why_caveat(holders[0])} ({holders[0].id}) "
                    "with no caveat: put a word such as 'about', 'reportedly' or 'one survey' "
                    "in its sentence",
                )


def check_cited_ids(
    cited: Sequence[tuple[str, int]], facts: Mapping[str, Fact], reporter: Reporter
) -> list[Fact]:
    """The cited facts that exist; each unknown id is reported with its line and a close match."""
    found: list[Fact] = []
    for fact_id, line in cited:
        fact = facts.get(fact_id)
        if fact is None:
            close = difflib.get_close_matches(fact_id, list(facts), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            reporter.error(line, f"'facts' id '{fact_id}' is not in facts.yaml{hint}")
        else:
            found.append(fact)
    return found


def sources_of_figures(texts: Sequence[str], facts: Sequence[Fact]) -> tuple[Source, ...]:
    """The sources of the facts that hold the figures ``texts`` state: what a view that shows only
    those texts should link, and nothing else."""
    figures = [figure for text in texts for figure in stated_figures(text)]
    holding = [fact for fact in facts if any(rounds_to(n, f) for f in figures for n in fact.numbers)]
    return sources_of(holding)


def has_caveat_near(text: str, figure: StatedFigure) -> bool:
    """Whether the sentence holding ``figure`` has a caveat word. A list item is a sentence, and one
    that a line ending in ``:`` introduces shares that line's caveat ("Shares (one survey):\n- A: 4%")."""
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, figure.start)), default=0)
    end_match = _SENTENCE_END.search(text, figure.end)
    end = end_match.start() if end_match else len(text)
    if _CAVEAT.search(text, start, end):
        return True
    lines = text[: figure.start].split("\n")
    if not _LIST_ITEM.match(lines[-1]):
        return False
    introduction = next((line for line in reversed(lines[:-1]) if not _LIST_ITEM.match(line)), "")
    return introduction.rstrip().endswith(":") and bool(_CAVEAT.search(introduction))


def _why_caveat(fact: Fact) -> str:
    if fact.confidence == "low":
        return "a low-confidence fact"
    return "a fact read second-hand"


def _line_of(figure: StatedFigure, occurrence: int, checked: CheckedText, file_lines: Sequence[str]) -> int:
    """The file line that holds the figure's ``occurrence``-th spelling within the text's lines."""
    for needle in (figure.text, re.split(r"\s", figure.text)[0]):
        count = 0
        for number in range(checked.first_line, min(checked.last_line, len(file_lines)) + 1):
            count += file_lines[number - 1].count(needle)
            if count > occurrence:
                return number
    return 0


def _plain(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"
