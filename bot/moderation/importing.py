"""Checking an uploaded knowledge file before it is validated: where it goes, its size, its encoding,
and what it would change."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.knowledge.loader import FAQ_FOLDER, ROLES_FOLDER, SYNONYMS_FILE
from bot.knowledge.models import Entry, KnowledgeSnapshot
from bot.moderation.changes import ChangeRefused

#: Larger than any knowledge file is likely to be (the biggest shipped one is about 16 KB).
MAX_IMPORT_BYTES = 256 * 1024
_FILE_NAME = re.compile(r"(?:(?P<folder>faq|roles)[/_-]+)?(?P<stem>[a-z0-9]+(?:-[a-z0-9]+)*)\.ya?ml\Z")


def import_target(filename: str, existing_paths: Iterable[str], explicit: str | None = None) -> str:
    """The knowledge file an upload replaces: ``explicit`` if given, else from the file's name
    (``synonyms.yaml``, a role's file name, otherwise ``faq/<name>.yaml``)."""
    name = (explicit or filename).strip().lower()
    if name in (SYNONYMS_FILE, "synonyms.yml"):
        return SYNONYMS_FILE
    match = _FILE_NAME.fullmatch(name.replace("\\", "/"))
    if match is None:
        raise ChangeRefused(
            f"'{explicit or filename}' is not a knowledge file name: upload faq/<category>.yaml, "
            "roles/<role>.yaml or synonyms.yaml (as /faq export names them), or say which with `file:`."
        )
    stem, folder = match["stem"], match["folder"]
    if folder is None:
        folder = ROLES_FOLDER if f"{ROLES_FOLDER}/{stem}.yaml" in set(existing_paths) else FAQ_FOLDER
    return f"{folder}/{stem}.yaml"


def check_upload(size: int) -> None:
    if size > MAX_IMPORT_BYTES:
        raise ChangeRefused(
            f"The file is {size:,} bytes; knowledge files are at most {MAX_IMPORT_BYTES:,} bytes. "
            "Split it into several category files."
        )


def decode_upload(data: bytes) -> bytes:
    check_upload(len(data))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ChangeRefused(
            f"The file is not UTF-8 text (byte {error.start}); save it as UTF-8 YAML."
        ) from None
    if b"\x00" in data:
        raise ChangeRefused("The file is binary, not YAML text.")
    return data


@dataclass(frozen=True, slots=True)
class KnowledgeDiff:
    """What differs between two snapshots, by kind: ids (entries, roles) or terms (synonyms)."""

    added: tuple[tuple[str, str], ...]
    changed: tuple[tuple[str, str], ...]
    removed: tuple[tuple[str, str], ...]

    def lines(self) -> list[str]:
        lines = []
        for verb, pairs in (("added", self.added), ("changed", self.changed), ("removed", self.removed)):
            for kind, plural in (("entry", "entries"), ("synonym", "synonym terms"), ("role", "roles")):
                keys = [key for pair_kind, key in pairs if pair_kind == kind]
                if keys:
                    lines.append(f"{plural} {verb} ({len(keys)}): " + ", ".join(f"`{key}`" for key in keys))
        return lines or ["nothing (the file is the same as the current one)"]


def knowledge_diff(before: KnowledgeSnapshot, after: KnowledgeSnapshot) -> KnowledgeDiff:
    old = _contents(before)
    new = _contents(after)
    return KnowledgeDiff(
        added=tuple(key for key in new if key not in old),
        changed=tuple(key for key in new if key in old and old[key] != new[key]),
        removed=tuple(key for key in old if key not in new),
    )


def _contents(snapshot: KnowledgeSnapshot) -> dict[tuple[str, str], object]:
    contents: dict[tuple[str, str], object] = {}
    for entry in snapshot.entries:
        contents["entry", entry.id] = _entry_content(entry)
    for term, variants in snapshot.synonyms.items():
        contents["synonym", term] = variants
    for role in snapshot.roles:
        contents["role", role.id] = (
            role.name,
            role.summary,
            dict(role.aspects),
            role.salary_figures,
            role.sources,
        )
    return contents


def _entry_content(entry: Entry) -> tuple[object, ...]:
    return (
        entry.question,
        entry.answer,
        entry.category,
        entry.alternates,
        entry.keywords,
        entry.related,
        entry.facts,
        entry.sources,
    )
