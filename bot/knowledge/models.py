"""Immutable records that make up a knowledge snapshot."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

#: Aspects every role profile describes, in display order.
ROLE_ASPECTS: tuple[str, ...] = (
    "responsibilities",
    "skills",
    "education",
    "tools",
    "salary",
    "industries",
    "career_path",
)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record was written: shown to moderators as ``file:line``."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class Source:
    """A citation for a figure or claim in an answer."""

    title: str
    url: str
    as_of: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One question-and-answer pair of the FAQ."""

    id: str
    question: str
    answer: str
    category: str
    alternates: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    origin: Origin = Origin("<memory>", 0)

    @property
    def phrasings(self) -> tuple[str, ...]:
        """The canonical question followed by its alternates."""
        return (self.question, *self.alternates)


@dataclass(frozen=True, slots=True)
class SalaryFigure:
    """A sourced pay figure for a role, drawn on the salary chart."""

    label: str
    amount_usd: int
    pay: str  # "base" or "total"
    source: str
    as_of: str


@dataclass(frozen=True, slots=True)
class RoleProfile:
    """A structured description of a role, for side-by-side comparison."""

    id: str
    name: str
    summary: str
    aspects: Mapping[str, str]
    salary_figures: tuple[SalaryFigure, ...] = ()
    sources: tuple[Source, ...] = ()
    origin: Origin = Origin("<memory>", 0)


@dataclass(frozen=True, slots=True)
class KnowledgeSnapshot:
    """Everything the bot answers from, loaded and validated as one unit.

    A snapshot is never changed after it is built: a reload builds a new one and
    swaps it in, so concurrent questions can share it freely.
    """

    entries: tuple[Entry, ...]
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    roles: tuple[RoleProfile, ...] = ()
    #: Words that mark a question as being about something else ("lawyer", "printer").
    off_topic: tuple[str, ...] = ()
    #: Categories whose entries are small talk ("hello", "thanks"): they answer a message only when it
    #: holds no real question, and a follow-up is never read in their light.
    small_talk_categories: frozenset[str] = frozenset()
    _by_id: Mapping[str, Entry] = field(init=False, repr=False, compare=False)
    _roles_by_id: Mapping[str, RoleProfile] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", MappingProxyType({e.id: e for e in self.entries}))
        object.__setattr__(self, "_roles_by_id", MappingProxyType({r.id: r for r in self.roles}))
        if not isinstance(self.synonyms, MappingProxyType):
            object.__setattr__(self, "synonyms", MappingProxyType(dict(self.synonyms)))

    def entry(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def role(self, role_id: str) -> RoleProfile | None:
        return self._roles_by_id.get(role_id)

    @property
    def categories(self) -> tuple[str, ...]:
        """Categories in the order they first appear."""
        return tuple(dict.fromkeys(e.category for e in self.entries))

    def is_small_talk(self, entry: Entry) -> bool:
        return entry.category in self.small_talk_categories

    def entries_in(self, category: str) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.category == category)
