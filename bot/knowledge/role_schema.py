"""Reading one ``roles/<role>.yaml`` profile."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot import limits
from bot.knowledge.citations import CheckedText
from bot.knowledge.facts_schema import read_fact_ids
from bot.knowledge.models import PAY_KINDS, ROLE_ASPECTS, Origin, RoleProfile, SalaryFigure
from bot.knowledge.reporter import Reporter
from bot.knowledge.yaml_nodes import Fields, is_null, line_of, read_fields, read_text

ROLE_KEYS: tuple[str, ...] = ("id", "name", "summary", "aspects", "salary_figures", "facts")
SALARY_FIGURE_KEYS: tuple[str, ...] = ("label", "amount_usd", "pay", "fact")
SOURCES_MOVED = (
    "'sources' are no longer written in profiles: cite the facts instead, 'facts: [id, ...]' "
    "(knowledge/facts.yaml), and give each salary figure its 'fact'"
)
#: Limits of the embed parts a profile is shown in: a field name, a field value.
MAX_NAME = limits.FIELD_NAME
MAX_SUMMARY = limits.FIELD_VALUE
MAX_ASPECT = limits.FIELD_VALUE

_INT_TAG = "tag:yaml.org,2002:int"
_constructor = SafeConstructor()


@dataclass(frozen=True, slots=True)
class DraftRole:
    """A profile as read from its file, with what the loader needs to check its citations."""

    role: RoleProfile
    reporter: Reporter
    #: ``(fact id, line)`` as cited by the profile, then each salary figure's fact.
    cited: tuple[tuple[str, int], ...]
    figure_facts: tuple[tuple[str, int], ...]
    checked: tuple[CheckedText, ...]
    facts_line: int


def read_role_file(root: Node | None, stem: str, reporter: Reporter) -> DraftRole | None:
    if root is None:
        return None
    if not isinstance(root, MappingNode):
        reporter.error(
            line_of(root), "the top level must be a mapping with keys such as 'id', 'name' and 'aspects'"
        )
        return None
    fields = read_fields(root, ROLE_KEYS, reporter, retired={"sources": SOURCES_MOVED})
    role_id = read_text(fields, "id", reporter)
    if role_id and role_id != stem:
        reporter.error(
            fields.key_line("id"), f"'id' is '{role_id}' but the file is roles/{stem}.yaml; they must match"
        )
    name = read_text(fields, "name", reporter, max_length=MAX_NAME)
    summary = read_text(fields, "summary", reporter, max_length=MAX_SUMMARY)
    aspects = _read_aspects(fields, reporter)
    salary_figures = _read_salary_figures(fields, reporter)
    cited = read_fact_ids(fields, reporter)
    role = RoleProfile(
        id=role_id,
        name=name,
        summary=summary,
        aspects=MappingProxyType({aspect: text for aspect, (text, _, _) in aspects.items()}),
        salary_figures=tuple(figure for figure, _ in salary_figures),
        facts=tuple(fact_id for fact_id, _ in cited),
        origin=Origin(reporter.file, fields.line),
    )
    summary_node = fields.value("summary")
    checked = [CheckedText(name, text, first, last) for name, (text, first, last) in aspects.items() if text]
    if summary and summary_node is not None:
        last = summary_node.end_mark.line + 1
        checked.insert(0, CheckedText("summary", summary, fields.key_line("summary"), last))
    return DraftRole(
        role=role,
        reporter=reporter,
        cited=tuple(cited),
        figure_facts=tuple((figure.fact, line) for figure, line in salary_figures if figure.fact),
        checked=tuple(checked),
        facts_line=fields.key_line("facts") if "facts" in fields else fields.line,
    )


def _read_aspects(fields: Fields, reporter: Reporter) -> dict[str, tuple[str, int, int]]:
    """Each aspect's text with the lines it spans, from its key to its last line."""
    node = fields.value("aspects")
    if node is None:
        reporter.error(fields.line, "missing required key 'aspects'")
        return {}
    if not isinstance(node, MappingNode):
        reporter.error(
            fields.key_line("aspects"), f"'aspects' must be a mapping of {', '.join(ROLE_ASPECTS)}"
        )
        return {}
    aspect_reporter = reporter.within("aspects")
    aspect_fields = read_fields(node, ROLE_ASPECTS, aspect_reporter, line=fields.key_line("aspects"))
    return {
        aspect: (
            read_text(aspect_fields, aspect, aspect_reporter, max_length=MAX_ASPECT),
            aspect_fields.key_line(aspect),
            _last_line(aspect_fields, aspect),
        )
        for aspect in ROLE_ASPECTS
    }


def _last_line(fields: Fields, name: str) -> int:
    node = fields.value(name)
    return node.end_mark.line + 1 if node is not None else fields.key_line(name)


def _read_salary_figures(fields: Fields, reporter: Reporter) -> list[tuple[SalaryFigure, int]]:
    """Each figure with the line of its ``fact``; source, date and caveat are filled in by the loader."""
    node = fields.value("salary_figures")
    if node is None or is_null(node):
        return []
    if not isinstance(node, SequenceNode):
        reporter.error(fields.key_line("salary_figures"), "'salary_figures' must be a list of figures")
        return []
    figures: list[tuple[SalaryFigure, int]] = []
    for number, item in enumerate(node.value, start=1):
        if not isinstance(item, MappingNode):
            reporter.error(
                line_of(item), f"salary figure {number} must be a mapping of {', '.join(SALARY_FIGURE_KEYS)}"
            )
            continue
        figures.append(_read_salary_figure(item, reporter.within(f"salary figure {number}")))
    return figures


def _read_salary_figure(node: MappingNode, reporter: Reporter) -> tuple[SalaryFigure, int]:
    fields = read_fields(node, SALARY_FIGURE_KEYS, reporter)
    label = read_text(fields, "label", reporter)
    amount = _read_amount(fields, reporter)
    pay = read_text(fields, "pay", reporter)
    if pay and pay not in PAY_KINDS:
        kinds = ", ".join(f"'{kind}'" for kind in PAY_KINDS)
        reporter.error(fields.key_line("pay"), f"'pay' must be one of {kinds}, not '{pay}'")
    fact = read_text(fields, "fact", reporter)
    figure = SalaryFigure(label=label, amount_usd=amount, pay=pay, source="", as_of="", fact=fact)
    return figure, fields.key_line("fact")


def _read_amount(fields: Fields, reporter: Reporter) -> int:
    node = fields.value("amount_usd")
    if node is None:
        reporter.error(fields.line, "missing required key 'amount_usd'")
        return 0
    amount = _whole_number(node)
    if amount is None or amount <= 0:
        reporter.error(
            fields.key_line("amount_usd"),
            "'amount_usd' must be a positive whole number of dollars, e.g. 300600",
        )
        return 0
    return amount


def _whole_number(node: Node) -> int | None:
    if not isinstance(node, ScalarNode) or node.tag != _INT_TAG:
        return None
    try:
        return _constructor.construct_yaml_int(node)
    except (ConstructorError, ValueError):
        return None
