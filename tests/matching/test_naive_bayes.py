from __future__ import annotations

import pytest

from bot.matching.naive_bayes import bayes_shares


def test_the_entry_whose_phrasings_keep_using_the_words_wins() -> None:
    often, once = bayes_shares([1.0, 1.0], counts=[[4, 3], [1, 1]], totals=[10, 10], vocabulary_size=20)
    assert often > once and often + once == pytest.approx(1.0)


def test_a_borrowed_word_counts_by_its_share() -> None:
    """Candidate 0 uses the first term, candidate 1 the second: the fully weighted one decides."""
    counts, totals = [[3, 0], [0, 3]], [5, 5]
    first, _ = bayes_shares([1.0, 1 / 3], counts, totals, vocabulary_size=20)
    _, second = bayes_shares([1 / 3, 1.0], counts, totals, vocabulary_size=20)
    assert first > 0.5 and second > 0.5


def test_smoothing_keeps_an_unused_term_from_ruling_an_entry_out() -> None:
    _, unused = bayes_shares([1.0], counts=[[2], [0]], totals=[4, 4], vocabulary_size=10, alpha=1.0)
    assert 0.0 < unused < 0.5
    assert bayes_shares([1.0], counts=[], totals=[], vocabulary_size=10) == []
