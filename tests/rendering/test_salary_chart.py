from __future__ import annotations

from io import BytesIO

from matplotlib.image import imread

from bot.rendering.salary_chart import bar_label, chart_groups, chart_title, render_salary_chart
from tests.support.sample_knowledge import ROLES

AI, ML, DS = ROLES
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_chart_is_a_png_sized_to_the_number_of_bars() -> None:
    two = render_salary_chart((AI, DS))
    three = render_salary_chart((AI, ML))
    assert two is not None and three is not None
    assert two.startswith(PNG_MAGIC) and three.startswith(PNG_MAGIC)
    height_one_bar = imread(BytesIO(two)).shape[0]
    height_three_bars = imread(BytesIO(three)).shape[0]
    assert height_three_bars > height_one_bar


def test_no_figures_no_chart() -> None:
    assert render_salary_chart((DS,)) is None


def test_bars_stand_side_by_side_only_under_one_source_and_date() -> None:
    groups = chart_groups((AI, ML))
    assert [(g.source, g.as_of, [(i, f.amount_usd) for i, f in g.bars]) for g in groups] == [
        ("Levels.fyi end of year pay report", "December 2024", [(0, 300_600), (1, 260_000)]),
        ("U.S. Bureau of Labor Statistics, OEWS", "May 2024", [(1, 180_000)]),
    ]
    assert groups[0].heading == "Levels.fyi end of year pay report, December\n2024 · total compensation"
    assert groups[1].heading.endswith("· base salary")


def test_the_title_says_what_is_compared_and_caveated_bars_are_marked() -> None:
    assert chart_title((AI, ML)) == "AI engineer vs ML engineer\nU.S. pay by source and date, USD a year"
    levels, bls = ML.salary_figures
    assert bar_label(levels) == "Median pay, U.S. ML engineers: ≈ $260,000"
    assert bar_label(bls) == "Median base salary, U.S.: $180,000"


def test_the_chart_is_drawn_on_discords_dark_background() -> None:
    png = render_salary_chart((AI, ML))
    assert png is not None
    image = imread(BytesIO(png))
    assert image.shape[1] == 800
    corner = tuple(round(channel * 255) for channel in image[2, 2, :3])
    assert corner == (0x2B, 0x2D, 0x31)
