from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.limits import ELLIPSIS, one_line, trim


def test_text_that_fits_is_unchanged() -> None:
    assert trim("short answer", 12) == "short answer"


def test_cut_prefers_a_paragraph_boundary() -> None:
    text = "First paragraph is here.\n\nSecond paragraph runs on and on and on."
    assert trim(text, 40) == "First paragraph is here." + ELLIPSIS


def test_cut_falls_back_to_a_line_then_a_word() -> None:
    assert trim("one line here\nanother line that is long", 25) == "one line here" + ELLIPSIS
    assert trim("words that go on and on", 14) == "words that go" + ELLIPSIS


def test_a_word_longer_than_the_room_is_cut_mid_word() -> None:
    assert trim("x" * 50, 10) == "x" * 9 + ELLIPSIS


def test_an_open_code_fence_is_closed() -> None:
    text = "Example:\n```python\nprint('hello')\nprint('world')\n```\nafter"
    trimmed = trim(text, 40)
    assert len(trimmed) <= 40
    assert trimmed.count("```") == 2
    assert trimmed.endswith("```" + ELLIPSIS)


def test_open_bold_is_closed() -> None:
    trimmed = trim("Pay is **very different between roles and regions** overall", 30)
    assert trimmed.count("**") == 2


def test_one_line_collapses_whitespace() -> None:
    assert one_line("  What   does\nan AI\tengineer do? ", 100) == "What does an AI engineer do?"


@given(st.text(max_size=3000), st.integers(min_value=0, max_value=2500))
def test_trim_always_fits(text: str, limit: int) -> None:
    trimmed = trim(text, limit)
    assert len(trimmed) <= limit
    if len(text) <= limit:
        assert trimmed == text
