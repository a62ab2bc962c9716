"""The shapes both backends share: column lists in the order of the records read from them."""

from __future__ import annotations

from dataclasses import fields

import pytest

from bot.storage import rows
from bot.storage.records import ChangeRow, Label, LabelVerdict, LoggedQuestion, NewChange


@pytest.mark.parametrize(
    ("columns", "record"),
    [
        (rows.LABEL_COLUMNS, Label),
        (rows.LOGGED_QUESTION_COLUMNS, LoggedQuestion),
        (rows.CHANGE_COLUMNS, ChangeRow),
        (rows.NEW_CHANGE_COLUMNS, NewChange),
    ],
)
def test_each_column_list_follows_its_records_fields(columns: str, record: type) -> None:
    """Records are built from rows by position: a column list out of the fields' order would swap them."""
    assert columns.split(", ") == [field.name for field in fields(record)]


def test_a_label_row_reads_its_verdict_as_the_enum() -> None:
    label = rows.label((3, "q", "e", "not this", 2, 5.0))
    assert label == Label(3, "q", "e", LabelVerdict.NOT_THIS, 2, 5.0)
    assert label.verdict is LabelVerdict.NOT_THIS


def test_a_label_is_counted_under_its_folded_question_and_shown_with_spacing_folded() -> None:
    assert rows.label_values("  Rust for \x00 AI? ", "e", LabelVerdict.CHOSEN) == (
        "rust for \ufffd ai?",
        "Rust for \ufffd AI?",
        "e",
        "chosen",
    )


def test_a_new_change_is_stored_in_its_columns_order_with_its_texts_cleaned() -> None:
    change = NewChange(1.5, 4, "mo\x00d", None, "edit", "s\ud800", "entry:a", "[]", undoes=2)
    assert rows.new_change_values(change) == (
        1.5,
        4,
        "mo\ufffdd",
        None,
        "edit",
        "s\ufffd",
        "entry:a",
        "[]",
        2,
    )
