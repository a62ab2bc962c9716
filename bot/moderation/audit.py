"""Every change to the knowledge: who, when, what, before and after; also the undo stack.

Stored through the storage interface (``Storage.record_change`` and friends), so it lives wherever the
rest of the bot's data does: the SQLite file, or PostgreSQL when ``DATABASE_URL`` is set.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence

from bot.moderation.changes import Actor, AppliedChange, ChangeRefused, ItemChange
from bot.storage import NewChange, Storage, StorageUnavailable

UNDO_ACTION = "undo"


class AuditLog:
    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    @classmethod
    async def open(cls, storage: Storage) -> AuditLog:
        """The table is part of the storage's schema (its migrations); nothing to create here."""
        return cls(storage)

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
        try:
            change_id = await self._storage.record_change(
                NewChange(
                    changed_at=changed_at,
                    user_id=actor.user_id,
                    user_name=actor.name,
                    guild_id=actor.guild_id,
                    action=action,
                    summary=summary,
                    targets=" ".join(f"{item.kind}:{item.key}" for item in items),
                    items=json.dumps([item.to_json() for item in items], ensure_ascii=False),
                    undoes=undoes,
                )
            )
        except StorageUnavailable as unavailable:
            raise ChangeRefused(f"Not saved: the change can't be recorded ({unavailable}).") from None
        return AppliedChange(change_id, action, summary, tuple(items), actor, changed_at)

    async def find(self, changed_at: float, user_id: int, action: str) -> int | None:
        """The id of the change recorded at ``changed_at`` by ``user_id`` (a journal's change), if any."""
        return await self._storage.find_change(changed_at, user_id, action)

    async def last_undoable(self) -> AppliedChange | None:
        """The newest change that is not an undo and has not been undone."""
        try:
            row = await self._storage.last_undoable_change(undo_action=UNDO_ACTION)
        except StorageUnavailable as unavailable:
            raise ChangeRefused(
                f"Nothing was undone: the undo history can't be read ({unavailable})."
            ) from None
        if row is None:
            return None
        return AppliedChange(
            change_id=row.id,
            action=row.action,
            summary=row.summary,
            items=tuple(ItemChange.from_json(item) for item in json.loads(row.items)),
            actor=Actor(row.user_id, row.user_name, row.guild_id),
            changed_at=row.changed_at,
        )
