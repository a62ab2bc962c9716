"""Rows to records and records to rows: the shapes both backends write and read back the same way.

Each backend keeps its own SQL and its driver's ways (placeholders, cursors, transactions, what a
statement returns). What is here is only what does not depend on the database: the order of the
columns a record is read from (each list sits next to the function that reads it, so the two cannot
drift apart), and the values a new row is stored as (text cleaned for any database, enums as text).
A row is an ``sqlite3`` tuple or an ``asyncpg.Record``: both are read by position.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.storage.records import (
    ChangeRow,
    GapQuestion,
    Label,
    LabelVerdict,
    LoggedQuestion,
    NewChange,
    clean_text,
    question_key,
)

#: A database row as the drivers hand it back: read by position.
Row = Sequence[Any]

LABEL_COLUMNS = "id, question, entry_id, verdict, times, last_at"
LOGGED_QUESTION_COLUMNS = "id, question, user_id, channel_id, status, entry_id"
CHANGE_COLUMNS = "id, changed_at, user_id, user_name, guild_id, action, summary, items"
#: The columns ``new_change_values`` fills, in its order (the INSERT of ``record_change``).
NEW_CHANGE_COLUMNS = "changed_at, user_id, user_name, guild_id, action, summary, targets, items, undoes"


def label(row: Row) -> Label:
    """A ``LABEL_COLUMNS`` row."""
    return Label(row[0], row[1], row[2], LabelVerdict(row[3]), row[4], row[5])


def logged_question(row: Row) -> LoggedQuestion:
    """A ``LOGGED_QUESTION_COLUMNS`` row."""
    return LoggedQuestion(*row)


def change(row: Row) -> ChangeRow:
    """A ``CHANGE_COLUMNS`` row."""
    return ChangeRow(*row)


def gap_question(row: Row) -> GapQuestion:
    """A ``(text, reason, at, entry_id)`` row of the gap questions' query."""
    return GapQuestion(*row)


def label_values(question: str, entry_id: str, verdict: LabelVerdict) -> tuple[str, str, str, str]:
    """``(question_key, question, entry_id, verdict)`` of a label: the key it is counted under, and the
    question as shown (cleaned, spacing folded)."""
    return question_key(question), " ".join(clean_text(question).split()), entry_id, str(verdict)


def new_change_values(new: NewChange) -> tuple[Any, ...]:
    """A new change's values in ``NEW_CHANGE_COLUMNS`` order, its texts cleaned for any database."""
    return (
        new.changed_at,
        new.user_id,
        clean_text(new.user_name),
        new.guild_id,
        new.action,
        clean_text(new.summary),
        clean_text(new.targets),
        clean_text(new.items),
        new.undoes,
    )
