"""The intent journal: a change is written down whole before the first of its files is replaced.

A change touches one file or several (a category move: two; an undo or an import: any). Each file is
replaced atomically, but a crash can still fall between two of them, or between the files and the
audit row. So, holding the edit lock, the editor:

1. checks every file still holds what the change was computed from;
2. writes the journal (``.careerbot-journal.json`` in the knowledge folder: every file's content
   before and after, and the change's audit row to be), atomically;
3. replaces the files one by one, each compared with its expected content right before the replace;
4. records the audit row, then deletes the journal.

Whoever next holds the lock and finds a journal knows its writer died (or could not put its files
back) and settles it: the change is completed when every file holds its before or after content and
the result loads, and rolled back otherwise (never over a file someone saved by hand since, unless
the audit log shows the change never landed). A completed change then gets its audit row, so
``/faq undo`` always reaches the last change that landed.
"""

from __future__ import annotations

import base64
import json
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from filelock import FileLock, Timeout

from bot.knowledge.errors import KnowledgeInvalid
from bot.knowledge.loader import build_snapshot, read_knowledge_files
from bot.moderation.atomic import (
    FileChangedMeanwhile,
    atomic_write_bytes,
    read_or_none,
    remove_file,
)
from bot.moderation.changes import Actor, ItemChange
from bot.moderation.edit_lock import LOCK_FILE, WAIT_SECONDS

log = logging.getLogger(__name__)

#: Hidden, so the loader, the watcher and /faq export never see it.
JOURNAL_FILE = ".careerbot-journal.json"


@dataclass(frozen=True, slots=True)
class Intent:
    """A change about to be written: its audit row to be and each file's content before and after."""

    action: str
    summary: str
    items: tuple[ItemChange, ...]
    actor: Actor
    changed_at: float
    undoes: int | None
    #: relative path -> (content before, ``None`` if the file did not exist; content after), in the
    #: order the files are written
    files: Mapping[str, tuple[bytes | None, bytes]] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        return json.dumps(
            {
                "action": self.action,
                "summary": self.summary,
                "items": [item.to_json() for item in self.items],
                "actor": [self.actor.user_id, self.actor.name, self.actor.guild_id],
                "changed_at": self.changed_at,
                "undoes": self.undoes,
                "files": [
                    [path, _encode(before), _encode(after)] for path, (before, after) in self.files.items()
                ],
            },
            ensure_ascii=False,
        ).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Intent:
        raw = json.loads(data)
        user_id, name, guild_id = raw["actor"]
        return cls(
            action=raw["action"],
            summary=raw["summary"],
            items=tuple(ItemChange.from_json(item) for item in raw["items"]),
            actor=Actor(user_id, name, guild_id),
            changed_at=raw["changed_at"],
            undoes=raw["undoes"],
            files={path: (_decode(before), _decode(after) or b"") for path, before, after in raw["files"]},
        )


class Settled(StrEnum):
    LANDED = "completed"  # every file holds its content after the change
    ROLLED_BACK = "rolled back"  # every file the change had written holds its content before again
    UNSETTLED = "left as it is"  # a file was saved by hand since; the audit log must decide


class PutBackFailed(OSError):
    """A write failed and putting back the files already written failed too: the journal stays."""


