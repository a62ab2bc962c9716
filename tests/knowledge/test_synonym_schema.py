from __future__ import annotations

import pytest

from bot.knowledge.loader import load_knowledge

from .conftest import Problems, WriteKnowledge

FILE = "knowledge/synonyms.yaml"
FAQ = "entries:\n  - id: pay\n    question: Q\n    category: salary\n    answer: A\n"


def test_symbols_and_surrounding_spaces_are_handled(write_knowledge: WriteKnowledge) -> None:
    text = "synonyms:\n  salary: [' pay ', $$, tc]\n  'c++': [cpp]\n"

    snapshot = load_knowledge(write_knowledge({"faq/salary.yaml": FAQ, "synonyms.yaml": text}))

    assert dict(snapshot.synonyms) == {"salary": ("pay", "$$", "tc"), "c++": ("cpp",)}


def test_an_empty_synonyms_file_means_no_synonyms(write_knowledge: WriteKnowledge) -> None:
    snapshot = load_knowledge(write_knowledge({"faq/salary.yaml": FAQ, "synonyms.yaml": "# none yet\n"}))

    assert dict(snapshot.synonyms) == {}


CASES = {
    "variant listed twice under one term": (
        "synonyms:\n  salary:\n    - pay\n    - pay\n",
        [(4, "synonym 'salary': variant 'pay' is already listed (line 3)")],
    ),
    "variant under two terms": (
        "synonyms:\n  salary: [pay, comp]\n  compensation: [comp]\n",
        [(3, "synonym 'compensation': variant 'comp' is already listed under 'salary' (line 2)")],
    ),
    "variant that is a canonical term": (
        "synonyms:\n  salary: [pay]\n  compensation: [salary]\n",
        [(3, "synonym 'compensation': variant 'salary' is itself a canonical term")],
    ),
    "upper-case term": (
        "synonyms:\n  Salary: [pay]\n",
        [(2, "synonym 'Salary': canonical terms must be lower-case")],
    ),
    "upper-case variant": (
        "synonyms:\n  salary: [Pay]\n",
        [(2, "synonym 'salary': variant 'Pay' must be lower-case")],
    ),
    "variants not a list": (
        "synonyms:\n  salary: pay\n",
        [(2, "synonym 'salary': 'salary' must be a list of strings")],
    ),
    "no variants": ("synonyms:\n  salary:\n", [(2, "synonym 'salary': lists no variants")]),
    "duplicate term": (
        "synonyms:\n  salary: [pay]\n  salary: [comp]\n",
        [(3, "duplicate key 'salary' (first at line 2)")],
    ),
    "wrong top-level key": (
        "synonym:\n  salary: [pay]\n",
        [(1, "unknown key 'synonym' (did you mean 'synonyms'?)"), (1, "missing required key 'synonyms'")],
    ),
    "synonyms not a mapping": (
        "synonyms: [pay]\n",
        [(1, "'synonyms' must map each canonical term to a list of ways to write it")],
    ),
}


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES.keys())
def test_each_synonym_problem_names_its_line(
    problems: Problems, text: str, expected: list[tuple[int, str]]
) -> None:
    assert problems({"faq/salary.yaml": FAQ, "synonyms.yaml": text}) == [
        f"{FILE}:{line}: {message}" for line, message in expected
    ]
