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
    ) -> AppliedChange:
        """Store a change (before its files are written: the content is never only in memory)."""
        changed_at = time.time()
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

    async def discard(self, change_id: int) -> None:
        """Forget a change whose files could not be written, and give back what it undid."""
        await self._connection.execute(
            "UPDATE faq_changes SET undone_by = NULL WHERE undone_by = ?", (change_id,)
        )
        await self._connection.execute("DELETE FROM faq_changes WHERE id = ?", (change_id,))
        await self._connection.commit()

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
