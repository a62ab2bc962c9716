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
SOURCES = "facts: [levels-fyi-2024]\n"
FIGURE = (
    "salary_figures:\n  - label: Median pay\n    amount_usd: 300600\n    pay: total\n"
    "    fact: levels-fyi-2024\n"
)
FACTS = """\
facts:
  - id: levels-fyi-2024
    claim: Levels.fyi reportedly put the median at $300,600.
    values: {median: 300600}
    source: Levels.fyi, as reported by VnExpress
    title: Levels.fyi via VnExpress
    url: https://e.vnexpress.net/levels
    as_of: March 2024
    date: "2024-03"
    confidence: medium
    second_hand: true
"""


def role_problems(problems: Problems, text: str) -> list[str]:
    return problems({"faq/salary.yaml": FAQ, "roles/ai-engineer.yaml": text, "facts.yaml": FACTS})


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
    "figure in an aspect without facts": (
        ROLE.replace("salary: Varies a lot.", "salary: Around $300,600 in total."),
        [(9, "'salary' states a figure ('$300,600') but cites no 'facts'")],
    ),
    "figure no cited fact holds": (
        ROLE.replace("salary: Varies a lot.", "salary: Around $310,000 in total.") + SOURCES,
        [
            (
                9,
                "'salary' states '$310,000' (310,000), which no cited fact holds (levels-fyi-2024): "
                "cite the fact it comes from or correct it",
            )
        ],
    ),
    "second-hand figure without a caveat": (
        ROLE.replace("salary: Varies a lot.", "salary: The median is $300k.") + SOURCES,
        [
            (
                9,
                "'salary' states '$300k' from a fact read second-hand (levels-fyi-2024) with no caveat: "
                "put a word such as 'about', 'reportedly' or 'one survey' in its sentence",
            )
        ],
    ),
    "sources written in the profile": (
        ROLE + "sources:\n  - title: Levels.fyi\n",
        [
            (
                12,
                "'sources' are no longer written in profiles: cite the facts instead, 'facts: [id, ...]' "
                "(knowledge/facts.yaml), and give each salary figure its 'fact'",
            )
        ],
    ),
    "amount that is not a whole number": (
        ROLE + FIGURE.replace("300600", "300,600") + SOURCES,
        [(14, "salary figure 1: 'amount_usd' must be a positive whole number of dollars, e.g. 300600")],
    ),
    "amount that is not positive": (
        ROLE + FIGURE.replace("300600", "-5") + SOURCES,
        [(14, "salary figure 1: 'amount_usd' must be a positive whole number of dollars, e.g. 300600")],
    ),
    "amount its fact does not hold": (
        ROLE + FIGURE.replace("300600", "300000") + SOURCES,
        [
            (
                16,
                "salary figure 1: 'amount_usd' 300,000 is not a number of fact 'levels-fyi-2024': "
                "use the figure the fact holds",
            )
        ],
    ),
    "pay kind": (
        ROLE + FIGURE.replace("pay: total", "pay: gross") + SOURCES,
        [(15, "salary figure 1: 'pay' must be one of 'base', 'mostly base', 'total', not 'gross'")],
    ),
    "salary figure missing its fact": (
        ROLE + FIGURE.replace("    fact: levels-fyi-2024\n", "") + SOURCES,
        [(13, "salary figure 1: missing required key 'fact'")],
    ),
    "unknown fact id": (
        ROLE + SOURCES.replace("levels-fyi-2024", "levels-fyi-2025"),
        [(12, "'facts' id 'levels-fyi-2025' is not in facts.yaml (did you mean 'levels-fyi-2024'?)")],
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
