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


#: Kinds of pay a salary figure can be: base salary, total compensation (base + stock + bonus), or a
#: source's "salary" that is mostly base (an average that may include some bonus).
PAY_KINDS: tuple[str, ...] = ("base", "mostly base", "total")
CONFIDENCE_LEVELS: tuple[str, ...] = ("high", "medium", "low")


@dataclass(frozen=True, slots=True)
class Fact:
    """One sourced fact of the evidence table (``knowledge/facts.yaml``): every figure the knowledge
    states must be one of the ``numbers`` of a fact it cites."""

    id: str
    claim: str
    title: str
    url: str
    as_of: str
    #: ``YYYY`` or ``YYYY-MM``: when the data is from, for the staleness review.
    date: str
    confidence: str
    second_hand: bool
    #: Every number the claim and the values hold, normalised like stated figures.
    numbers: tuple[float, ...] = ()
    origin: Origin = Origin("<memory>", 0)

    @property
    def needs_caveat(self) -> bool:
        """Low confidence or read second-hand: shown only with a caveat word near the figure."""
        return self.confidence == "low" or self.second_hand

    @property
    def cited_source(self) -> Source:
        return Source(title=self.title, url=self.url, as_of=self.as_of)

    @property
    def month(self) -> tuple[int, int]:
        """``(year, month)`` of ``date``; a year alone counts from January, so it is reviewed sooner."""
        year, _, month = self.date.partition("-")
        return int(year), int(month or 1)


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
    #: The sources of the cited facts, in citation order, each once.
    sources: tuple[Source, ...] = ()
    #: Ids of the facts (``knowledge/facts.yaml``) the answer's figures and claims come from.
    facts: tuple[str, ...] = ()
    origin: Origin = Origin("<memory>", 0)

    @property
    def phrasings(self) -> tuple[str, ...]:
        """The canonical question followed by its alternates."""
        return (self.question, *self.alternates)


@dataclass(frozen=True, slots=True)
class SalaryFigure:
    """A sourced pay figure for a role, drawn on the salary chart; source, date, link and caveat come
    from the fact it cites."""

    label: str
    amount_usd: int
    pay: str  # one of PAY_KINDS
    source: str
    as_of: str
    fact: str = ""
    url: str = ""
    #: The fact has low confidence or was read second-hand: the chart marks the bar.
    caveated: bool = False


@dataclass(frozen=True, slots=True)
class RoleProfile:
    """A structured description of a role, for side-by-side comparison."""

    id: str
    name: str
    summary: str
    aspects: Mapping[str, str]
    salary_figures: tuple[SalaryFigure, ...] = ()
    #: The sources of the cited facts (the profile's and its salary figures'), each once.
    sources: tuple[Source, ...] = ()
    facts: tuple[str, ...] = ()
    #: The facts the profile and its salary figures cite, so a view can link the sources of what it shows.
    cited: tuple[Fact, ...] = ()
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
    #: The evidence table the entries and profiles cite.
    facts: tuple[Fact, ...] = ()
    _by_id: Mapping[str, Entry] = field(init=False, repr=False, compare=False)
    _roles_by_id: Mapping[str, RoleProfile] = field(init=False, repr=False, compare=False)
    _facts_by_id: Mapping[str, Fact] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", MappingProxyType({e.id: e for e in self.entries}))
        object.__setattr__(self, "_roles_by_id", MappingProxyType({r.id: r for r in self.roles}))
        object.__setattr__(self, "_facts_by_id", MappingProxyType({f.id: f for f in self.facts}))
        if not isinstance(self.synonyms, MappingProxyType):
            object.__setattr__(self, "synonyms", MappingProxyType(dict(self.synonyms)))

    def entry(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def role(self, role_id: str) -> RoleProfile | None:
        return self._roles_by_id.get(role_id)

    def fact(self, fact_id: str) -> Fact | None:
        return self._facts_by_id.get(fact_id)

    @property
    def categories(self) -> tuple[str, ...]:
        """Categories in the order they first appear."""
        return tuple(dict.fromkeys(e.category for e in self.entries))

    def is_small_talk(self, entry: Entry) -> bool:
        return entry.category in self.small_talk_categories

    def entries_in(self, category: str) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.category == category)
