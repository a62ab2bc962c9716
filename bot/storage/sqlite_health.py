"""Is the SQLite file still the database the bot opened, and can it be written?

SQLite itself would happily recreate an empty database where one was deleted, keep writing to a file
that was deleted while open (the rows go nowhere anyone can read), or start on a damaged one. So:

- Beside the database, ``<name>.id`` remembers the database's own id (stored inside it). A start that
  finds the note but no database refuses: the votes, question log and undo history were there and
  are gone; restore the file, or delete the note to start empty on purpose.
- While running, before every use, the file must still be the one opened (same device and inode) and
  must not have lost its write permission (checked on the mode bits too, so a file marked read-only is
  respected even by root).
- A damaged file is named as damaged, at start (``PRAGMA quick_check``) and when a statement says so.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import stat
import time
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from bot.storage.records import StorageFailed

log = logging.getLogger(__name__)

_DAMAGED_WORDS = ("malformed", "not a database", "corrupt", "disk image")
_READ_ONLY_WORDS = ("readonly", "read-only")


@dataclass(frozen=True, slots=True)
class FileIdentity:
    device: int
    inode: int


def note_path(path: Path) -> Path:
    return path.with_name(path.name + ".id")


def identity_of(path: Path) -> FileIdentity:
    status = path.stat()
    return FileIdentity(status.st_dev, status.st_ino)


def _read_only(path: Path) -> bool:
    status = path.stat()
    return not os.access(path, os.W_OK) or not status.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def check_before_open(path: Path) -> None:
    """Refuse a database that existed and is gone, or one that cannot be written."""
    note = note_path(path)
    if not path.exists() and note.exists():
        remembered = _read_note(note)
        made = remembered.get("created")
        when = f", first opened {time.strftime('%Y-%m-%d %H:%M', time.localtime(made))}" if made else ""
        raise StorageFailed(
            f"the database {path} is gone, but this bot used one there before (id "
            f"{remembered.get('database_id', '?')}{when}): its votes, question log and undo history "
            f"would be lost. Restore the file from a backup, or delete {note} to start with an empty "
            "database."
        )
    if path.exists() and _read_only(path):
        raise StorageFailed(
            f"the database {path} is read-only: the bot must write to it (give the bot's user write "
            "permission on it and on its folder)"
        )
    if path.exists() and not os.access(path.parent, os.W_OK):
        raise StorageFailed(
            f"the folder of the database {path} is read-only: SQLite needs to create its journal there"
        )


async def quick_check(connection: aiosqlite.Connection, path: Path) -> None:
    async with connection.execute("PRAGMA quick_check") as cursor:
        rows = await cursor.fetchall()
    if [tuple(row) for row in rows] != [("ok",)]:
        problems = "; ".join(str(row[0]) for row in rows[:3])
        raise StorageFailed(
            f"the database {path} is damaged ({problems}): restore it from a backup, or move it away "
            f"(and {note_path(path).name} with it) to start with an empty one"
        )


def remember(path: Path, database_id: str) -> None:
    """Write the note beside the database; a different id there means the file was swapped."""
    note = note_path(path)
    remembered = _read_note(note) if note.exists() else {}
    if remembered.get("database_id") == database_id:
        return
    if remembered:
        log.warning(
            "%s is not the database this bot used last (id %s, now %s): a restored backup or another "
            "file was put in its place; carrying on with it",
            path,
            remembered.get("database_id"),
            database_id,
        )
    note.write_text(
        json.dumps({"database_id": database_id, "created": time.time(), "database": path.name}) + "\n",
        encoding="utf-8",
    )


def _read_note(note: Path) -> dict[str, object]:
    try:
        data = json.loads(note.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"database_id": "unreadable"}
    return data if isinstance(data, dict) else {"database_id": "unreadable"}


def problem_now(path: Path, opened: FileIdentity) -> str | None:
    """What keeps the open database from being used now, in one sentence; None when it is fine."""
    try:
        current = identity_of(path)
    except FileNotFoundError:
        return (
            f"the database file {path} was deleted while the bot was running; nothing more is stored. "
            "Restore it from a backup (or delete "
            f"{note_path(path).name} to start empty), then restart the bot"
        )
    except OSError as error:
        return f"the database file {path} cannot be reached ({error.strerror or error})"
    if current != opened:
        return (
            f"the database file {path} was replaced by another file while the bot was running; "
            "restart the bot to use the new one"
        )
    if _read_only(path):
        return f"the database file {path} became read-only while the bot was running; make it writable again"
    return None


def damage(path: Path, error: sqlite3.DatabaseError) -> str | None:
    """A sentence for errors that mean the file itself is the problem; None for any other error."""
    text = str(error).lower()
    if any(word in text for word in _DAMAGED_WORDS):
        return f"the database {path} is damaged ({error}): restore it from a backup"
    if any(word in text for word in _READ_ONLY_WORDS):
        return f"the database {path} cannot be written ({error}): make it and its folder writable"
    return None


def explain(path: Path, error: sqlite3.Error) -> str:
    """The sentence a failed start prints."""
    if isinstance(error, sqlite3.DatabaseError) and (sentence := damage(path, error)) is not None:
        return sentence + ", then start again"
    return f"could not open the database {path}: {error}"
