"""Discord's size limits, and trimming text to them at a clean boundary.

Discord-free on purpose: the knowledge validator refuses what would not fit, and the renderers trim to
the same numbers, so each limit is declared once.
"""

from __future__ import annotations

CONTENT = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
EMBED_AUTHOR = 256
EMBEDS_TOTAL = 6000
CUSTOM_ID = 100
BUTTON_LABEL = 80
SELECT_OPTIONS = 25
SELECT_OPTION_LABEL = 100
SELECT_OPTION_VALUE = 100
SELECT_OPTION_DESCRIPTION = 100
CHOICES = 25
CHOICE_NAME = 100
CHOICE_VALUE = 100
MODAL_TITLE = 45
TEXT_INPUT = 4000

ELLIPSIS = "…"
_FENCE = "```"
_BOLD = "**"


def trim(text: str, limit: int) -> str:
    """``text`` if it fits, else its longest clean prefix (paragraph, line, then word) plus an ellipsis.

    A boundary is used only when it keeps at least half of the room; otherwise the cut is mid-word.
    A code fence or bold run left open by the cut is closed, so the rest of the message renders normally.
    """
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return text[:limit]
    room = limit - len(ELLIPSIS)
    while room > 0:
        cut = _clean_prefix(text, room)
        closing = _closing_markup(cut)
        if len(cut) + len(closing) <= room:
            return cut + closing + ELLIPSIS
        room -= len(closing)
    return ELLIPSIS[:limit]


def _clean_prefix(text: str, room: int) -> str:
    head = text[:room]
    if text[room].isspace():
        return head.rstrip()
    for separator in ("\n\n", "\n", " "):
        at = head.rfind(separator)
        if at >= room // 2:
            return head[:at].rstrip()
    return head


def _closing_markup(text: str) -> str:
    if text.count(_FENCE) % 2:
        return "\n" + _FENCE
    if text.count(_BOLD) % 2:
        return _BOLD
    return ""


def one_line(text: str, limit: int) -> str:
    """Whitespace collapsed to single spaces, then trimmed: for labels, names and placeholders."""
    return trim(" ".join(text.split()), limit)