class EditJournal:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / JOURNAL_FILE

    def read(self) -> Intent | None:
        data = read_or_none(self.path)
        if data is None:
            return None
        try:
            return Intent.from_bytes(data)
        except (ValueError, KeyError, TypeError):
            # Written atomically, so never torn: only a hand edit gets here. Keep it, out of the way.
            aside = self.path.with_name(f"{JOURNAL_FILE}.unreadable")
            os.replace(self.path, aside)
            log.error("The edit journal could not be read; moved it to %s and ignored it", aside)
            return None

    def clear(self) -> None:
        remove_file(self.path)

    def write_change(self, intent: Intent) -> None:
        """Steps 1 to 3 above. ``FileChangedMeanwhile`` when a file changed since the change was
        computed (the files already written are put back first, so nothing of it stays)."""
        targets = [(self.folder / path, before, after) for path, (before, after) in intent.files.items()]
        for target, before, _ in targets:
            if read_or_none(target) != before:
                raise FileChangedMeanwhile(target)
        atomic_write_bytes(self.path, intent.to_bytes())
        written: list[tuple[Path, bytes | None, bytes]] = []
        try:
            for target, before, after in targets:
                atomic_write_bytes(target, after, expected=before)
                written.append((target, before, after))
        except BaseException as error:
            failed = _put_back(reversed(written))
            if failed:
                raise PutBackFailed(f"could not put back {', '.join(failed)} after: {error}") from error
            self.clear()
            raise

    def settle(self, intent: Intent, *, over_hand_saves: bool) -> Settled:
        """Complete or roll back a change whose writer died; ``over_hand_saves``: the audit log says the
        change never landed, so files at their after content are put back even if others changed."""
        states = {}
        for path, (before, after) in intent.files.items():
            now = read_or_none(self.folder / path)
            states[path] = "after" if now == after else "before" if now == before else "other"
        if all(state == "after" for state in states.values()):
            return Settled.LANDED
        hand_saved = [path for path, state in states.items() if state == "other"]
        if not hand_saved and self._loads_with(intent):
            for path, (before, after) in intent.files.items():
                if states[path] == "before":
                    atomic_write_bytes(self.folder / path, after, expected=before)
            return Settled.LANDED
        if hand_saved and not over_hand_saves:
            return Settled.UNSETTLED
        written = [
            (self.folder / path, before, after)
            for path, (before, after) in intent.files.items()
            if states[path] == "after"
        ]
        failed = _put_back(reversed(written))
        if failed:
            raise PutBackFailed(f"could not put back {', '.join(failed)}")
        return Settled.ROLLED_BACK

    def _loads_with(self, intent: Intent) -> bool:
        try:
            files = read_knowledge_files(self.folder)
            files.update({path: after for path, (_, after) in intent.files.items()})
            build_snapshot(files, label=self.folder.name)
        except KnowledgeInvalid:
            return False
        return True


def settle_before_loading(folder: Path) -> Settled | None:
    """At start, before the knowledge is first loaded: complete or roll back a change a killed process
    left half-written, so the knowledge loads. Without the audit log at hand, a file saved by hand
    since is left alone; the editor settles that case when the desk opens (and records the row)."""
    journal = EditJournal(folder)
    if not journal.path.exists():
        return None
    try:
        with FileLock(folder / LOCK_FILE, thread_local=False, preserve_lock_file=True, timeout=WAIT_SECONDS):
            intent = journal.read()
            if intent is None:
                return None
            outcome = journal.settle(intent, over_hand_saves=False)
            if outcome is Settled.ROLLED_BACK:
                journal.clear()
    except (Timeout, OSError, FileChangedMeanwhile) as error:
        log.error("Could not settle the knowledge change a crash interrupted (%s); the editor retries", error)
        return None
    log.warning("A knowledge change interrupted by a crash was %s: %s", outcome, intent.summary)
    return outcome


def _put_back(written: Iterable[tuple[Path, bytes | None, bytes]]) -> list[str]:
    """Give each file its content before the change again; the names of those that could not be."""
    failed = []
    for target, before, after in written:
        try:
            if before is None:
                if read_or_none(target) == after:
                    remove_file(target)
            else:
                atomic_write_bytes(target, before, expected=after)
        except FileChangedMeanwhile:
            log.warning("%s was saved by someone else meanwhile; left as they saved it", target)
        except OSError:
            log.exception("Could not put back %s", target)
            failed.append(target.name)
    return failed


def _encode(data: bytes | None) -> str | None:
    return None if data is None else base64.b64encode(data).decode("ascii")


def _decode(text: str | None) -> bytes | None:
    return None if text is None else base64.b64decode(text)
