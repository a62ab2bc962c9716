from __future__ import annotations

import pytest

from .conftest import Problems

FILE = "knowledge/roles/ai-engineer.yaml"
FAQ = "entries:\n  - id: pay\n    question: Q\n    category: salary\n    answer: A\n"
ROLE = """\
id: ai-engineer
name: AI engineer
summary: Builds products on top of large language models.
aspects:
  responsibilities: Ships LLM features.
  skills: Python.
  education: A CS degree helps.
  tools: LLM APIs.
  salary: Varies a lot.
  industries: Software.
  career_path: From software engineering.
"""
SOURCES = "sources:\n  - title: Levels.fyi\n    url: https://www.levels.fyi/\n    as_of: March 2024\n"
FIGURE = (
    "salary_figures:\n  - label: Median pay\n    amount_usd: 300600\n    pay: total\n"
    "    source: Levels.fyi\n    as_of: March 2024\n"
)


def role_problems(problems: Problems, text: str) -> list[str]:
    return problems({"faq/salary.yaml": FAQ, "roles/ai-engineer.yaml": text})


def test_a_complete_role_is_valid(problems: Problems) -> None:
    assert role_problems(problems, ROLE + FIGURE + SOURCES) == []


CASES = {
    "id other than the file name": (
        ROLE.replace("id: ai-engineer", "id: ai-eng"),
        [(1, "'id' is 'ai-eng' but the file is roles/ai-engineer.yaml; they must match")],
    ),
    "missing name": (ROLE.replace("name: AI engineer\n", ""), [(1, "missing required key 'name'")]),
    "unknown key": (ROLE + "sumary: x\n", [(12, "unknown key 'sumary' (did you mean 'summary'?)")]),
    "missing aspect": (
        ROLE.replace("  tools: LLM APIs.\n", ""),
        [(4, "aspects: missing required key 'tools'")],
    ),
    "misspelt aspect": (
        ROLE.replace("career_path:", "carrer_path:"),
        [
            (4, "aspects: missing required key 'career_path'"),
            (11, "aspects: unknown key 'carrer_path' (did you mean 'career_path'?)"),
        ],
    ),
    "aspects not a mapping": (
        ROLE.split("aspects:")[0] + "aspects: [skills]\n",
        [
            (
                4,
                "'aspects' must be a mapping of responsibilities, skills, education, tools, salary, "
                "industries, career_path",
            )
        ],
    ),
    "aspect too long": (
        ROLE.replace("skills: Python.", "skills: " + "p" * 1025),
        [(6, "aspects: 'skills' is 1,025 characters long; the limit is 1,024")],
    ),
    "figure in an aspect without sources": (
        ROLE.replace("salary: Varies a lot.", "salary: Around $300,600 in total."),
        [(9, "'salary' states a figure ('$300,600') but the role has no 'sources'")],
    ),
    "salary figures without sources": (
        ROLE + FIGURE,
        [(12, "'salary_figures' are given but the role has no 'sources'")],
    ),
    "amount that is not a whole number": (
        ROLE + FIGURE.replace("300600", "300,600") + SOURCES,
        [(14, "salary figure 1: 'amount_usd' must be a positive whole number of dollars, e.g. 300600")],
    ),
    "amount that is not positive": (
        ROLE + FIGURE.replace("300600", "-5") + SOURCES,
        [(14, "salary figure 1: 'amount_usd' must be a positive whole number of dollars, e.g. 300600")],
    ),
    "pay kind": (
        ROLE + FIGURE.replace("pay: total", "pay: gross") + SOURCES,
        [(15, "salary figure 1: 'pay' must be 'base' or 'total', not 'gross'")],
    ),
    "salary figure missing its source": (
        ROLE + FIGURE.replace("    source: Levels.fyi\n", "") + SOURCES,
        [(13, "salary figure 1: missing required key 'source'")],
    ),
    "source with a bad url": (
        ROLE + SOURCES.replace("https://www.levels.fyi/", "levels.fyi"),
        [(14, "source 1: 'url' must be an http:// or https:// address, not 'levels.fyi'")],
    ),
    "top level that is a list": (
        "- id: ai-engineer\n",
        [(1, "the top level must be a mapping with keys such as 'id', 'name' and 'aspects'")],
    ),
    "empty file": ("", [(1, "the file is empty")]),
}


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES.keys())
def test_each_role_problem_names_its_line(
    problems: Problems, text: str, expected: list[tuple[int, str]]
) -> None:
    assert role_problems(problems, text) == [f"{FILE}:{line}: {message}" for line, message in expected]
