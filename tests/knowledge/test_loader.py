from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.knowledge.errors import KnowledgeError, KnowledgeInvalid
from bot.knowledge.loader import (
    build_snapshot,
    default_knowledge_dir,
    load_knowledge,
    read_knowledge_files,
    validate_knowledge,
)
from bot.knowledge.models import ROLE_ASPECTS, Origin, Source

from .conftest import Problems, WriteKnowledge

SALARY_FAQ = """\
entries:
  - id: salary-by-location
    question: "  How does pay differ by location?  "
    alternates:
      - ai engineer salary in new york
      - how much do ml engineers make in silicon valley
    keywords: [location, city]
    category: salary
    answer: |
      Median pay was $120,000 in 2024.

      It depends on the city.
    related: [salary-factors]
    facts: [bls-oews-2024]
  - id: salary-factors
    question: What decides pay?
    category: salary
    answer: Skills, location and the employer.
"""

SKILLS_FAQ = """\
entries:
  - id: skills-python
    question: Do I need Python?
    category: skills
    answer: Yes, nearly every team uses it.
    related: [salary-factors]
"""

TOOLS_FAQ = """\
entries:
  - id: tool-docker
    question: Do I need Docker?
    category: tools
    answer: It helps to ship models.
    related: [salary-by-location]
"""

SYNONYMS = """\
synonyms:
  machine learning engineer: [ml eng, mle]
  salary: [pay, comp]
"""

ROLE = """\
id: ai-engineer
name: AI engineer
summary: Builds products on top of large language models.
aspects:
  responsibilities: Ships LLM features.
  skills: Python, prompting, evaluation.
  education: Often a CS degree.
  tools: LLM APIs, vector databases.
  salary: Median total pay of $300,600.
  industries: Software, finance.
  career_path: Software engineer, then AI engineer.
salary_figures:
  - label: Median pay, U.S. AI engineers
    amount_usd: 300600
    pay: total
    fact: levels-fyi-2024
facts: [levels-fyi-2024]
"""

FACTS = """\
facts:
  - id: bls-oews-2024
    claim: The median was $120,000 in May 2024.
    values: {median: 120000}
    source: U.S. Bureau of Labor Statistics
    title: U.S. Bureau of Labor Statistics, OEWS
    url: https://www.bls.gov/oes/
    as_of: May 2024
    date: "2024-05"
    confidence: high
    second_hand: false
  - id: levels-fyi-2024
    claim: Levels.fyi put the median at $300,600.
    values: {median: 300600}
    source: Levels.fyi, as reported by VnExpress
    title: Levels.fyi report
    url: https://e.vnexpress.net/news/levels
    as_of: March 2024
    date: "2024-03"
    confidence: medium
    second_hand: false
"""

VALID_BASE = {
    "faq/salary.yaml": SALARY_FAQ,
    "faq/skills.yaml": SKILLS_FAQ,
    "synonyms.yaml": SYNONYMS,
    "roles/ai-engineer.yaml": ROLE,
    "facts.yaml": FACTS,
}


def test_valid_base_loads_every_entry_in_file_order(write_knowledge: WriteKnowledge) -> None:
    snapshot = load_knowledge(write_knowledge(VALID_BASE))

    assert [entry.id for entry in snapshot.entries] == [
        "salary-by-location",
        "salary-factors",
        "skills-python",
    ]
    assert snapshot.categories == ("salary", "skills")
    assert [entry.id for entry in snapshot.entries_in("skills")] == ["skills-python"]


def test_entry_fields_are_stripped_and_keep_internal_newlines(write_knowledge: WriteKnowledge) -> None:
    entry = load_knowledge(write_knowledge(VALID_BASE)).entry("salary-by-location")

    assert entry is not None
    assert entry.question == "How does pay differ by location?"
    assert entry.answer == "Median pay was $120,000 in 2024.\n\nIt depends on the city."
    assert entry.alternates == (
        "ai engineer salary in new york",
        "how much do ml engineers make in silicon valley",
    )
    assert entry.keywords == ("location", "city")
    assert entry.category == "salary"
    assert entry.related == ("salary-factors",)
    assert entry.sources == (
        Source("U.S. Bureau of Labor Statistics, OEWS", "https://www.bls.gov/oes/", "May 2024"),
    )
    assert entry.origin == Origin("knowledge/faq/salary.yaml", 2)


def test_optional_entry_fields_default_to_empty(write_knowledge: WriteKnowledge) -> None:
    entry = load_knowledge(write_knowledge(VALID_BASE)).entry("salary-factors")

    assert entry is not None
    assert (entry.alternates, entry.keywords, entry.related, entry.sources) == ((), (), (), ())
    assert entry.origin == Origin("knowledge/faq/salary.yaml", 15)


