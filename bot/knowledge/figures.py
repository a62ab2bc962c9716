"""Finding the figures a text states, normalised so that they can be checked against the facts.

``$300,600``, ``300.6k``, ``23%``, ``1.5 million``, ``₹8.2 LPA`` and each end of ``$79k-$212k`` or
``10-15%`` are figures: a number with the value it stands for and the precision it is written to, so
that ``$300k`` is read as "300,600 rounded to the nearest hundred thousand" and ``$300,600`` as exact.

A number is *not* a figure when it is one of these, and only these (each is a name or a count, not a
statistic someone measured):

- a year: ``2026``, and the second half of ``2024-34``;
- part of a name, a version or a code: joined to letters (``GPT-4``, ``AI-102``, ``H-1B``, ``FY2025``,
  ``2500-word``), after an upper-case code or a name (``SOC 2134``, ``TensorFlow 2.16``; a capitalised
  word opening a sentence is not a name: "About 950 devices"), before a name (``365 Data Science``),
  or a whole version such as ``1.0``;
- a small whole count without a unit: below 100 and written without a decimal point (``3 projects``,
  ``top 10``, list numbering, ``24/7``, ``30 June``).

Anything with a currency, a percent sign, a scale word (k, million, lakh...) or a multiplier (``2x``,
``9.8 times``) is always a figure, as is any other number of 100 or more or with a decimal point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = re.compile(
    r"""
    (?P<currency>(?:US|CA|AU|NZ|S|R|HK)\$|[$€£₹¥]|\b(?:USD|EUR|GBP|INR|PLN|CAD|AUD|SGD|BRL|CHF|RS)\.?\s?)?
    (?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)
    (?P<scale>(?:k|m|bn|K|M)\b|\s?(?:thousand|million|billion|trillion|lakh|crore|LPA)\b)?
    (?P<percent>\s?%|\s(?:percent|per\scent)\b)?
    (?P<times>\s?x\b|\s(?:times)\b)?
    """,
    re.VERBOSE,
)
_DIGIT_RUN = re.compile(r"\d[\d,.]*")
#: Widest currency before a number ("PLN ", "US$") and widest unit after one (" thousand", " per cent").
_CURRENCY_WIDTH = 4
_UNIT_WIDTH = 12
_SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "million": 1e6,
    "bn": 1e9,
    "billion": 1e9,
    "trillion": 1e12,
    "lakh": 1e5,
    "lpa": 1e5,  # lakh per annum
    "crore": 1e7,
}
#: Between the two ends of a range or the items of a list: ``10-15%``, ``$79k–$212k``, ``50 to 60``,
#: ``5/15/40/40%``.
_RANGE_JOIN = re.compile(r"\s?[-–—/]\s?|\sto\s")
#: A name just before a number: (1) a capitalised word, (2) an upper-case code, (3) a CamelCase name.
_NAME_BEFORE = re.compile(r"\b(?:([A-Z][a-z]+)|([A-Z]{2,}[a-z]*)|([A-Z][a-z]+[A-Z][A-Za-z]*))\s\Z")
_NAME_AFTER = re.compile(r"\s[A-Z][a-z]")
_SENTENCE_START = re.compile(r"(?:\A|[.!?:]\s+|\n\s*(?:[-*]\s+)?|\(\s*)\Z")
_SMALL_COUNT = 100
#: How far before a number its name or sentence start is looked for (longer than any product name).
_LOOK_BACK = 48


@dataclass(frozen=True, slots=True)
class StatedFigure:
    """One figure as written in a text: ``$300k`` has value 300,000 and precision 100,000."""

    text: str
    value: float
    precision: float
    start: int
    end: int
    percent: bool = False

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class _Token:
    match: re.Match[str]
    currency: str
    scale: str
    percent: bool
    times: bool

    @property
    def has_unit(self) -> bool:
        return bool(self.currency or self.scale or self.percent or self.times)


def stated_figures(text: str) -> tuple[StatedFigure, ...]:
    """Every figure ``text`` states, in order (see the module docstring for what is not one)."""
    return tuple(
        _figure(token)
        for token in _ranges_read(text, _tokens(text))
        if token.has_unit or not _is_name_year_or_count(text, token)
    )


def stated_numbers(text: str) -> tuple[float, ...]:
    """Every number ``text`` holds, figure or not, normalised as figures are: what a fact's claim holds."""
    return tuple(_figure(token).value for token in _ranges_read(text, _tokens(text)))


def first_figure(text: str) -> str | None:
    """The first figure stated in ``text``, or ``None``."""
    figures = stated_figures(text)
    return figures[0].text if figures else None


def rounds_to(value: float, figure: StatedFigure) -> bool:
    """Whether ``value`` written to the figure's precision reads as the figure (``300600`` as ``$300k``)."""
    return abs(value - figure.value) <= figure.precision / 2 + 1e-9 * max(1.0, abs(value))


