"""The /faq stats chart renders for an empty period, one day and ninety days, tall and dark."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

import pytest
from matplotlib import image

from bot.rendering.stats_chart import BACKGROUND, DPI, SIZE_INCHES, render_stats_chart
from bot.storage import DayCount

TODAY = date(2026, 12, 1)


def _days(count: int, *, seed: int = 1) -> list[DayCount]:
    rng = random.Random(seed)
    return [
        DayCount(
            TODAY - timedelta(days=count - 1 - i), rng.randint(0, 30), rng.randint(0, 5), rng.randint(0, 8)
        )
        for i in range(count)
    ]


def _pixels(png: bytes):
    return image.imread(io.BytesIO(png), format="png")


@pytest.mark.parametrize(
    ("days", "votes"),
    [
        ([DayCount(TODAY - timedelta(days=1)), DayCount(TODAY)], (0, 0)),
        ([DayCount(TODAY, 7, 1, 2)], (5, 1)),
        (_days(91), (140, 23)),
    ],
    ids=["empty period", "one day", "ninety days"],
)
def test_renders_a_portrait_png_on_an_opaque_dark_background(
    days: list[DayCount], votes: tuple[int, int]
) -> None:
    png = render_stats_chart(days, *votes, period=len(days) - 1 or 1)
    assert png.startswith(b"\x89PNG")
    pixels = _pixels(png)
    height, width = pixels.shape[:2]
    assert (width, height) == (round(SIZE_INCHES[0] * DPI), round(SIZE_INCHES[1] * DPI))
    assert height > width  # a phone shows it full width: tall reads better than wide
    corner = tuple(round(channel * 255) for channel in pixels[2, 2][:3])
    assert corner == tuple(int(BACKGROUND[i : i + 2], 16) for i in (1, 3, 5))
    assert pixels[2, 2][3] == 1.0  # opaque: the same in Discord's dark and light themes


def test_the_numbers_change_the_picture() -> None:
    assert render_stats_chart(_days(30, seed=1), 3, 1, period=30) != render_stats_chart(
        _days(30, seed=2), 3, 1, period=30
    )
