from __future__ import annotations

import pytest

from bot.knowledge.figures import first_figure, rounds_to, stated_figures


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("The median is $120,000 a year.", "$120,000"),
        ("Offers reach $300k at big labs.", "$300k"),
        ("Pay rose 23% last year.", "23%"),
        ("Roughly 40 percent of teams.", "40 percent"),
        ("Up 10-15% on base.", "10"),
        ("₹8.2 LPA at the start.", "₹8.2 LPA"),
        ("About 950 devices.", "950"),
        ("On average 3.7 years of experience.", "3.7"),
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
        "As of 2024, demand is high; growth for 2024-34.",
        "GPT-4, AI-102, H-1B, FY2025, 24/7 support, 3 projects.",
        "TensorFlow 2.16 and ExecuTorch (1.0 in October 2025); SOC 2134.",
        "The 365 Data Science study.",
    ],
)
def test_plain_numbers_are_not_figures(text: str) -> None:
    assert first_figure(text) is None


@pytest.mark.parametrize("text", ["Version 2024.1 of the tool.", "Cost 2024,000 units."])
def test_a_year_inside_a_longer_number_is_not_a_year(text: str) -> None:
    assert first_figure(text) != "2024"


@pytest.mark.parametrize(
    ("text", "value", "held", "not_held"),
    [
        ("$300,600", 300600, 300600, 300700),
        ("300.6k", 300600, 300640, 300700),
        ("$300k", 300000, 300600, 360000),
        ("23%", 23, 23.4, 23.6),
        ("1.5 million", 1.5e6, 1.54e6, 1.56e6),
        ("₹8.2 LPA", 820000, 820000, 830000),
    ],
)
def test_a_figure_is_held_by_a_value_that_rounds_to_it(
    text: str, value: float, held: float, not_held: float
) -> None:
    (figure,) = stated_figures(text)
    assert figure.value == value
    assert rounds_to(held, figure) and not rounds_to(not_held, figure)


def test_both_ends_of_a_range_take_its_unit() -> None:
    figures = stated_figures("Between $79k-$212k, 10-15% more, €50,000-60,000, a 5/15/40/40% schedule.")
    assert [(f.text, f.value) for f in figures][:5] == [
        ("$79k", 79000),
        ("$212k", 212000),
        ("10", 10),
        ("15%", 15),
        ("€50,000", 50000),
    ]
    assert [f.value for f in figures][5:] == [60000, 5, 15, 40, 40]
