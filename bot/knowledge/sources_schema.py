"""Reading the ``sources`` list shared by FAQ entries and role profiles."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from yaml.nodes import MappingNode, SequenceNode

from bot import limits
from bot.knowledge.models import Source
from bot.knowledge.reporter import Reporter
from bot.knowledge.yaml_nodes import Fields, is_null, line_of, read_fields, read_text, too_long_message

SOURCE_KEYS: tuple[str, ...] = ("title", "url", "as_of")
#: The source list is shown in one embed field.
MAX_RENDERED_SOURCES = limits.FIELD_VALUE
_WHITESPACE = re.compile(r"\s")


def render_source_line(source: Source) -> str:
    """How one source is counted against the limit: ``title (as_of) url``."""
    return f"{source.title} ({source.as_of}) {source.url}"


def read_sources(fields: Fields, reporter: Reporter) -> tuple[Source, ...]:
    """One ``Source`` per listed source, even an invalid one (it is reported), so that
    "has sources" reflects what the author wrote."""
    node = fields.value("sources")
    if node is None or is_null(node):
        return ()
    key_line = fields.key_line("sources")
    if not isinstance(node, SequenceNode):
        reporter.error(key_line, "'sources' must be a list of sources, each with 'title', 'url' and 'as_of'")
        return ()
    sources: list[Source] = []
    for number, item in enumerate(node.value, start=1):
        if not isinstance(item, MappingNode):
            reporter.error(
                line_of(item), f"source {number} must be a mapping with 'title', 'url' and 'as_of'"
            )
            continue
        sources.append(_read_source(item, reporter.within(f"source {number}")))
    rendered = len("\n".join(render_source_line(source) for source in sources))
    if rendered > MAX_RENDERED_SOURCES:
        reporter.error(key_line, too_long_message("the source list", rendered, MAX_RENDERED_SOURCES))
    return tuple(sources)


def _read_source(node: MappingNode, reporter: Reporter) -> Source:
    fields = read_fields(node, SOURCE_KEYS, reporter)
    title = read_text(fields, "title", reporter)
    url = read_text(fields, "url", reporter)
    as_of = read_text(fields, "as_of", reporter)
    if url and not _is_web_address(url):
        reporter.error(fields.key_line("url"), f"'url' must be an http:// or https:// address, not '{url}'")
    return Source(title=title, url=url, as_of=as_of)


def _is_web_address(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not _WHITESPACE.search(url)
