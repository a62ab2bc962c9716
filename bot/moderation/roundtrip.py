"""Round-trip YAML (ruamel.yaml): hand-written comments, key order and formatting survive an edit.

Knowledge files are loaded as ``CommentedMap`` / ``CommentedSeq`` trees; an edit changes only the
values that differ, so everything else is dumped back byte for byte.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from bot.knowledge.faq_schema import ENTRY_KEYS

#: Keys written as one-line lists (``keywords: [a, b]``) when a new list is created.
FLOW_LIST_KEYS = frozenset({"keywords", "related", "facts"})
#: Keys always written as literal blocks (``answer: |``), as in the shipped files.
BLOCK_TEXT_KEYS = frozenset({"answer"})

Plain = Any  # str, a typed scalar (number, bool, date), list of Plain, dict of str -> Plain, or None

#: How a typed scalar is stored in JSON (the audit log): its YAML text, so ``2024.10`` stays ``2024.10``.
_TYPED_KEY = "!yaml"


class RoundTripError(ValueError):
    """A file that the validator accepted but ruamel.yaml cannot read (should not happen)."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 1_000_000
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load(data: bytes, path: str) -> Any:
    """``path`` only names the file in the error."""
    try:
        return _yaml().load(data)
    except MarkedYAMLError as error:
        where = f" at line {error.problem_mark.line + 1}" if error.problem_mark else ""
        raise RoundTripError(path, f"{error.problem}{where}") from error
    except YAMLError as error:
        raise RoundTripError(path, str(error).splitlines()[0]) from error


def dump(document: Any) -> bytes:
    _flow_style_when_empty(document)
    buffer = io.BytesIO()
    _yaml().dump(document, buffer)
    return buffer.getvalue()


def _flow_style_when_empty(node: Any) -> None:
    """Give every empty list or mapping the flow style, so it is written as ``[]`` / ``{}`` where
    YAML expects it.

    An empty collection has no block form. ruamel.yaml writes an emptied block collection as ``[]``
    at column 0, and when its key carries a comment (a blank line, ``# ...`` or an end-of-line
    comment after ``entries:``) that ``[]`` lands on the next line, outside the mapping:
    ``entries:\n\n[]`` is invalid YAML. Written with the flow style it is indented (``entries:\n\n    []``)
    or kept on the key's line (``entries: [] # ...``), and the comment stays.
    """
    if isinstance(node, CommentedMap | CommentedSeq):
        if not node:
            node.fa.set_flow_style()
        for child in node.values() if isinstance(node, CommentedMap) else node:
            _flow_style_when_empty(child)


def make_block_style_when_empty(node: CommentedMap | CommentedSeq) -> None:
    """Before adding to ``node``: an empty collection has no style of its own to keep (``dump`` made it
    flow), so what is added is written in block style, as the knowledge files are."""
    if not node:
        node.fa.set_block_style()


def plain(node: Any) -> Plain:
    """A comparable copy: mappings and lists rebuilt, text stripped, null as None.

    Typed scalars (``as_of: 2024.10``, ``0x1F``, ``2024-01-05``, ``true``) are kept as ruamel.yaml
    loaded them, with the form they were written in, so a moved or restored entry is written back
    exactly (as text, ``2024.10`` would come back as ``'2024.1'``).
    """
    if isinstance(node, Mapping):
        return {str(key): plain(value) for key, value in node.items()}
    if isinstance(node, list | tuple):
        return [plain(item) for item in node]
    if node is None:
        return None
    if isinstance(node, str):
        return str(node).strip()
    return node


def to_json(value: Plain) -> Any:
    """``value`` for ``json.dumps``: typed scalars as ``{"!yaml": "<their YAML text>"}``."""
    if isinstance(value, Mapping):
        return {key: to_json(child) for key, child in value.items()}
    if isinstance(value, list):
        return [to_json(item) for item in value]
    if value is None or isinstance(value, str):
        return value
    return {_TYPED_KEY: dump(CommentedSeq([value])).decode("utf-8")}


def from_json(value: Any) -> Plain:
    """The inverse of ``to_json``; plain JSON numbers and booleans (older audit rows) pass through."""
    if isinstance(value, Mapping):
        if set(value) == {_TYPED_KEY}:
            return load(str(value[_TYPED_KEY]).encode("utf-8"), "audit log")[0]
        return {key: from_json(child) for key, child in value.items()}
    if isinstance(value, list):
        return [from_json(item) for item in value]
    return value


def to_node(value: Plain, *, key: str = "", like: Any = None) -> Any:
    """A round-trip node for ``value``; a list keeps the flow or block style of the node it replaces."""
    if isinstance(value, Mapping):
        mapping = CommentedMap()
        for child_key, child in value.items():
            mapping[child_key] = to_node(child, key=child_key)
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq(to_node(item) for item in value)
        # an empty list has no style of its own to keep (see ``_flow_style_when_empty``)
        flow = like.fa.flow_style() if isinstance(like, CommentedSeq) and like else key in FLOW_LIST_KEYS
        if flow:
            sequence.fa.set_flow_style()
        else:
            sequence.fa.set_block_style()
        return sequence
    if isinstance(value, str) and (key in BLOCK_TEXT_KEYS or "\n" in value):
        return LiteralScalarString(value.rstrip("\n") + "\n")
    return value


def update_mapping(node: CommentedMap, value: Mapping[str, Plain], order: Sequence[str]) -> None:
    """Make ``node`` hold ``value``, touching only keys whose value differs; new keys go where
    ``order`` puts them, so a hand-written layout and its comments stay."""
    for key in [key for key in node if key not in value]:
        del node[key]
    for key, child in value.items():
        if key in node:
            if plain(node[key]) != plain(child):
                node[key] = to_node(child, key=key, like=node[key])
            continue
        node.insert(_position(node, key, order), key, to_node(child, key=key))


def _position(node: CommentedMap, key: str, order: Sequence[str]) -> int:
    rank = order.index(key) if key in order else len(order)
    earlier = [i for i, existing in enumerate(node) if existing in order and order.index(existing) < rank]
    return earlier[-1] + 1 if earlier else 0


def entry_node(value: Mapping[str, Plain]) -> CommentedMap:
    return to_node({key: value[key] for key in ENTRY_KEYS if key in value})


def entry_text(node: CommentedMap) -> str:
    """One entry as it reads in its file (a one-item list), for showing to a moderator."""
    sequence = CommentedSeq([node])
    return textwrap.dedent(dump(sequence).decode("utf-8")).rstrip() + "\n"
