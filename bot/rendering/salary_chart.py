"""A PNG bar chart of the sourced salary figures of some roles, for /compare salary.

It draws on a bare ``Figure`` with the Agg canvas rather than through pyplot, so there is no global
figure state and charts can be rendered in worker threads.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from bot.knowledge.models import RoleProfile, SalaryFigure

ROLE_COLOURS = ("#5865F2", "#F0A030", "#3BA55C", "#ED4245", "#9B59B6")
PAY_WORDS = {"base": "base salary", "total": "total compensation"}
_HATCH = {"base": "", "total": "//"}


def bar_label(figure: SalaryFigure) -> str:
    """What one bar says about its figure: what it is, then source, date and kind of pay."""
    pay = PAY_WORDS.get(figure.pay, figure.pay)
    return f"{figure.label}\n{figure.source}, {figure.as_of} · {pay}"


def render_salary_chart(roles: Sequence[RoleProfile]) -> bytes | None:
    """PNG bytes with one horizontal bar per salary figure, grouped and coloured by role; None without
    figures. Total compensation is hatched, so it is not read as base pay."""
    bars = [(index, figure) for index, role in enumerate(roles) for figure in role.salary_figures]
    if not bars:
        return None
    chart = Figure(figsize=(10, 1.6 + 0.75 * len(bars)), dpi=100)
    FigureCanvasAgg(chart)
    axes = chart.add_subplot()
    positions = list(range(len(bars)))[::-1]
    amounts = [figure.amount_usd for _, figure in bars]
    axes.barh(
        positions,
        amounts,
        color=[ROLE_COLOURS[index % len(ROLE_COLOURS)] for index, _ in bars],
        hatch=[_HATCH.get(figure.pay, "") for _, figure in bars],
        edgecolor="white",
    )
    axes.set_yticks(positions, [bar_label(figure) for _, figure in bars], fontsize=8)
    for position, amount in zip(positions, amounts, strict=True):
        axes.annotate(
            f"${amount:,}",
            (amount, position),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    axes.set_xlim(0, max(amounts) * 1.18)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"${value / 1000:,.0f}k"))
    axes.set_xlabel("US dollars per year (hatched: total compensation)")
    axes.set_title("Sourced salary figures")
    axes.spines[["top", "right"]].set_visible(False)
    shown = sorted({index for index, _ in bars})
    axes.legend(
        handles=[Patch(color=ROLE_COLOURS[i % len(ROLE_COLOURS)], label=roles[i].name) for i in shown],
        loc="best",
        fontsize=8,
    )
    chart.tight_layout()
    png = BytesIO()
    chart.savefig(png, format="png")
    return png.getvalue()
