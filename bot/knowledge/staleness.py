"""Which entries and profiles cite facts older than a review horizon: the review salary data needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.knowledge.models import Fact, KnowledgeSnapshot

DEFAULT_HORIZON_MONTHS = 12


@dataclass(frozen=True, slots=True)
class StaleItem:
    """An entry or a role profile, with its oldest cited fact."""

    kind: str  # "entry" or "role"
    id: str
    title: str
    oldest: Fact
    months_old: int


def stale_items(snapshot: KnowledgeSnapshot, months: int, today: date) -> tuple[StaleItem, ...]:
    """Entries and profiles whose oldest cited fact is more than ``months`` old, oldest first."""
    cited = [
        ("entry", entry.id, entry.question, [snapshot.fact(i) for i in entry.facts])
        for entry in snapshot.entries
    ]
    cited += [("role", role.id, role.name, list(role.cited)) for role in snapshot.roles]
    items: list[StaleItem] = []
    for kind, item_id, title, facts in cited:
        dated = [fact for fact in facts if fact is not None]
        if not dated:
            continue
        oldest = min(dated, key=lambda fact: fact.month)
        age = _months_between(oldest.month, (today.year, today.month))
        if age > months:
            items.append(StaleItem(kind, item_id, title, oldest, age))
    return tuple(sorted(items, key=lambda item: (-item.months_old, item.kind, item.id)))


def describe_age(months: int) -> str:
    years, rest = divmod(months, 12)
    parts = [f"{years} year{'s' * (years != 1)}"] if years else []
    if rest or not years:
        parts.append(f"{rest} month{'s' * (rest != 1)}")
    return " ".join(parts)


def _months_between(start: tuple[int, int], end: tuple[int, int]) -> int:
    return (end[0] - start[0]) * 12 + end[1] - start[1]
