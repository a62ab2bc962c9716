"""A PNG of /faq stats: questions per day by outcome, the outcomes' shares, and the helpful votes.

Made to be read on a phone, where Discord shows an image about 400 px wide: a tall figure, large type,
three stacked panels rather than side by side. It has its own opaque dark background with light text,
so it reads the same in Discord's dark and light themes. Drawn on a bare ``Figure`` with the Agg
canvas (no pyplot state), so it can render in a worker thread, like the salary chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.storage import DayCount

BACKGROUND = "#2B2D31"  # Discord's dark embed grey
TEXT = "#F2F3F5"
MUTED = "#B5BAC1"
GRID = "#4E5058"
OUTCOMES = (  # (label, colour): answered, did you mean, not sure
    ("Answered", "#5865F2"),
    ("Did you mean", "#F0B232"),
    ("Not sure", "#949BA4"),
)
HELPFUL, NOT_HELPFUL = "#3BA55C", "#ED4245"
#: A share narrower than this gets no percentage written inside its bar segment (it would not fit).
LABEL_INSIDE = 0.12
#: Up to this many days, the axis marks days itself rather than letting the date locator choose.
FEW_DAYS = 8
SIZE_INCHES = (6.4, 7.6)
DPI = 150


def render_stats_chart(days: Sequence[DayCount], helpful: int, not_helpful: int, *, period: int) -> bytes:
    """PNG bytes for the ``period`` days in ``days`` (oldest first) and the period's votes."""
    chart = Figure(figsize=SIZE_INCHES, dpi=DPI, facecolor=BACKGROUND)
    FigureCanvasAgg(chart)
    per_day, shares, votes = chart.subplots(3, 1, gridspec_kw={"height_ratios": (3.2, 1, 1)})
    for axes in (per_day, shares, votes):
        _dark(axes)
    _questions_per_day(per_day, days, period)
    counts = [sum(d.answered for d in days), sum(d.ambiguous for d in days), sum(d.unsure for d in days)]
    _shares(shares, counts)
    _votes(votes, helpful, not_helpful)
    chart.tight_layout(h_pad=1.6)
    png = BytesIO()
    chart.savefig(png, format="png", facecolor=BACKGROUND)
    return png.getvalue()


def _dark(axes: Axes) -> None:
    axes.set_facecolor(BACKGROUND)
    axes.tick_params(colors=MUTED, labelsize=12)
    for side, spine in axes.spines.items():
        spine.set_visible(side == "bottom")
        spine.set_color(GRID)


def _title(axes: Axes, text: str) -> None:
    axes.set_title(text, color=TEXT, fontsize=16, loc="left", pad=10, fontweight="bold")


def _questions_per_day(axes: Axes, days: Sequence[DayCount], period: int) -> None:
    total = sum(day.questions for day in days)
    _title(axes, f"{_count(total, 'question')}, last {_count(period, 'day')}")
    if not days or total == 0:
        axes.set_xticks([])
        axes.set_yticks([])
        axes.text(
            0.5,
            0.5,
            "No questions in this period",
            ha="center",
            va="center",
            color=MUTED,
            fontsize=14,
            transform=axes.transAxes,
        )
        return
    positions = [date2num(day.day) for day in days]
    bottoms = [0] * len(days)
    width = 0.8 if len(days) < 40 else 0.95
    for (label, colour), values in zip(
        OUTCOMES,
        ([d.answered for d in days], [d.ambiguous for d in days], [d.unsure for d in days]),
        strict=True,
    ):
        axes.bar(positions, values, bottom=bottoms, width=width, color=colour, label=label, linewidth=0)
        bottoms = [bottom + value for bottom, value in zip(bottoms, values, strict=True)]
    axes.set_xlim(positions[0] - 0.7, positions[-1] + 0.7)
    if len(days) <= FEW_DAYS:  # a tick per day; the date locator would mark hours
        shown = days[:: max(1, len(days) // 4)]
        axes.set_xticks(
            [date2num(day.day) for day in shown], [f"{day.day:%b} {day.day.day}" for day in shown]
        )
    else:
        locator = AutoDateLocator(minticks=2, maxticks=4)
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    axes.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    axes.grid(axis="y", color=GRID, linewidth=0.8)
    axes.set_axisbelow(True)
    legend = axes.legend(
        loc="upper left",
        fontsize=12,
        frameon=False,
        ncols=3,
        bbox_to_anchor=(0, 1.02),
        handlelength=1,
        columnspacing=1,
    )
    for text in legend.get_texts():
        text.set_color(TEXT)
    axes.set_ylim(0, max(bottoms) * 1.3)  # room for the legend above the highest bar


def _shares(axes: Axes, counts: Sequence[int]) -> None:
    _title(axes, "Share of questions")
    _hidden_axes(axes)
    total = sum(counts)
    if total == 0:
        axes.text(0, 0, "No questions", va="center", color=MUTED, fontsize=14)
        return
    left = 0.0
    for (_, colour), count in zip(OUTCOMES, counts, strict=True):
        share = count / total
        axes.barh(0, share, left=left, height=0.8, color=colour, linewidth=0)
        if share >= LABEL_INSIDE:
            text_colour = BACKGROUND if colour == OUTCOMES[1][1] else TEXT
            axes.text(
                left + share / 2,
                0,
                f"{share:.0%}",
                ha="center",
                va="center",
                color=text_colour,
                fontsize=14,
                fontweight="bold",
            )
        left += share
    axes.set_xlim(0, 1)


def _votes(axes: Axes, helpful: int, not_helpful: int) -> None:
    votes = helpful + not_helpful
    _hidden_axes(axes)
    if votes == 0:
        _title(axes, "Helpful votes")
        axes.text(0, 0, "No votes yet", va="center", color=MUTED, fontsize=14)
        return
    ratio = helpful / votes
    _title(axes, f"Helpful: {ratio:.0%} of {_count(votes, 'vote')}")
    axes.barh(0, ratio, height=0.8, color=HELPFUL, linewidth=0)
    axes.barh(0, 1 - ratio, left=ratio, height=0.8, color=NOT_HELPFUL, linewidth=0)
    for start, share in ((0.0, ratio), (ratio, 1 - ratio)):
        if share >= LABEL_INSIDE:
            axes.text(
                start + share / 2,
                0,
                f"{share:.0%}",
                ha="center",
                va="center",
                color=TEXT,
                fontsize=14,
                fontweight="bold",
            )
    axes.set_xlim(0, 1)


def _hidden_axes(axes: Axes) -> None:
    axes.set_xticks([])
    axes.set_yticks([])
    axes.set_ylim(-0.6, 0.6)
    for spine in axes.spines.values():
        spine.set_visible(False)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'s' if number != 1 else ''}"