def _tokens(text: str) -> list[_Token]:
    return [
        _Token(
            match,
            currency=(match.group("currency") or "").strip(),
            scale=(match.group("scale") or "").strip(),
            percent=bool(match.group("percent")),
            times=bool(match.group("times")),
        )
        for match in _number_matches(text)
        if not _inside_word(text, match)
    ]


def _number_matches(text: str) -> list[re.Match[str]]:
    """``_NUMBER`` matched only around digit runs: much faster than scanning every position of a long text."""
    matches: list[re.Match[str]] = []
    end = 0
    for run in _DIGIT_RUN.finditer(text):
        if run.start() < end:
            continue
        match = _NUMBER.search(text, max(end, run.start() - _CURRENCY_WIDTH), run.end() + _UNIT_WIDTH)
        if match is not None:
            matches.append(match)
            end = match.end()
    return matches


def _inside_word(text: str, match: re.Match[str]) -> bool:
    """A digit run that continues a longer number or word: the ``2`` of ``v2``, ``1.2.3``."""
    start = match.start("number") if not match.group("currency") else match.start()
    before = text[start - 1] if start else ""
    return before.isdigit() or (before in ".," and start > 1 and text[start - 2].isdigit())


def _ranges_read(text: str, tokens: list[_Token]) -> list[_Token]:
    """Each end of a range takes the unit of the last one (``10-15%``, ``5/15/40%``) and the currency of
    the first (``€50,000-60,000``)."""
    read = list(tokens)
    for index in range(len(read) - 2, -1, -1):
        token, following = read[index], read[index + 1]
        takes_unit = not _unit_word(token) and _unit_word(following) and _joined(text, token, following)
        if takes_unit:
            read[index] = _Token(
                token.match,
                token.currency or following.currency,
                following.scale,
                following.percent,
                following.times,
            )
    for index in range(1, len(read)):
        token, previous = read[index], read[index - 1]
        if not token.currency and previous.currency and _joined(text, previous, token):
            read[index] = _Token(token.match, previous.currency, token.scale, token.percent, token.times)
    return read


def _unit_word(token: _Token) -> bool:
    return bool(token.scale or token.percent or token.times)


def _joined(text: str, first: _Token, second: _Token) -> bool:
    return bool(_RANGE_JOIN.fullmatch(text[first.match.end() : second.match.start()]))


def _is_name_year_or_count(text: str, token: _Token) -> bool:
    match = token.match
    written = match.group("number")
    start, end = match.start("number"), match.end("number")
    after = text[end : end + 2]
    before = text[max(0, start - 2) : start]
    if (before[-1:].isalpha() or (before[-1:] == "-" and before[:1].isalpha())) or after[:1].isalpha():
        return True  # GPT-4, AI-102, FY2025, 4o, H-1B
    if after[:1] == "-" and after[1:2].isalpha():
        return True  # a 2500-word essay, a 4-year degree
    value = float(written.replace(",", ""))
    if re.fullmatch(r"\d+\.0+", written):
        return True  # a version: ExecuTorch (1.0 in October 2025), TensorFlow 2.0
    if re.fullmatch(r"(?:19|20)\d\d", written):
        return True  # a year
    head = text[max(0, start - _LOOK_BACK) : start]
    if re.fullmatch(r"\d\d", written) and re.search(r"(?:19|20)\d\d[-–]\Z", head):
        return True  # the 34 of 2024-34
    name = _NAME_BEFORE.search(head)
    if name and (name.group(2) or name.group(3) or not _SENTENCE_START.search(head[: name.start()])):
        return True  # SOC 2134, TensorFlow 1.0, Python 3.11 (not "About 950" opening a sentence)
    if _NAME_AFTER.match(text, end):
        return True  # 365 Data Science
    return "." not in written and "," not in written and value < _SMALL_COUNT


def _figure(token: _Token) -> StatedFigure:
    match = token.match
    written = match.group("number").replace(",", "")
    scale = _SCALES.get(token.scale.lower(), 1.0)
    if "." in written:
        digits_after_point = len(written.split(".")[1])
        unit = 10.0**-digits_after_point
    else:
        trailing_zeros = len(written) - len(written.rstrip("0")) if written.strip("0") else 0
        # Trailing zeros of a number of 1,000 or more are rounding ("$150,000", "300k"); in a small
        # number they are digits ("20%", "40 hours").
        unit = 10.0**trailing_zeros if float(written) * scale >= 1000 else 1.0
    return StatedFigure(
        text=match.group().strip(),
        value=round(float(written) * scale, 6),
        precision=round(unit * scale, 9),
        start=match.start(),
        end=match.end(),
        percent=token.percent,
    )
