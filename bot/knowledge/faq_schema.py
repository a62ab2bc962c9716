"""Reading one ``faq/<category>.yaml`` file into entries; checks that span files live in the loader."""

from __future__ import annotations

import re
from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, SequenceNode

from bot.knowledge.figures import first_figure
from bot.knowledge.models import Entry, Origin
from bot.knowledge.reporter import Reporter
from bot.knowledge.sources_schema import read_sources
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
    "sources",
)
MAX_QUESTION = 256
MAX_ALTERNATE = 256
MAX_ANSWER = 4096
#: Ids travel inside button custom_ids ("careerbot:vote:<id>:down", at most 100 characters).
MAX_ID = 64
KEBAB_CASE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


@dataclass(frozen=True, slots=True)
class DraftEntry:
    """An entry as read from its file, with what the cross-file checks need to report on it."""

    entry: Entry
    id_line: int
    related_lines: tuple[int, ...]
    reporter: Reporter


def read_faq_file(root: Node | None, category: str, reporter: Reporter) -> list[DraftEntry]:
    if root is None:
        return []
    if not isinstance(root, MappingNode):
        reporter.error(line_of(root), "the top level must be a mapping with one key, 'entries'")
        return []
    fields = read_fields(root, ("entries",), reporter)
    node = fields.value("entries")
    if node is None:
        reporter.error(fields.line, "missing required key 'entries'")
        return []
    if is_null(node):
        return []
    if not isinstance(node, SequenceNode):
        reporter.error(fields.key_line("entries"), "'entries' must be a list of entries")
        return []
    drafts = (_read_entry(item, number, category, reporter) for number, item in enumerate(node.value, 1))
    return [draft for draft in drafts if draft is not None]


def _read_entry(node: Node, number: int, category: str, file_reporter: Reporter) -> DraftEntry | None:
    if not isinstance(node, MappingNode):
        file_reporter.error(
            line_of(node),
            f"entry #{number} must be a mapping with keys such as 'id', 'question' and 'answer'",
        )
        return None
    reporter = file_reporter.within(_entry_label(node, number))
    fields = read_fields(node, ENTRY_KEYS, reporter)
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
    sources = read_sources(fields, reporter)
    figure = first_figure(answer)
    if figure and not sources:
        reporter.error(
            fields.key_line("answer"), f"the answer states a figure ('{figure}') but has no 'sources'"
        )
    entry = Entry(
        id=entry_id,
        question=question,
        answer=answer,
        category=category,
        alternates=tuple(text for text, _ in alternates),
        keywords=tuple(text for text, _ in keywords),
        related=tuple(text for text, _ in related),
        sources=sources,
        origin=Origin(reporter.file, fields.line),
    )
    return DraftEntry(entry, fields.key_line("id"), tuple(line for _, line in related), reporter)


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
