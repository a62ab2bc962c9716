"""Reading the evidence table, ``facts.yaml``, and the ``facts: [id, ...]`` lists that cite it.

Entries and role profiles no longer list sources of their own: they cite facts, and the sources they
show are the cited facts' sources. So a figure can be traced to a fact and its source by construction.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot import limits
from bot.knowledge.figures import stated_numbers
from bot.knowledge.models import CONFIDENCE_LEVELS, Fact, Origin, Source
from bot.knowledge.reporter import Reporter
from bot.knowledge.yaml_nodes import (
    Fields,
    is_null,
    line_of,
    read_fields,
    read_text,
    read_text_list,
    text_of,
    too_long_message,
)

FACT_KEYS: tuple[str, ...] = (
    "id",
    "claim",
    "values",
    "unit",
    "source",
    "title",
    "url",
    "as_of",
    "period",
    "date",
    "confidence",
    "second_hand",
    "notes",
)
#: The source list of an answer is shown in one embed field.
MAX_RENDERED_SOURCES = limits.FIELD_VALUE
KEBAB_CASE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_DATE = re.compile(r"(?:19|20)\d\d(?:-(?:0[1-9]|1[0-2]))?\Z")
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_WHITESPACE = re.compile(r"\s")


def render_source_line(source: Source) -> str:
    """How one source is counted against the limit: ``title (as_of) url``."""
    return f"{source.title} ({source.as_of}) {source.url}"


def sources_of(facts: list[Fact]) -> tuple[Source, ...]:
    """The sources of ``facts`` in order, each page once (two facts of one page show its first)."""
    unique: dict[str, Source] = {}
    for fact in facts:
        unique.setdefault(fact.url, fact.cited_source)
    return tuple(unique.values())


def check_source_list(sources: tuple[Source, ...], line: int, reporter: Reporter) -> None:
    rendered = len("\n".join(render_source_line(source) for source in sources))
    if rendered > MAX_RENDERED_SOURCES:
        reporter.error(line, too_long_message("the cited facts' source list", rendered, MAX_RENDERED_SOURCES))


def read_fact_ids(fields: Fields, reporter: Reporter) -> list[tuple[str, int]]:
    """The ``facts`` list of an entry or a profile as ``(id, line)``; a repeated id is reported."""
    seen: set[str] = set()
    cited: list[tuple[str, int]] = []
    for fact_id, line in read_text_list(fields, "facts", reporter):
        if fact_id in seen:
            reporter.error(line, f"'facts' lists '{fact_id}' twice")
            continue
        seen.add(fact_id)
        cited.append((fact_id, line))
    return cited


def read_facts_file(root: Node | None, reporter: Reporter) -> tuple[Fact, ...]:
    """Every valid fact of ``facts.yaml``; problems, duplicate ids among them, are reported."""
    if root is None:
        return ()
    if not isinstance(root, MappingNode):
        reporter.error(line_of(root), "the top level must be a mapping with one key, 'facts'")
        return ()
    fields = read_fields(root, ("facts",), reporter)
    node = fields.value("facts")
    if node is None or is_null(node):
        return ()
    if not isinstance(node, SequenceNode):
        reporter.error(fields.key_line("facts"), "'facts' must be a list of facts")
        return ()
    facts: list[Fact] = []
    first_line: dict[str, int] = {}
    for number, item in enumerate(node.value, start=1):
        if not isinstance(item, MappingNode):
            reporter.error(line_of(item), f"fact #{number} must be a mapping with 'id', 'claim', 'url'...")
            continue
        fact = _read_fact(item, reporter.within(_fact_label(item, number)))
        if fact is None:
            continue
        if fact.id in first_line:
            first = first_line[fact.id]
            reporter.error(fact.origin.line, f"duplicate fact id '{fact.id}' (also at line {first})")
            continue
        first_line[fact.id] = fact.origin.line
        facts.append(fact)
    return tuple(facts)


def _read_fact(node: MappingNode, reporter: Reporter) -> Fact | None:
    fields = read_fields(node, FACT_KEYS, reporter)
    fact_id = read_text(fields, "id", reporter)
    if fact_id and not KEBAB_CASE.match(fact_id):
        reporter.error(fields.key_line("id"), "'id' must be kebab-case: a-z and 0-9 words joined by hyphens")
    claim = read_text(fields, "claim", reporter)
    read_text(fields, "source", reporter)
    title = read_text(fields, "title", reporter)
    url = read_text(fields, "url", reporter)
    as_of = read_text(fields, "as_of", reporter)
    date = read_text(fields, "date", reporter)
    confidence = read_text(fields, "confidence", reporter)
    second_hand = _read_bool(fields, "second_hand", reporter)
    if url and not _is_web_address(url):
        reporter.error(fields.key_line("url"), f"'url' must be an http:// or https:// address, not '{url}'")
    if date and not _DATE.match(date):
        reporter.error(fields.key_line("date"), f"'date' must be YYYY or YYYY-MM, e.g. 2024-05, not '{date}'")
    if confidence and confidence not in CONFIDENCE_LEVELS:
        reporter.error(
            fields.key_line("confidence"),
            f"'confidence' must be {', '.join(CONFIDENCE_LEVELS)}, not '{confidence}'",
        )
    values = fields.value("values")
    numbers = (*stated_numbers(claim), *(_numbers_in(values) if values is not None else ()))
    if not fact_id or not KEBAB_CASE.match(fact_id):
        return None
    return Fact(
        id=fact_id,
        claim=claim,
        title=title,
        url=url,
        as_of=as_of,
        date=date if _DATE.match(date) else "1900",
        confidence=confidence,
        second_hand=bool(second_hand),
        numbers=tuple(dict.fromkeys(numbers)),
        origin=Origin(reporter.file, fields.key_line("id")),
    )


def _numbers_in(node: Node) -> list[float]:
    """Every number of a ``values`` tree: numeric scalars, and the numbers written in text scalars."""
    if isinstance(node, ScalarNode):
        if node.tag in _NUMBER_TAGS:
            try:
                return [float(node.value.replace("_", ""))]
            except ValueError:
                return list(stated_numbers(node.value))
        return list(stated_numbers(node.value))
    children = node.value if isinstance(node, SequenceNode) else [v for _, v in node.value]
    return [number for child in children for number in _numbers_in(child)]


def _read_bool(fields: Fields, name: str, reporter: Reporter) -> bool | None:
    node = fields.value(name)
    if node is None:
        reporter.error(fields.line, f"missing required key '{name}'")
        return None
    if not isinstance(node, ScalarNode) or node.tag != _BOOL_TAG:
        reporter.error(fields.key_line(name), f"'{name}' must be true or false")
        return None
    return node.value.lower() in {"true", "yes", "on"}


def _fact_label(node: MappingNode, number: int) -> str:
    for key_node, value_node in node.value:
        if text_of(key_node) == "id" and text_of(value_node):
            return f"fact '{text_of(value_node)}'"
    return f"fact #{number}"


def _is_web_address(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not _WHITESPACE.search(url)
