"""Every change to the knowledge, in SQLite: who, when, what, before and after; also the undo stack.

The table lives in the same database file as ``bot/storage.py``; it is created when opened.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence

import aiosqlite

from bot.moderation.changes import Actor, AppliedChange, ItemChange

_SCHEMA = """
CREATE TABLE IF NOT EXISTS faq_changes (
    id INTEGER PRIMARY KEY,
    changed_at REAL NOT NULL,
    user_id INTEGER NOT NULL,
    user_name TEXT NOT NULL,
    guild_id INTEGER,
    action TEXT NOT NULL,
    summary TEXT NOT NULL,
    targets TEXT NOT NULL,
    items TEXT NOT NULL,
    undoes INTEGER REFERENCES faq_changes (id),
    undone_by INTEGER REFERENCES faq_changes (id)
);
CREATE INDEX IF NOT EXISTS faq_changes_undoable ON faq_changes (undone_by, action, id);
"""

UNDO_ACTION = "undo"


class AuditLog:
    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection

    @classmethod
    async def open(cls, connection: aiosqlite.Connection) -> AuditLog:
        await connection.executescript(_SCHEMA)
        await connection.commit()
        return cls(connection)

    async def record(
        self,
        action: str,
        summary: str,
        items: Sequence[ItemChange],
        actor: Actor,
        *,
        undoes: int | None = None,
        changed_at: float | None = None,
    ) -> AppliedChange:
        """Store a change once its files are written (until then the edit journal holds it).

        ``changed_at`` is the time the journal names, so that recovery can tell whether this row was
        written before a crash (``find``)."""
        changed_at = time.time() if changed_at is None else changed_at
        cursor = await self._connection.execute(
            "INSERT INTO faq_changes (changed_at, user_id, user_name, guild_id, action, summary, targets,"
            " items, undoes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                changed_at,
                actor.user_id,
                actor.name,
                actor.guild_id,
                action,
                summary,
                " ".join(f"{item.kind}:{item.key}" for item in items),
                json.dumps([item.to_json() for item in items], ensure_ascii=False),
                undoes,
            ),
        )
        change_id = cursor.lastrowid or 0
        if undoes is not None:
            await self._connection.execute(
                "UPDATE faq_changes SET undone_by = ? WHERE id = ?", (change_id, undoes)
            )
        await self._connection.commit()
        return AppliedChange(change_id, action, summary, tuple(items), actor, changed_at)

    async def find(self, changed_at: float, user_id: int, action: str) -> int | None:
        """The id of the change recorded at ``changed_at`` by ``user_id`` (a journal's change), if any."""
        async with self._connection.execute(
            "SELECT id FROM faq_changes WHERE changed_at = ? AND user_id = ? AND action = ?",
            (changed_at, user_id, action),
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else int(row[0])

    async def last_undoable(self) -> AppliedChange | None:
        """The newest change that is not an undo and has not been undone."""
        async with self._connection.execute(
            "SELECT id, changed_at, user_id, user_name, guild_id, action, summary, items FROM faq_changes"
            " WHERE undone_by IS NULL AND action != ? ORDER BY id DESC LIMIT 1",
            (UNDO_ACTION,),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return AppliedChange(
            change_id=row[0],
            action=row[5],
            summary=row[6],
            items=tuple(ItemChange.from_json(item) for item in json.loads(row[7])),
            actor=Actor(row[2], row[3], row[4]),
            changed_at=row[1],
        )
