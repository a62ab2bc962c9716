"""Reading one ``roles/<role>.yaml`` profile."""

from __future__ import annotations

from types import MappingProxyType

from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot import limits
from bot.knowledge.figures import first_figure
from bot.knowledge.models import ROLE_ASPECTS, Origin, RoleProfile, SalaryFigure
from bot.knowledge.reporter import Reporter
from bot.knowledge.sources_schema import read_sources
from bot.knowledge.yaml_nodes import Fields, is_null, line_of, read_fields, read_text

ROLE_KEYS: tuple[str, ...] = ("id", "name", "summary", "aspects", "salary_figures", "sources")
SALARY_FIGURE_KEYS: tuple[str, ...] = ("label", "amount_usd", "pay", "source", "as_of")
PAY_KINDS: tuple[str, ...] = ("base", "total")
#: Limits of the embed parts a profile is shown in: a field name, a field value.
MAX_NAME = limits.FIELD_NAME
MAX_SUMMARY = limits.FIELD_VALUE
MAX_ASPECT = limits.FIELD_VALUE

_INT_TAG = "tag:yaml.org,2002:int"
_constructor = SafeConstructor()


def read_role_file(root: Node | None, stem: str, reporter: Reporter) -> RoleProfile | None:
    if root is None:
        return None
    if not isinstance(root, MappingNode):
        reporter.error(
            line_of(root), "the top level must be a mapping with keys such as 'id', 'name' and 'aspects'"
        )
        return None
    fields = read_fields(root, ROLE_KEYS, reporter)
    role_id = read_text(fields, "id", reporter)
    if role_id and role_id != stem:
        reporter.error(
            fields.key_line("id"), f"'id' is '{role_id}' but the file is roles/{stem}.yaml; they must match"
        )
    name = read_text(fields, "name", reporter, max_length=MAX_NAME)
    summary = read_text(fields, "summary", reporter, max_length=MAX_SUMMARY)
    aspects = _read_aspects(fields, reporter)
    salary_figures = _read_salary_figures(fields, reporter)
    sources = read_sources(fields, reporter)
    if not sources:
        _report_unsourced_figures(fields, summary, aspects, salary_figures, reporter)
    return RoleProfile(
        id=role_id,
        name=name,
        summary=summary,
        aspects=MappingProxyType({aspect: text for aspect, (text, _) in aspects.items()}),
        salary_figures=salary_figures,
        sources=sources,
        origin=Origin(reporter.file, fields.line),
    )


def _read_aspects(fields: Fields, reporter: Reporter) -> dict[str, tuple[str, int]]:
    """Each aspect's text with the line of its key."""
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
        )
        for aspect in ROLE_ASPECTS
    }


def _read_salary_figures(fields: Fields, reporter: Reporter) -> tuple[SalaryFigure, ...]:
    node = fields.value("salary_figures")
    if node is None or is_null(node):
        return ()
    if not isinstance(node, SequenceNode):
        reporter.error(fields.key_line("salary_figures"), "'salary_figures' must be a list of figures")
        return ()
    figures: list[SalaryFigure] = []
    for number, item in enumerate(node.value, start=1):
        if not isinstance(item, MappingNode):
            reporter.error(
                line_of(item), f"salary figure {number} must be a mapping of {', '.join(SALARY_FIGURE_KEYS)}"
            )
            continue
        figures.append(_read_salary_figure(item, reporter.within(f"salary figure {number}")))
    return tuple(figures)


def _read_salary_figure(node: MappingNode, reporter: Reporter) -> SalaryFigure:
    fields = read_fields(node, SALARY_FIGURE_KEYS, reporter)
    label = read_text(fields, "label", reporter)
    amount = _read_amount(fields, reporter)
    pay = read_text(fields, "pay", reporter)
    if pay and pay not in PAY_KINDS:
        reporter.error(fields.key_line("pay"), f"'pay' must be 'base' or 'total', not '{pay}'")
    source = read_text(fields, "source", reporter)
    as_of = read_text(fields, "as_of", reporter)
    return SalaryFigure(label=label, amount_usd=amount, pay=pay, source=source, as_of=as_of)


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


def _report_unsourced_figures(
    fields: Fields,
    summary: str,
    aspects: dict[str, tuple[str, int]],
    salary_figures: tuple[SalaryFigure, ...],
    reporter: Reporter,
) -> None:
    if salary_figures:
        reporter.error(
            fields.key_line("salary_figures"), "'salary_figures' are given but the role has no 'sources'"
        )
        return
    texts = {"summary": (summary, fields.key_line("summary")), **aspects}
    for name, (text, line) in texts.items():
        figure = first_figure(text)
        if figure:
            reporter.error(line, f"'{name}' states a figure ('{figure}') but the role has no 'sources'")
            return
