from __future__ import annotations

from io import BytesIO

from matplotlib.image import imread

from bot.knowledge.models import SalaryFigure
from bot.rendering.salary_chart import bar_label, render_salary_chart
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


def test_each_bar_names_source_date_and_kind_of_pay() -> None:
    label = bar_label(
        SalaryFigure("Median pay, U.S. ML engineers", 260_000, "total", "Levels.fyi", "Dec 2024")
    )
    assert label == "Median pay, U.S. ML engineers\nLevels.fyi, Dec 2024 · total compensation"
    base = bar_label(SalaryFigure("Median base", 180_000, "base", "BLS OEWS", "May 2024"))
    assert base.endswith("BLS OEWS, May 2024 · base salary")
