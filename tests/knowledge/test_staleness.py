from __future__ import annotations

from datetime import date

from bot.knowledge.models import Entry, Fact, KnowledgeSnapshot
from bot.knowledge.staleness import describe_age, stale_items


def _fact(fact_id: str, when: str) -> Fact:
    return Fact(fact_id, "c", "t", f"https://example.com/{fact_id}", when, when, "high", False)


FACTS = (_fact("old", "2022"), _fact("mid", "2025-06"), _fact("new", "2026-11"))


def _entry(entry_id: str, *facts: str) -> Entry:
    return Entry(entry_id, "Q?", "A.", "salary", facts=facts)


SNAPSHOT = KnowledgeSnapshot(
    entries=(_entry("fresh", "new"), _entry("mixed", "new", "old"), _entry("middle", "mid"), _entry("none")),
    facts=FACTS,
)


def test_entries_with_a_fact_older_than_the_horizon_are_listed_oldest_first() -> None:
    items = stale_items(SNAPSHOT, 12, date(2026, 12, 1))
    assert [(item.id, item.oldest.id, item.months_old) for item in items] == [
        ("mixed", "old", 59),  # a year alone counts from January
        ("middle", "mid", 18),
    ]


def test_a_longer_horizon_lists_fewer() -> None:
    assert [item.id for item in stale_items(SNAPSHOT, 24, date(2026, 12, 1))] == ["mixed"]


def test_ages_read_as_years_and_months() -> None:
    assert (describe_age(59), describe_age(12), describe_age(1)) == ("4 years 11 months", "1 year", "1 month")
