"""Storage: the question log, feedback votes, labels, answer channels and the knowledge's audit log.

One interface (``Storage``, bot/storage/base.py) with two backends: SQLite, the embedded default
(``DATABASE_PATH``), and PostgreSQL, shared by several processes (``DATABASE_URL``). ``open_storage``
picks one from the settings; with ``DATABASE_URL`` set, nothing is written to SQLite.
"""

from __future__ import annotations

from bot.config import Settings
from bot.storage.base import HeldLock, Storage
from bot.storage.records import (
    DAY,
    MAX_GAP_QUESTIONS,
    NOT_HELPFUL,
    ChangeRow,
    ChannelKind,
    DayCount,
    GapQuestion,
    Label,
    LabelVerdict,
    LoggedQuestion,
    NewChange,
    Stats,
    StorageFailed,
    StorageUnavailable,
    VoteOutcome,
    since,
)
from bot.storage.sqlite import SqliteStorage

__all__ = [
    "DAY",
    "MAX_GAP_QUESTIONS",
    "NOT_HELPFUL",
    "ChangeRow",
    "ChannelKind",
    "DayCount",
    "GapQuestion",
    "HeldLock",
    "Label",
    "LabelVerdict",
    "LoggedQuestion",
    "NewChange",
    "SqliteStorage",
    "Stats",
    "Storage",
    "StorageFailed",
    "StorageUnavailable",
    "VoteOutcome",
    "open_storage",
    "since",
]


async def open_storage(settings: Settings) -> Storage:
    """PostgreSQL when ``DATABASE_URL`` is set, else the SQLite file at ``DATABASE_PATH``.

    Raises ``StorageFailed`` with a sentence naming the database and what to check."""
    if settings.database_url is not None:
        from bot.storage.postgres import PostgresStorage

        return await PostgresStorage.open(settings.database_url)
    return await SqliteStorage.open(settings.database_path)
