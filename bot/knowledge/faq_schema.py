"""Reading one ``faq/<category>.yaml`` file into entries; checks that span files live in the loader."""

from __future__ import annotations

import re
from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot import limits
from bot.knowledge.citations import CheckedText
from bot.knowledge.facts_schema import read_fact_ids
from bot.knowledge.models import Entry, Origin
from bot.knowledge.reporter import Reporter
from bot.knowledge.yaml_nodes import (
    Fields,
    is_null,
    line_of,
    read_fields,
    read_text,
    read_text_list,
    text_of,
)

ENTRY_KEYS: tuple[str, ...] = (
    "id",
    "question",
    "alternates",
    "keywords",
    "category",
    "answer",
    "related",
    "facts",
)
#: A question is an embed title; an alternate becomes one when the gaps view proposes it as an entry.
#: The keys of a file's top level.
FILE_KEYS: tuple[str, ...] = ("entries", "small_talk")
_BOOL_TAG = "tag:yaml.org,2002:bool"
MAX_QUESTION = limits.EMBED_TITLE
MAX_ALTERNATE = limits.EMBED_TITLE
MAX_ANSWER = limits.EMBED_DESCRIPTION
#: Ids travel inside button custom_ids ("careerbot:vote:<id>:down", at most 100 characters).
MAX_ID = 64
KEBAB_CASE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
SOURCES_MOVED = (
    "'sources' are no longer written in entries: cite the facts instead, 'facts: [id, ...]' "
    "(knowledge/facts.yaml); the answer shows their sources"
)


@dataclass(frozen=True, slots=True)
class DraftEntry:
    """An entry as read from its file, with what the cross-file checks need to report on it."""

    entry: Entry
    id_line: int
    related_lines: tuple[int, ...]
    reporter: Reporter
    #: ``(fact id, line)`` as cited; the loader checks them against facts.yaml and derives the sources.
    cited: tuple[tuple[str, int], ...] = ()
    #: The answer, whose figures must come from the cited facts.
    checked: tuple[CheckedText, ...] = ()
    facts_line: int = 0


@dataclass(frozen=True, slots=True)
class FaqFile:
    """One ``faq/<category>.yaml``: its entries, and whether its category is small talk."""

    entries: list[DraftEntry]
    small_talk: bool = False


def read_faq_file(root: Node | None, category: str, reporter: Reporter) -> FaqFile:
    if root is None:
        return FaqFile([])
    if not isinstance(root, MappingNode):
        reporter.error(line_of(root), "the top level must be a mapping with one key, 'entries'")
        return FaqFile([])
    fields = read_fields(root, FILE_KEYS, reporter)
    small_talk = _read_small_talk(fields, reporter)
    node = fields.value("entries")
    if node is None:
        reporter.error(fields.line, "missing required key 'entries'")
        return FaqFile([], small_talk)
    if is_null(node):
        return FaqFile([], small_talk)
    if not isinstance(node, SequenceNode):
        reporter.error(fields.key_line("entries"), "'entries' must be a list of entries")
        return FaqFile([], small_talk)
    drafts = (_read_entry(item, number, category, reporter) for number, item in enumerate(node.value, 1))
    return FaqFile([draft for draft in drafts if draft is not None], small_talk)


def _read_small_talk(fields: Fields, reporter: Reporter) -> bool:
    """``small_talk: true`` marks a file's entries as small talk (greetings, thanks, help)."""
    node = fields.value("small_talk")
    if node is None:
        return False
    if not isinstance(node, ScalarNode) or node.tag != _BOOL_TAG:
        reporter.error(fields.key_line("small_talk"), "'small_talk' must be true or false")
        return False
    return node.value.lower() in {"true", "yes", "on"}


def _read_entry(node: Node, number: int, category: str, file_reporter: Reporter) -> DraftEntry | None:
    if not isinstance(node, MappingNode):
        file_reporter.error(
            line_of(node),
            f"entry #{number} must be a mapping with keys such as 'id', 'question' and 'answer'",
        )
        return None
    reporter = file_reporter.within(_entry_label(node, number))
    fields = read_fields(node, ENTRY_KEYS, reporter, retired={"sources": SOURCES_MOVED})
    entry_id = read_text(fields, "id", reporter)
    if entry_id and not KEBAB_CASE.match(entry_id):
        reporter.error(
            fields.key_line("id"), "'id' must be kebab-case: a-z and 0-9 words joined by single hyphens"
        )
    elif entry_id and len(entry_id) > MAX_ID:
        reporter.error(
            fields.key_line("id"), f"'id' is {len(entry_id)} characters long; the limit is {MAX_ID}"
        )
    question = read_text(fields, "question", reporter, max_length=MAX_QUESTION)
    answer = read_text(fields, "answer", reporter, max_length=MAX_ANSWER)
    written_category = read_text(fields, "category", reporter)
    if written_category and written_category != category:
        reporter.error(
            fields.key_line("category"),
            f"'category' is '{written_category}' but the file is faq/{category}.yaml; they must match",
        )
    alternates = read_text_list(fields, "alternates", reporter, max_length=MAX_ALTERNATE)
    keywords = read_text_list(fields, "keywords", reporter)
    related = _read_related(fields, entry_id, reporter)
    cited = read_fact_ids(fields, reporter)
    entry = Entry(
        id=entry_id,
        question=question,
        answer=answer,
        category=category,
        alternates=tuple(text for text, _ in alternates),
        keywords=tuple(text for text, _ in keywords),
        related=tuple(text for text, _ in related),
        facts=tuple(fact_id for fact_id, _ in cited),
        origin=Origin(reporter.file, fields.line),
    )
    return DraftEntry(
        entry,
        fields.key_line("id"),
        tuple(line for _, line in related),
        reporter,
        cited=tuple(cited),
        checked=checked_texts(fields, ("answer",)),
        facts_line=fields.key_line("facts") if "facts" in fields else fields.key_line("answer"),
    )


def checked_texts(fields: Fields, names: tuple[str, ...]) -> tuple[CheckedText, ...]:
    """The named text fields with the file lines they span, for the figure check."""
    texts: list[CheckedText] = []
    for name in names:
        node = fields.value(name)
        text = text_of(node) if node is not None else None
        if node is not None and text:
            texts.append(CheckedText(name, text, fields.key_line(name), node.end_mark.line + 1))
    return tuple(texts)


def _entry_label(node: MappingNode, number: int) -> str:
    for key_node, value_node in node.value:
        if text_of(key_node) == "id":
            entry_id = text_of(value_node)
            if entry_id:
                return f"entry '{entry_id}'"
    return f"entry #{number}"


def _read_related(fields: Fields, entry_id: str, reporter: Reporter) -> list[tuple[str, int]]:
    related: list[tuple[str, int]] = []
    seen: set[str] = set()
    for related_id, line in read_text_list(fields, "related", reporter):
        if related_id == entry_id:
            reporter.error(line, "'related' lists the entry itself")
        elif related_id in seen:
            reporter.error(line, f"'related' lists '{related_id}' twice")
        else:
            seen.add(related_id)
            related.append((related_id, line))
    return related
