from __future__ import annotations

import pytest

from .conftest import Problems

FILE = "knowledge/faq/salary.yaml"


def entry_file(*entry_lines: str) -> str:
    """A faq file whose one entry starts on line 2 with ``entry_lines`` (each without indentation)."""
    body = "".join(f"    {line}\n" for line in entry_lines[1:])
    return f"entries:\n  - {entry_lines[0]}\n{body}"


VALID = ("id: pay", "question: How much?", "category: salary", "answer: It depends.")


def with_line(number: int, replacement: str) -> tuple[str, ...]:
    """VALID with its ``number``-th file line (2-5) replaced."""
    lines = list(VALID)
    lines[number - 2] = replacement
    return tuple(lines)


CASES = {
    "unknown key with a hint": (
        (*VALID, "alternate: [x]"),
        [(6, "entry 'pay': unknown key 'alternate' (did you mean 'alternates'?)")],
    ),
    "unknown key without a near miss": (
        (*VALID, "colour: red"),
        [
            (
                6,
                "entry 'pay': unknown key 'colour' (allowed: id, question, alternates, keywords, "
                "category, answer, related, facts)",
            )
        ],
    ),
    "missing required key": (
        with_line(3, "keywords: [pay]"),
        [(2, "entry 'pay': missing required key 'question'")],
    ),
    "missing id": (("question: How much?", *VALID[2:]), [(2, "entry #1: missing required key 'id'")]),
    "alternates not a list": (
        (*VALID, "alternates: how much"),
        [(6, "entry 'pay': 'alternates' must be a list of strings")],
    ),
    "alternates holding a mapping": (
        (*VALID, "alternates:", "  - ok", "  - {a: b}"),
        [(8, "entry 'pay': 'alternates' must be a list of strings")],
    ),
    "empty keyword": ((*VALID, "keywords: [pay, '']"), [(6, "entry 'pay': 'keywords' item 2 is empty")]),
    "question not a string": (
        with_line(3, "question: [a, b]"),
        [(3, "entry 'pay': 'question' must be a string")],
    ),
    "id not kebab-case": (
        with_line(2, "id: Pay_Range"),
        [(2, "entry 'Pay_Range': 'id' must be kebab-case: a-z and 0-9 words joined by single hyphens")],
    ),
    "id with a double hyphen": (
        with_line(2, "id: pay--range"),
        [(2, "entry 'pay--range': 'id' must be kebab-case: a-z and 0-9 words joined by single hyphens")],
    ),
    "id too long": (
        with_line(2, "id: " + "a" * 65),
        [(2, f"entry '{'a' * 65}': 'id' is 65 characters long; the limit is 64")],
    ),
    "empty answer": (with_line(5, "answer:"), [(5, "entry 'pay': 'answer' must not be empty")]),
    "blank block answer": (
        with_line(5, "answer: |\n      \n"),
        [(5, "entry 'pay': 'answer' must not be empty")],
    ),
    "question too long": (
        with_line(3, "question: " + "q" * 257),
        [(3, "entry 'pay': 'question' is 257 characters long; the limit is 256")],
    ),
    "alternate too long": (
        (*VALID, "alternates:", "  - fine", "  - " + "a" * 300),
        [(8, "entry 'pay': 'alternates' item 2 is 300 characters long; the limit is 256")],
    ),
    "answer too long": (
        with_line(5, "answer: " + "word " * 820 + "end"),
        [(5, "entry 'pay': 'answer' is 4,103 characters long; the limit is 4,096")],
    ),
    "category of another file": (
        with_line(4, "category: skills"),
        [(4, "entry 'pay': 'category' is 'skills' but the file is faq/salary.yaml; they must match")],
    ),
    "related to itself": (
        (*VALID, "related:", "  - pay"),
        [(7, "entry 'pay': 'related' lists the entry itself")],
    ),
    "related id listed twice": (
        (*VALID, "related: [other, other]"),
        [
            (6, "entry 'pay': 'related' lists 'other' twice"),
            (6, "entry 'pay': 'related' id 'other' does not exist"),
        ],
    ),
    "related id that does not exist": (
        (*VALID, "related:", "  - nowhere"),
        [(7, "entry 'pay': 'related' id 'nowhere' does not exist")],
    ),
    "figure without facts": (
        with_line(5, "answer: AI engineers earn $300k."),
        [(5, "entry 'pay': 'answer' states a figure ('$300k') but cites no 'facts'")],
    ),
    "sources written in the entry": (
        (*VALID, "sources:", "  - title: BLS"),
        [
            (
                6,
                "entry 'pay': 'sources' are no longer written in entries: cite the facts instead, "
                "'facts: [id, ...]' (knowledge/facts.yaml); the answer shows their sources",
            )
        ],
    ),
    "a fact cited twice": (
        (*VALID, "facts: [levels, levels]"),
        [
            (6, "entry 'pay': 'facts' lists 'levels' twice"),
            (6, "entry 'pay': 'facts' id 'levels' is not in facts.yaml"),
        ],
    ),
    "duplicate key": (
        (*VALID, "answer: Another answer."),
        [(6, "entry 'pay': duplicate key 'answer' (first at line 5)")],
    ),
    "entry that is not a mapping": (
        ("just text",),
        [(2, "entry #1 must be a mapping with keys such as 'id', 'question' and 'answer'")],
    ),
}


