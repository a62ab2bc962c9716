"""An Answer as plain terminal text, with the same content the Discord embed shows."""

from __future__ import annotations

import re
import textwrap

from bot.answers.compose import Answer
from bot.matching.result import MatchStatus

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])[*_](?!\s)(.+?)(?<!\s)[*_](?![\w*])")
_ANSI_BOLD = "\033[1m\\1\033[0m"


def _plain(markdown: str, *, ansi: bool) -> str:
    text = _BOLD.sub(_ANSI_BOLD if ansi else r"\1", markdown)
    return _ITALIC.sub(r"\1", text)


def render_terminal(answer: Answer, *, ansi: bool = False, width: int = 88) -> str:
    """Title, answer, sources, then follow-ups or suggestions (numbered, to pick by number in chat)."""
    title = f"\033[1m{answer.title}\033[0m" if ansi else answer.title
    lines = [title, "=" * min(len(answer.title), width), ""]
    for paragraph in _plain(answer.body, ansi=ansi).splitlines():
        indent = re.match(r"\s*(?:[-*•]|\d+[.)])\s+", paragraph)
        prefix = " " * len(indent.group(0)) if indent else ""
        lines.append(textwrap.fill(paragraph, width, subsequent_indent=prefix) if paragraph else "")
    if answer.sources:
        lines += ["", "Sources:"]
        lines += [f"  - {s.title} ({s.as_of}) {s.url}" for s in answer.sources]
    if answer.status is MatchStatus.ANSWERED and answer.related:
        lines += ["", "Related questions:"]
    links = answer.related if answer.status is MatchStatus.ANSWERED else answer.suggestions
    # A "did you mean" or "not sure" body ends with its own heading for the list ("Pick the one...").
    lines += [f"  {n}. {link.question}" for n, link in enumerate(links, 1)]
    return "\n".join(lines).rstrip() + "\n"
