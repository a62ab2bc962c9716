from __future__ import annotations

import pytest

from bot.knowledge.figures import first_figure


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("The median is $120,000 a year.", "$120,000"),
        ("Offers reach $300k at big labs.", "$300k"),
        ("Pay rose 23% last year.", "23%"),
        ("Roughly 40 percent of teams.", "40 percent"),
        ("As of 2024, demand is high.", "2024"),
        ("Since 1999 the field has grown.", "1999"),
        ("Over 10,000 postings.", "10,000"),
        ("About 150k openings.", "150k"),
        ("Around 1.5 million developers.", "1.5 million"),
        ("£85,000 in London.", "£85,000"),
    ],
)
def test_figures_are_found(text: str, figure: str) -> None:
    assert first_figure(text) == figure


@pytest.mark.parametrize(
    "text",
    [
        "Learn Python 3 and PyTorch.",
        "Most roles want 3-5 years of experience.",
        "Use k-means and kNN for clustering.",
        "Read chapter 12 of the book.",
        "A 2500-word essay.",
        "Port 8080 is the default.",
    ],
)
def test_plain_numbers_are_not_figures(text: str) -> None:
    assert first_figure(text) is None


@pytest.mark.parametrize("text", ["Version 2024.1 of the tool.", "Cost 2024,000 units."])
def test_a_year_inside_a_longer_number_is_not_a_year(text: str) -> None:
    assert first_figure(text) != "2024"
