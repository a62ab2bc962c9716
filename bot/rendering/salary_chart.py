"""A PNG bar chart of the sourced salary figures of some roles, for /compare salary.

Figures are compared like for like: bars stand side by side only when they come from the same source
and date, each group headed by that source, its date and the kind of pay. A figure whose fact has low
confidence or was read second-hand is hatched, pale and prefixed with "≈". The chart is drawn for
Discord, which shows it about 400 px wide, often on its dark theme: large type, a dark background and
colours that keep a contrast of at least 3:1 against it.

It draws on a bare ``Figure`` with the Agg canvas rather than through pyplot, so there is no global
figure state and charts can be rendered in worker threads.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.knowledge.models import RoleProfile, SalaryFigure

#: Discord's dark embed background, and text and bar colours readable on it.
BACKGROUND = "#2B2D31"
TEXT = "#F2F3F5"
MUTED_TEXT = "#B5BAC1"
ROLE_COLOURS = ("#7984F5", "#F0A030", "#3BA55C", "#ED6A6C", "#C38FE0")
PAY_WORDS = {"base": "base salary", "mostly base": "mostly base salary", "total": "total compensation"}
CAVEAT_MARK = "≈"
#: Pixels wide as rendered; Discord halves it on a phone, so type is set large.
WIDTH_INCHES, DPI = 8.0, 100
_ROW, _HEADER = 0.62, 0.55  # inches per bar and per line of a group heading
_HEADING_WIDTH = 46  # characters of a heading line at 14.5 pt across 800 px


@dataclass(frozen=True, slots=True)
class ChartGroup:
    """Figures of one source and date, drawn side by side."""

    source: str
    as_of: str
    bars: tuple[tuple[int, SalaryFigure], ...]  # (role index, figure)

    @property
    def heading(self) -> str:
        pays = dict.fromkeys(PAY_WORDS.get(figure.pay, figure.pay) for _, figure in self.bars)
        return textwrap.fill(f"{self.source}, {self.as_of} · {' / '.join(pays)}", _HEADING_WIDTH)


def chart_groups(roles: Sequence[RoleProfile]) -> tuple[ChartGroup, ...]:
    """The figures grouped by source and date, in the order the sources first appear (first role's
    figures first); within a group, by role."""
    groups: dict[tuple[str, str], list[tuple[int, SalaryFigure]]] = {}
    for index, role in enumerate(roles):
        for figure in role.salary_figures:
            groups.setdefault((figure.source, figure.as_of), []).append((index, figure))
    return tuple(
        ChartGroup(source, as_of, tuple(sorted(bars, key=lambda bar: bar[0])))
        for (source, as_of), bars in groups.items()
    )


def chart_title(roles: Sequence[RoleProfile]) -> str:
    """Two lines: which roles, then what is compared."""
    names = " vs ".join(role.name for role in roles)
    return f"{names}\nU.S. pay by source and date, USD a year"


def bar_label(figure: SalaryFigure) -> str:
    """What one bar says: the figure's label without the parenthesised source (the group heading
    names it), and its amount, marked when the fact needs a caveat."""
    what = figure.label.split(" (")[0]
    mark = f"{CAVEAT_MARK} " if figure.caveated else ""
    return f"{what}: {mark}${figure.amount_usd:,}"


def render_salary_chart(roles: Sequence[RoleProfile]) -> bytes | None:
    """PNG bytes with one horizontal bar per salary figure, grouped by source and date; None without
    figures."""
    groups = chart_groups(roles)
    if not groups:
        return None
    bars = sum(len(group.bars) for group in groups)
    heading_lines = sum(group.heading.count("\n") + 1 for group in groups)
    height = 2.1 + _ROW * bars + _HEADER * heading_lines
    chart = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, facecolor=BACKGROUND)
    FigureCanvasAgg(chart)
    axes = chart.add_axes((0.03, 0.7 / height, 0.94, 1 - 2.0 / height), facecolor=BACKGROUND)
    largest = max(figure.amount_usd for group in groups for _, figure in group.bars)
    y = 0.0
    for group in groups:
        lines = group.heading.count("\n") + 1
        y += (lines - 1) * _HEADER / _ROW
        axes.text(0, y, group.heading, color=TEXT, fontsize=14.5, fontweight="bold", va="bottom")
        y += _HEADER / _ROW
        for index, figure in group.bars:
            colour = ROLE_COLOURS[index % len(ROLE_COLOURS)]
            axes.barh(
                y,
                figure.amount_usd,
                height=0.36,
                color=colour,
                hatch="///" if figure.caveated else "",
                edgecolor=BACKGROUND,
                linewidth=0,
            )
            axes.text(0, y - 0.3, bar_label(figure), color=TEXT, fontsize=14, va="bottom")
            y += 1
        y += 0.2
    axes.set_xlim(0, largest * 1.02)
    axes.set_ylim(y - 0.4, -0.8)
    axes.axis("off")
    top = 1 - 0.12 / height
    chart.text(0.03, top, chart_title(roles), color=TEXT, fontsize=17, fontweight="bold", va="top")
    x = 0.03
    for index, role in enumerate(roles):
        colour = ROLE_COLOURS[index % len(ROLE_COLOURS)]
        chart.text(x, top - 0.95 / height, f"■ {role.name}", color=colour, fontsize=14)
        x += 0.06 + 0.021 * len(role.name)
    chart.text(
        0.03,
        0.2 / height,
        f"{CAVEAT_MARK} and hatched: low confidence or read second-hand.\n"
        "Only bars under one heading compare like for like.",
        color=MUTED_TEXT,
        fontsize=12.5,
    )
    png = BytesIO()
    chart.savefig(png, format="png", facecolor=BACKGROUND)
    return png.getvalue()
