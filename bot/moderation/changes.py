"""What a moderator's change is made of, and how it is refused."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from bot.knowledge.errors import KnowledgeError
from bot.moderation import roundtrip
from bot.moderation.roundtrip import Plain


class ItemKind(StrEnum):
    ENTRY = "entry"  # one FAQ entry, by id
    SYNONYM = "synonym"  # one canonical term of synonyms.yaml
    FILE = "file"  # a whole knowledge file, by relative path (imports)


@dataclass(frozen=True, slots=True)
class ItemChange:
    """One item before and after; ``None`` on a side means it did not exist there."""

    kind: ItemKind
    key: str
    before: Plain
    after: Plain

    def to_json(self) -> dict[str, Plain]:
        return {
            "kind": self.kind.value,
            "key": self.key,
            "before": roundtrip.to_json(self.before),
            "after": roundtrip.to_json(self.after),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Plain]) -> ItemChange:
        before, after = roundtrip.from_json(data["before"]), roundtrip.from_json(data["after"])
        return cls(ItemKind(data["kind"]), data["key"], before, after)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who made a change, as the audit log names them."""

    user_id: int
    name: str
    guild_id: int | None = None


@dataclass(frozen=True, slots=True)
class AppliedChange:
    change_id: int
    action: str
    summary: str
    items: tuple[ItemChange, ...]
    actor: Actor
    changed_at: float


class ChangeRefused(Exception):
    """The change was not made and nothing was written; ``reason`` says why, ``errors`` where."""

    def __init__(self, reason: str, errors: tuple[KnowledgeError, ...] = ()) -> None:
        super().__init__("\n".join([reason, *map(str, errors)]))
        self.reason = reason
        self.errors = errors


_NOT_ID = re.compile(r"[^a-z0-9]+")
MAX_GENERATED_ID = 60


def id_from_question(question: str, taken: set[str]) -> str:
    """A kebab-case id from the question's words, made unique with a number when needed."""
    words = _NOT_ID.sub("-", question.lower()).strip("-")[:MAX_GENERATED_ID].strip("-") or "entry"
    candidate, number = words, 2
    while candidate in taken:
        candidate, number = f"{words}-{number}", number + 1
    return candidate


def split_lines(text: str) -> list[str]:
    """Non-empty stripped lines, duplicates dropped (alternates: one per line)."""
    return list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


def split_ids(text: str) -> list[str]:
    """Ids separated by commas, spaces or new lines (related ids)."""
    return list(dict.fromkeys(part for part in re.split(r"[\s,]+", text.strip()) if part))


@dataclass(frozen=True, slots=True)
class EntryForm:
    """What the add/edit modal collects; keywords and sources are kept from the file on edit."""

    question: str
    alternates: str
    answer: str
    category: str
    related: str

    def merged_into(self, entry_id: str, existing: Mapping[str, Plain] | None) -> dict[str, Plain]:
        value: dict[str, Plain] = dict(existing or {})
        value["id"] = entry_id
        value["question"] = self.question.strip()
        value["category"] = self.category.strip().lower()
        value["answer"] = self.answer.strip()
        for key, items in (
            ("alternates", split_lines(self.alternates)),
            ("related", split_ids(self.related)),
        ):
            if items:
                value[key] = items
            else:
                value.pop(key, None)
        return value
