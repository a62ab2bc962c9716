from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.knowledge.loader import default_knowledge_dir

from .conftest import Problems, WriteKnowledge

FILE = "knowledge/faq/salary.yaml"
ENTRY = "entries:\n  - id: pay\n    question: Café pay?\n    category: salary\n    answer: It depends.\n"


def test_non_utf8_bytes_name_the_file_and_line(problems: Problems) -> None:
    latin1 = ENTRY.encode("latin-1")

    assert problems({"faq/salary.yaml": latin1}) == [
        f"{FILE}:3: the file is not UTF-8 (byte 0xe9); save it as UTF-8"
    ]


def test_a_utf8_byte_order_mark_is_accepted(problems: Problems) -> None:
    assert problems({"faq/salary.yaml": b"\xef\xbb\xbf" + ENTRY.encode()}) == []


def test_a_control_character_names_its_line(problems: Problems) -> None:
    text = ENTRY.replace("It depends.", "It \x07depends.")

    assert problems({"faq/salary.yaml": text}) == [
        f"{FILE}:5: character U+0007 is not allowed in YAML; remove it"
    ]


def test_a_yaml_syntax_error_names_the_line_of_the_problem(problems: Problems) -> None:
    text = ENTRY.replace("question: Café pay?", "question: Café pay: really?")

    assert problems({"faq/salary.yaml": text}) == [
        f"{FILE}:3: invalid YAML: mapping values are not allowed in this context"
    ]


def test_bad_indentation_names_the_line(problems: Problems) -> None:
    text = ENTRY.replace("    answer:", "   answer:")

    [problem] = problems({"faq/salary.yaml": text})
    assert problem.startswith(f"{FILE}:5: invalid YAML: ")


def test_two_documents_in_one_file_are_an_error(problems: Problems) -> None:
    [problem] = problems({"faq/salary.yaml": ENTRY + "---\nentries: []\n"})

    assert problem.startswith(f"{FILE}:6: invalid YAML: but found another document")


def test_duplicate_top_level_keys_are_an_error(problems: Problems) -> None:
    assert problems({"faq/salary.yaml": ENTRY + "entries: []\n"}) == [
        f"{FILE}:6: duplicate key 'entries' (first at line 1)"
    ]


def test_a_syntax_error_does_not_hide_problems_in_other_files(problems: Problems) -> None:
    other = ENTRY.replace("salary", "skills").replace("id: pay", "id: skills").replace("answer:", "answr:")

    assert problems({"faq/salary.yaml": "entries: [\n", "faq/skills.yaml": other}) == [
        f"{FILE}:2: invalid YAML: did not find expected node content (while parsing a flow node)",
        "knowledge/faq/skills.yaml:2: entry 'skills': missing required key 'answer'",
        "knowledge/faq/skills.yaml:5: entry 'skills': unknown key 'answr' (did you mean 'answer'?)",
    ]


#: Runs the CLI with PyYAML's C extension made unimportable, as on a machine without libyaml.
WITHOUT_LIBYAML = """\
import sys
sys.modules["yaml._yaml"] = None
import yaml
assert not yaml.__with_libyaml__
from bot.cli import main
raise SystemExit(main(["validate", sys.argv[1]]))
"""


def _validate_without_libyaml(directory: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_LIBYAML, str(directory)], capture_output=True, text=True, timeout=60
    )


FLOW_NESTING = "entries: " + "[" * 5000 + "]" * 5000
BLOCK_NESTING = "entries:\n" + "".join(f"{'  ' * (n + 1)}k{n}:\n" for n in range(1000))  # about 1 MB


@pytest.mark.parametrize("deep", [FLOW_NESTING, BLOCK_NESTING], ids=["flow", "block"])
def test_without_libyaml_deep_nesting_is_a_file_line_error_not_a_recursion_error(
    write_knowledge: WriteKnowledge, deep: str
) -> None:
    root = write_knowledge({"faq/salary.yaml": ENTRY, "faq/deep.yaml": deep})

    run = _validate_without_libyaml(root)

    assert "RecursionError" not in run.stderr
    assert run.returncode == 1, run.stderr
    assert re.search(
        r"^knowledge/faq/deep\.yaml:\d+: invalid YAML: .*nests deeper than 100 levels", run.stdout, re.M
    )


def test_without_libyaml_the_shipped_knowledge_is_valid() -> None:
    run = _validate_without_libyaml(default_knowledge_dir())
    assert run.returncode == 0, run.stdout + run.stderr


def test_with_libyaml_deep_nesting_is_a_file_line_error_too(problems: Problems) -> None:
    (problem,) = problems({"faq/salary.yaml": "entries: " + "[" * 5000 + "]" * 5000})
    assert problem.startswith(f"{FILE}:1: invalid YAML: ")
