"""Reading ``synonyms.yaml``: canonical term -> the ways people write it."""

from __future__ import annotations

from yaml.nodes import MappingNode, Node, SequenceNode

from bot.knowledge.reporter import Reporter
from bot.knowledge.yaml_nodes import is_null, line_of, mapping_pairs, read_fields, read_text_items


def read_synonyms(root: Node | None, reporter: Reporter) -> dict[str, tuple[str, ...]]:
    if root is None:
        return {}
    if not isinstance(root, MappingNode):
        reporter.error(line_of(root), "the top level must be a mapping with one key, 'synonyms'")
        return {}
    fields = read_fields(root, ("synonyms",), reporter)
    node = fields.value("synonyms")
    if node is None:
        reporter.error(fields.line, "missing required key 'synonyms'")
        return {}
    if is_null(node):
        return {}
    if not isinstance(node, MappingNode):
        reporter.error(
            fields.key_line("synonyms"),
            "'synonyms' must map each canonical term to a list of ways to write it",
        )
        return {}
    pairs = mapping_pairs(node, reporter)
    canonical_terms = {term for term, _, _ in pairs}
    first_seen: dict[str, tuple[str, int]] = {}
    synonyms: dict[str, tuple[str, ...]] = {}
    for term, key_node, value_node in pairs:
        term_reporter = reporter.within(f"synonym '{term}'")
        key_line = line_of(key_node)
        if term != term.lower():
            term_reporter.error(key_line, "canonical terms must be lower-case")
        variants = read_text_items(value_node, term, key_line, term_reporter)
        if is_null(value_node) or (isinstance(value_node, SequenceNode) and not value_node.value):
            term_reporter.error(key_line, "lists no variants")
        for variant, line in variants:
            if variant != variant.lower():
                term_reporter.error(line, f"variant '{variant}' must be lower-case")
            if variant in canonical_terms:
                term_reporter.error(line, f"variant '{variant}' is itself a canonical term")
            elif variant in first_seen:
                other_term, other_line = first_seen[variant]
                where = "already listed" if other_term == term else f"already listed under '{other_term}'"
                term_reporter.error(line, f"variant '{variant}' is {where} (line {other_line})")
            else:
                first_seen[variant] = (term, line)
        synonyms[term] = tuple(dict.fromkeys(variant for variant, _ in variants))
    return synonyms
