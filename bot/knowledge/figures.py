"""Spotting figures (money, percentages, years, large numbers) that must come with a source."""

from __future__ import annotations

import re

_FIGURE = re.compile(
    r"""
      [$€£]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|bn|million|billion)\b)?   # $120,000  $300k  £1.5 million
    | \d+(?:\.\d+)?\s?(?:%|percent\b)                                  # 23%  40 percent
    | \b\d{1,3}(?:,\d{3})+(?:\.\d+)?\b                                 # 120,000
    | \b\d+(?:\.\d+)?\s?k\b                                            # 150k
    | \b\d+(?:\.\d+)?\s(?:thousand|million|billion)\b                  # 1.5 million
    | (?<![\d.,])(?:19|20)\d\d(?!\d|[.,]\d)                           # 2024
    """,
    re.VERBOSE | re.IGNORECASE,
)


def first_figure(text: str) -> str | None:
    """The first figure stated in ``text``, or ``None``."""
    match = _FIGURE.search(text)
    return match.group().strip() if match else None