@pytest.mark.parametrize(("entry_lines", "expected"), CASES.values(), ids=CASES.keys())
def test_each_faq_problem_names_its_line(
    problems: Problems, entry_lines: tuple[str, ...], expected: list[tuple[int, str]]
) -> None:
    assert problems({"faq/salary.yaml": entry_file(*entry_lines)}) == [
        f"{FILE}:{line}: {message}" for line, message in expected
    ]


def test_the_valid_entry_used_by_these_cases_is_valid(problems: Problems) -> None:
    assert problems({"faq/salary.yaml": entry_file(*VALID)}) == []


def test_a_sourced_figure_and_exact_length_limits_are_accepted(problems: Problems) -> None:
    lines = (
        "id: pay",
        "question: " + "q" * 256,
        "category: salary",
        "answer: AI engineers earn $300k.",
        "alternates: [" + "a" * 256 + "]",
        "facts: [levels]",
    )
    facts = (
        'facts:\n  - {id: levels, claim: "Median $300k", source: Levels.fyi, title: Levels.fyi,'
        " url: 'https://www.levels.fyi/', as_of: March 2024, date: '2024-03', confidence: high,"
        " second_hand: false}\n"
    )

    assert problems({"faq/salary.yaml": entry_file(*lines), "facts.yaml": facts}) == []


def test_duplicate_ids_in_two_files_name_both_places(problems: Problems) -> None:
    first = "entries:\n  - id: pay\n    question: Q\n    category: pay\n    answer: A\n"
    second = "entries:\n  - id: other\n    question: Q\n    category: salary\n    answer: A\n" + first[
        9:
    ].replace("category: pay", "category: salary")

    assert problems({"faq/pay.yaml": first, "faq/salary.yaml": second}) == [
        f"{FILE}:6: entry 'pay': duplicate id 'pay' (also at knowledge/faq/pay.yaml:2)"
    ]


def test_related_ids_may_point_into_other_files(problems: Problems) -> None:
    pay = "entries:\n  - id: pay\n    question: Q\n    category: pay\n    answer: A\n    related: [skills]\n"
    skills = (
        "entries:\n  - id: skills\n    question: Q\n    category: skills\n    answer: A\n    related: [pay]\n"
    )

    assert problems({"faq/pay.yaml": pay, "faq/skills.yaml": skills}) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[]\n", [(1, "the top level must be a mapping with one key, 'entries'")]),
        ("entries: {id: pay}\n", [(1, "'entries' must be a list of entries")]),
        (
            "entrys: []\n",
            [(1, "unknown key 'entrys' (did you mean 'entries'?)"), (1, "missing required key 'entries'")],
        ),
        ("", [(1, "the file is empty")]),
        ("# only a comment\n", [(1, "the file is empty")]),
    ],
)
def test_the_top_level_must_be_an_entries_list(
    problems: Problems, text: str, expected: list[tuple[int, str]]
) -> None:
    assert problems({"faq/salary.yaml": text}) == [f"{FILE}:{line}: {message}" for line, message in expected]


def test_all_problems_of_one_entry_are_reported(problems: Problems) -> None:
    lines = ("id: Pay", "question: ''", "category: money", "answer: Up 23%.", "alternate: [x]")

    assert problems({"faq/salary.yaml": entry_file(*lines)}) == [
        f"{FILE}:2: entry 'Pay': 'id' must be kebab-case: a-z and 0-9 words joined by single hyphens",
        f"{FILE}:3: entry 'Pay': 'question' must not be empty",
        f"{FILE}:4: entry 'Pay': 'category' is 'money' but the file is faq/salary.yaml; they must match",
        f"{FILE}:5: entry 'Pay': 'answer' states a figure ('23%') but cites no 'facts'",
        f"{FILE}:6: entry 'Pay': unknown key 'alternate' (did you mean 'alternates'?)",
    ]
