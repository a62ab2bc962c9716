"""Storage: the question log, feedback votes and the reports read from them.

One interface (``Storage``) and the one place that knows the schema. SQLite is the embedded default;
the audit log of knowledge changes keeps its own table in the same database (bot/moderation/audit.py).
"""

from bot.storage.records import (
    DAY,
    MAX_GAP_QUESTIONS,
    NOT_HELPFUL,
    ChannelKind,
    DayCount,
    GapQuestion,
    Label,
    LabelVerdict,
    LoggedQuestion,
    Stats,
    VoteOutcome,
    since,
)
from bot.storage.sqlite import Storage

__all__ = [
    "DAY",
    "MAX_GAP_QUESTIONS",
    "NOT_HELPFUL",
    "ChannelKind",
    "DayCount",
    "GapQuestion",
    "Label",
    "LabelVerdict",
    "LoggedQuestion",
    "Stats",
    "Storage",
    "VoteOutcome",
    "since",
]
