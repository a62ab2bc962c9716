"""Parsing YAML into nodes that keep their line, and reading typed values from those nodes.

PyYAML's ``safe_load`` forgets where values were written and silently keeps the last of two equal
keys; composing nodes instead lets every problem name its line and lets duplicates be reported.
"""

from __future__ import annotations

import codecs
import difflib
import re
from collections.abc import Mapping, Sequence

import yaml
from yaml.composer import ComposerError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.knowledge.reporter import Reporter

#: Deeper than any knowledge file needs (they nest four levels) and far below where the pure-Python
#: composer, which recurses about three frames per level, would hit Python's recursion limit.
MAX_NESTING = 100


class DepthLimitedSafeLoader(yaml.SafeLoader):
    """PyYAML's pure-Python safe loader, refusing nesting deeper than ``MAX_NESTING`` with the line
    where it happens. Used only without libyaml, whose composer stops at 1,000 levels by itself;
    unlimited, ``[[[[...`` a few hundred levels deep ends in a RecursionError naming no file."""

    _depth = 0

    def compose_node(self, parent: Node | None, index: object) -> Node | None:
        if self._depth >= MAX_NESTING:
            raise ComposerError(
                None,
                None,
                f"the document nests deeper than {MAX_NESTING} levels",
                self.peek_event().start_mark,
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_LOADER = getattr(yaml, "CSafeLoader", DepthLimitedSafeLoader)
_NULL_TAG = "tag:yaml.org,2002:null"
# Characters YAML 1.1 refuses to read; found here so the error names a line.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def line_of(node: Node) -> int:
    return node.start_mark.line + 1


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _NULL_TAG


def text_of(node: Node) -> str | None:
    """The stripped text of a scalar; ``""`` for null, ``None`` for a list or mapping.

    Any scalar counts as text, so ``as_of: 2024`` reads as ``"2024"`` rather than failing as a number.
    """
    if not isinstance(node, ScalarNode):
        return None
    return "" if node.tag == _NULL_TAG else node.value.strip()


def parse_yaml(data: bytes, reporter: Reporter, *, allow_empty: bool = False) -> Node | None:
    """The document's root node, or ``None`` when the file is empty or broken (broken is reported)."""
    text = _decode(data, reporter)
    if text is None:
        return None
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        reporter.error(*_describe_yaml_error(exc))
        return None
    except yaml.YAMLError as exc:
        reporter.error(0, f"invalid YAML: {exc}")
        return None
    if root is None or is_null(root):
        if not allow_empty:
            reporter.error(1 if root is None else line_of(root), "the file is empty")
        return None
    return root


def _decode(data: bytes, reporter: Reporter) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        reporter.error(line, f"the file is not UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8")
        return None
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        reporter.error(line, f"character U+{ord(bad.group()):04X} is not allowed in YAML; remove it")
        return None
    return text


def _describe_yaml_error(exc: yaml.MarkedYAMLError) -> tuple[int, str]:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    problem = exc.problem or exc.context or "unreadable document"
    if exc.problem and exc.context:
        context_mark = exc.context_mark
        where = f" at line {context_mark.line + 1}" if context_mark and context_mark.line + 1 != line else ""
        problem = f"{problem} ({exc.context}{where})"
    return line, f"invalid YAML: {problem}"


def mapping_pairs(node: MappingNode, reporter: Reporter) -> list[tuple[str, Node, Node]]:
    """``(key, key node, value node)`` for each usable key; bad and duplicate keys are reported."""
    pairs: list[tuple[str, Node, Node]] = []
    first_line: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = text_of(key_node)
        if not key:
            reporter.error(line_of(key_node), "keys must be non-empty words")
            continue
        if key in first_line:
            reporter.error(line_of(key_node), f"duplicate key '{key}' (first at line {first_line[key]})")
            continue
        first_line[key] = line_of(key_node)
        pairs.append((key, key_node, value_node))
    return pairs


class Fields:
    """The keys of one YAML mapping with a fixed set of allowed keys."""

    __slots__ = ("_pairs", "line")

    def __init__(self, line: int, pairs: dict[str, tuple[Node, Node]]) -> None:
        self.line = line
        self._pairs = pairs

    def __contains__(self, name: str) -> bool:
        return name in self._pairs

    def value(self, name: str) -> Node | None:
        pair = self._pairs.get(name)
        return pair[1] if pair else None

    def key_line(self, name: str) -> int:
        """The line of ``name``'s key, or of the mapping when the key is absent."""
        pair = self._pairs.get(name)
        return line_of(pair[0]) if pair else self.line


def read_fields(
    node: MappingNode,
    allowed: Sequence[str],
    reporter: Reporter,
    *,
    line: int | None = None,
    retired: Mapping[str, str] | None = None,
) -> Fields:
    """The mapping's keys; any key outside ``allowed`` is reported, with a hint for a near miss.

    ``line`` is where a missing key is reported; by default the mapping's first line. A ``retired``
    key is reported with its own message, saying what replaced it.
    """
    pairs: dict[str, tuple[Node, Node]] = {}
    for key, key_node, value_node in mapping_pairs(node, reporter):
        if key in allowed:
            pairs[key] = (key_node, value_node)
        elif retired and key in retired:
            reporter.error(line_of(key_node), retired[key])
        else:
            reporter.error(line_of(key_node), unknown_key_message(key, allowed))
    return Fields(line_of(node) if line is None else line, pairs)


def unknown_key_message(key: str, allowed: Sequence[str]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"unknown key '{key}' (did you mean '{close[0]}'?)"
    return f"unknown key '{key}' (allowed: {', '.join(allowed)})"


def read_text(fields: Fields, name: str, reporter: Reporter, *, max_length: int | None = None) -> str:
    """A required, non-empty string; ``""`` after reporting when it is missing or unusable."""
    node = fields.value(name)
    if node is None:
        reporter.error(fields.line, f"missing required key '{name}'")
        return ""
    text = text_of(node)
    if text is None:
        reporter.error(fields.key_line(name), f"'{name}' must be a string")
        return ""
    if not text:
        reporter.error(fields.key_line(name), f"'{name}' must not be empty")
    elif max_length is not None and len(text) > max_length:
        reporter.error(fields.key_line(name), too_long_message(f"'{name}'", len(text), max_length))
    return text


def read_text_list(
    fields: Fields, name: str, reporter: Reporter, *, max_length: int | None = None
) -> list[tuple[str, int]]:
    """An optional list of non-empty strings, as ``(text, line)`` pairs."""
    node = fields.value(name)
    if node is None:
        return []
    return read_text_items(node, name, fields.key_line(name), reporter, max_length=max_length)


def read_text_items(
    node: Node, name: str, key_line: int, reporter: Reporter, *, max_length: int | None = None
) -> list[tuple[str, int]]:
    if is_null(node):
        return []
    if not isinstance(node, SequenceNode):
        reporter.error(key_line, f"'{name}' must be a list of strings")
        return []
    items: list[tuple[str, int]] = []
    for number, item in enumerate(node.value, start=1):
        text = text_of(item)
        line = line_of(item)
        if text is None:
            reporter.error(line, f"'{name}' must be a list of strings")
        elif not text:
            reporter.error(line, f"'{name}' item {number} is empty")
        else:
            if max_length is not None and len(text) > max_length:
                reporter.error(line, too_long_message(f"'{name}' item {number}", len(text), max_length))
            items.append((text, line))
    return items


def too_long_message(what: str, length: int, limit: int) -> str:
    return f"{what} is {length:,} characters long; the limit is {limit:,}"