def test_synonyms_and_roles_are_loaded(write_knowledge: WriteKnowledge) -> None:
    snapshot = load_knowledge(write_knowledge(VALID_BASE))

    assert dict(snapshot.synonyms) == {
        "machine learning engineer": ("ml eng", "mle"),
        "salary": ("pay", "comp"),
    }
    role = snapshot.role("ai-engineer")
    assert role is not None
    assert role.name == "AI engineer"
    assert tuple(role.aspects) == ROLE_ASPECTS
    assert role.aspects["salary"] == "Median total pay of $300,600."
    assert [(f.label, f.amount_usd, f.pay, f.source, f.as_of) for f in role.salary_figures] == [
        ("Median pay, U.S. AI engineers", 300600, "total", "Levels.fyi report", "March 2024")
    ]
    assert role.sources == (Source("Levels.fyi report", "https://e.vnexpress.net/news/levels", "March 2024"),)
    assert role.origin == Origin("knowledge/roles/ai-engineer.yaml", 1)


def test_synonyms_and_roles_are_optional(write_knowledge: WriteKnowledge) -> None:
    snapshot = load_knowledge(
        write_knowledge({"faq/skills.yaml": SKILLS_FAQ.replace("[salary-factors]", "[]")})
    )

    assert dict(snapshot.synonyms) == {}
    assert snapshot.roles == ()
    assert snapshot.entry("skills-python") is not None


def test_validate_knowledge_returns_nothing_for_a_valid_base(write_knowledge: WriteKnowledge) -> None:
    assert validate_knowledge(write_knowledge(VALID_BASE)) == ()


def test_read_knowledge_files_returns_sorted_knowledge_files_only(write_knowledge: WriteKnowledge) -> None:
    directory = write_knowledge({**VALID_BASE, "README.md": "# notes", "faq/notes.txt": "x"})

    files = read_knowledge_files(directory)

    assert list(files) == [
        "facts.yaml",
        "faq/salary.yaml",
        "faq/skills.yaml",
        "roles/ai-engineer.yaml",
        "synonyms.yaml",
    ]
    assert files["synonyms.yaml"] == SYNONYMS.encode()


def test_build_snapshot_validates_in_memory_bytes_without_touching_disk() -> None:
    files = {path: text.encode() for path, text in VALID_BASE.items()}

    snapshot = build_snapshot(files)
    assert snapshot.entry("skills-python") is not None

    proposed = {**files, "faq/skills.yaml": SKILLS_FAQ.replace("salary-factors", "salary-fctors").encode()}
    with pytest.raises(KnowledgeInvalid) as caught:
        build_snapshot(proposed, label="kb")
    assert [str(error) for error in caught.value.errors] == [
        "kb/faq/skills.yaml:6: entry 'skills-python': 'related' id 'salary-fctors' does not exist "
        "(did you mean 'salary-factors'?)"
    ]


def test_errors_of_several_files_are_reported_together_in_file_then_line_order(problems: Problems) -> None:
    broken_skills = SKILLS_FAQ.replace("question:", "qestion:")
    broken_salary = SALARY_FAQ.replace("answer: Skills, location and the employer.", "answer: ' '")
    broken_role = ROLE.replace("pay: total", "pay: gross")
    broken_synonyms = SYNONYMS.replace("[pay, comp]", "[pay, mle]")

    assert problems(
        {
            "faq/skills.yaml": broken_skills,
            "faq/salary.yaml": broken_salary,
            "roles/ai-engineer.yaml": broken_role,
            "synonyms.yaml": broken_synonyms,
            "facts.yaml": FACTS,
        }
    ) == [
        "knowledge/faq/salary.yaml:18: entry 'salary-factors': 'answer' must not be empty",
        "knowledge/faq/skills.yaml:2: entry 'skills-python': missing required key 'question'",
        "knowledge/faq/skills.yaml:3: entry 'skills-python': unknown key 'qestion' "
        "(did you mean 'question'?)",
        "knowledge/roles/ai-engineer.yaml:15: salary figure 1: 'pay' must be one of 'base', 'mostly base', "
        "'total', not 'gross'",
        "knowledge/synonyms.yaml:3: synonym 'salary': variant 'mle' is already listed under "
        "'machine learning engineer' (line 2)",
    ]


def test_one_broken_file_means_no_snapshot(write_knowledge: WriteKnowledge) -> None:
    directory = write_knowledge({**VALID_BASE, "faq/broken.yaml": "entries: [\n"})

    with pytest.raises(KnowledgeInvalid) as caught:
        load_knowledge(directory)

    assert len(caught.value.errors) == 1
    assert caught.value.errors[0].file == "knowledge/faq/broken.yaml"


def test_knowledge_invalid_lists_one_error_per_line() -> None:
    errors = (KnowledgeError("knowledge/faq/a.yaml", 3, "first"), KnowledgeError("knowledge", 0, "second"))

    assert str(KnowledgeInvalid(errors)) == "knowledge/faq/a.yaml:3: first\nknowledge: second"


