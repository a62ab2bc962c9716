"""Reading ``off_topic.yaml``: words that mark a question as being about something else."""

from __future__ import annotations

from yaml.nodes import MappingNode, Node

from bot.knowledge.reporter import Reporter
from bot.knowledge.yaml_nodes import is_null, line_of, read_fields, read_text_items


def read_off_topic(root: Node | None, reporter: Reporter) -> tuple[str, ...]:
    if root is None:
        return ()
    if not isinstance(root, MappingNode):
        reporter.error(line_of(root), "the top level must be a mapping with one key, 'off_topic'")
        return ()
    fields = read_fields(root, ("off_topic",), reporter)
    node = fields.value("off_topic")
    if node is None:
        reporter.error(fields.line, "missing required key 'off_topic'")
        return ()
    if is_null(node):
        return ()
    seen: dict[str, int] = {}
    for word, line in read_text_items(node, "off_topic", fields.key_line("off_topic"), reporter):
        if word != word.lower():
            reporter.error(line, f"'{word}' must be lower-case")
        elif word in seen:
            reporter.error(line, f"'{word}' is already listed (line {seen[word]})")
        else:
            seen[word] = line
    return tuple(seen)