def test_a_missing_directory_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"

    assert validate_knowledge(missing) == (KnowledgeError(str(missing), 0, "knowledge directory not found"),)
    with pytest.raises(KnowledgeInvalid):
        load_knowledge(missing)


def test_a_base_without_faq_files_is_an_error(problems: Problems) -> None:
    assert problems({"synonyms.yaml": SYNONYMS}) == ["knowledge/faq: no FAQ files: add faq/<category>.yaml"]


def test_a_faq_without_entries_is_an_error(problems: Problems) -> None:
    assert problems({"faq/salary.yaml": "entries: []\n"}) == ["knowledge/faq: the FAQ has no entries"]


def test_yml_files_are_reported_instead_of_silently_skipped(problems: Problems) -> None:
    assert problems(
        {"faq/skills.yaml": SKILLS_FAQ.replace("[salary-factors]", "[]"), "faq/extra.yml": "x"}
    ) == ["knowledge/faq/extra.yml: knowledge files end in .yaml: rename it to faq/extra.yaml"]


def test_build_snapshot_rejects_paths_outside_the_layout() -> None:
    files = {"faq/skills.yaml": SKILLS_FAQ.replace("[salary-factors]", "[]").encode(), "faq/deep/x.yaml": b""}

    with pytest.raises(KnowledgeInvalid) as caught:
        build_snapshot(files)

    assert [str(error) for error in caught.value.errors] == [
        "knowledge/faq/deep/x.yaml: not a knowledge file: files in subfolders are not read, move it to "
        "faq/x.yaml; knowledge files are faq/<category>.yaml, roles/<role>.yaml, synonyms.yaml, "
        "off_topic.yaml and facts.yaml"
    ]


def test_off_topic_words_are_loaded() -> None:
    files = {
        "faq/skills.yaml": SKILLS_FAQ.replace("[salary-factors]", "[]").encode(),
        "off_topic.yaml": b"# other careers\noff_topic:\n  - lawyer\n  - real estate\n",
    }

    assert build_snapshot(files).off_topic == ("lawyer", "real estate")


def test_off_topic_words_are_validated() -> None:
    files = {
        "faq/skills.yaml": SKILLS_FAQ.replace("[salary-factors]", "[]").encode(),
        "off_topic.yaml": b"off_topic:\n  - lawyer\n  - Nurse\n  - lawyer\n",
    }

    with pytest.raises(KnowledgeInvalid) as caught:
        build_snapshot(files)

    assert [str(error) for error in caught.value.errors] == [
        "knowledge/off_topic.yaml:3: 'Nurse' must be lower-case",
        "knowledge/off_topic.yaml:4: 'lawyer' is already listed (line 2)",
    ]


def test_default_knowledge_dir_is_the_repository_folder_whatever_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # KNOWLEDGE_DIR is read by bot.config alone (Settings.knowledge_dir), not by the loader.
    monkeypatch.setenv("KNOWLEDGE_DIR", str(tmp_path))
    assert default_knowledge_dir() == Path(__file__).resolve().parents[2] / "knowledge"


def test_a_syntax_error_comes_first_and_the_broken_links_it_causes_say_they_follow_from_it(
    problems: Problems,
) -> None:
    """A file that cannot be read loses its entries: links to them elsewhere are its consequences."""
    broken_salary = SALARY_FAQ.replace("    keywords: [location, city]\n", "    keywords: [location, city\n")
    typo = SKILLS_FAQ.replace("related: [salary-factors]", "related: [salary-factors, skills-pyton]")

    found = problems({"faq/salary.yaml": broken_salary, "faq/skills.yaml": typo, "faq/tools.yaml": TOOLS_FAQ})

    cause = found[0]
    assert cause.startswith("knowledge/faq/salary.yaml:") and "invalid YAML" in cause
    where = cause.split(": ", 1)[0]
    assert found[1:] == [
        # a real broken link, independent of the syntax error, keeps its hint
        "knowledge/faq/skills.yaml:6: entry 'skills-python': 'related' id 'skills-pyton' does not exist "
        "(did you mean 'skills-python'?)",
        "knowledge/faq/skills.yaml:6: entry 'skills-python': 'related' id 'salary-factors' does not exist "
        f"(follows from the error at {where})",
        "knowledge/faq/tools.yaml:6: entry 'tool-docker': 'related' id 'salary-by-location' does not exist "
        f"(follows from the error at {where})",
    ]


def test_validate_counts_the_errors_that_follow_from_others(write_knowledge: WriteKnowledge) -> None:
    root = write_knowledge(
        {"faq/salary.yaml": "entries: [\n  - id: salary-factors\n", "faq/skills.yaml": SKILLS_FAQ}
    )
    run = subprocess.run(
        [sys.executable, "-m", "bot", "validate", str(root)], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 1
    assert run.stdout.splitlines()[0].startswith("knowledge/faq/salary.yaml:")
    assert "2 error(s) in" in run.stderr and "(1 of them follow from the others)" in run.stderr
