"""The knowledge folder's rules: links that leave it, misplaced files, the size limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.knowledge.errors import KnowledgeInvalid
from bot.knowledge.folder import FileRefused, read_inside, scan_folder
from bot.knowledge.loader import (
    knowledge_warnings,
    load_knowledge,
    read_exportable_files,
    read_knowledge_files,
    validate_knowledge,
)

from .conftest import WriteKnowledge

SECRET = "DISCORD_TOKEN=fake-secret-for-the-test"
SKILLS = """\
entries:
  - id: skills-python
    question: Do I need Python?
    category: skills
    answer: Yes, nearly every team uses it.
"""


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside the knowledge folder holding a (fake) secret."""
    secret = tmp_path / "elsewhere" / "secret.env"
    secret.parent.mkdir()
    secret.write_text(SECRET)
    return secret


def test_a_link_to_a_file_outside_is_refused_naming_the_link_and_its_target(
    write_knowledge: WriteKnowledge, outside: Path
) -> None:
    root = write_knowledge({"faq/skills.yaml": SKILLS})
    (root / "faq" / "leak.yaml").symlink_to(outside)

    (problem,) = [str(error) for error in validate_knowledge(root)]

    assert problem.startswith(f"knowledge/faq/leak.yaml: a symbolic link to {outside}, outside the knowledge")
    with pytest.raises(KnowledgeInvalid):
        load_knowledge(root)


def test_a_valid_file_linked_from_outside_is_not_served_either(
    write_knowledge: WriteKnowledge, tmp_path: Path
) -> None:
    """Today's hole: the loader served a linked file from outside the folder when it was valid."""
    root = write_knowledge({"faq/skills.yaml": SKILLS})
    elsewhere = tmp_path / "tools.yaml"
    elsewhere.write_text(SKILLS.replace("skills-python", "tools-python").replace("skills", "tools"))
    (root / "faq" / "tools.yaml").symlink_to(elsewhere)

    assert [error.file for error in validate_knowledge(root)] == ["knowledge/faq/tools.yaml"]


def test_a_linked_folder_leaving_the_knowledge_folder_is_refused(
    write_knowledge: WriteKnowledge, tmp_path: Path
) -> None:
    roles = tmp_path / "shared-roles"
    roles.mkdir()
    (roles / "ai-engineer.yaml").write_text("id: ai-engineer\n")
    root = write_knowledge({"faq/skills.yaml": SKILLS})
    (root / "roles").symlink_to(roles)

    (problem,) = validate_knowledge(root)

    assert problem.file == "knowledge/roles" and "outside the knowledge folder" in problem.message


def test_links_inside_the_folder_are_read_like_their_target(write_knowledge: WriteKnowledge) -> None:
    """As config-map mounts do: every file a link to a hidden folder of the real files."""
    root = write_knowledge({".data/faq/skills.yaml": SKILLS})
    (root / "faq").symlink_to(root / ".data" / "faq")

    assert [entry.id for entry in load_knowledge(root).entries] == ["skills-python"]
    assert list(read_knowledge_files(root)) == ["faq/skills.yaml"]


def test_a_link_loop_inside_the_folder_ends(write_knowledge: WriteKnowledge) -> None:
    root = write_knowledge({"faq/skills.yaml": SKILLS})
    (root / "faq" / "again").symlink_to(root / "faq")

    assert list(read_knowledge_files(root)) == ["faq/skills.yaml"]


def test_export_leaves_out_a_link_to_outside_and_says_why(
    write_knowledge: WriteKnowledge, outside: Path
) -> None:
    root = write_knowledge({"faq/skills.yaml": SKILLS})
    (root / "faq" / "leak.yaml").symlink_to(outside)

    files, left_out = read_exportable_files(root)

    assert list(files) == ["faq/skills.yaml"]
    assert SECRET.encode() not in b"".join(files.values())
    assert [error.file for error in left_out] == ["knowledge/faq/leak.yaml"]


def test_a_file_that_became_a_link_since_the_scan_is_not_followed(
    write_knowledge: WriteKnowledge, outside: Path
) -> None:
    root = write_knowledge({"faq/skills.yaml": SKILLS})
    scan = scan_folder(root, "knowledge")
    path = scan.files["faq/skills.yaml"]
    os.unlink(path)
    os.symlink(outside, path)

    with pytest.raises(FileRefused, match="symbolic link"):
        read_inside(scan.root, path, 1_000_000)


def test_a_file_over_the_limit_is_refused_with_its_name_and_size(write_knowledge: WriteKnowledge) -> None:
    big = SKILLS + "# padding\n" * 20_000  # 250 KB
    root = write_knowledge({"faq/skills.yaml": big})

    (problem,) = [str(error) for error in validate_knowledge(root, max_file_bytes=100_000)]

    assert problem == (
        f"knowledge/faq/skills.yaml: the file is {len(big):,} bytes; knowledge files are at most "
        "100,000 bytes (KNOWLEDGE_MAX_FILE_BYTES): split it into several files"
    )
    assert validate_knowledge(root, max_file_bytes=len(big)) == ()


def test_a_50_mb_file_is_refused_by_default_without_being_parsed(write_knowledge: WriteKnowledge) -> None:
    root = write_knowledge({"faq/skills.yaml": SKILLS})
    with (root / "faq" / "huge.yaml").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB of NUL bytes, invalid if it were parsed

    (problem,) = [str(error) for error in validate_knowledge(root)]

    assert problem.startswith(
        "knowledge/faq/huge.yaml: the file is 52,428,800 bytes; knowledge files are at most"
    )


@pytest.mark.parametrize(
    ("path", "hint"),
    [
        ("roles.yaml", "roles.yaml at the top is not read, the files in roles/ are"),
        ("skills.yaml", "move it to faq/skills.yaml (a FAQ category) or roles/skills.yaml (a role profile)"),
        ("faq/old/skills.yaml", "files in subfolders are not read, move it to faq/skills.yaml"),
        ("role/ai-engineer.yaml", "role/ is not a knowledge folder (did you mean roles/?)"),
        ("faq/tools.YAML", "knowledge files end in .yaml, in lower case: rename it to faq/tools.yaml"),
        ("faq/tools.yml", "knowledge files end in .yaml: rename it to faq/tools.yaml"),
    ],
)
def test_a_misplaced_yaml_file_is_an_error_saying_where_it_belongs(
    write_knowledge: WriteKnowledge, path: str, hint: str
) -> None:
    """A YAML file is someone's knowledge: skipping it would silently drop their work."""
    root = write_knowledge({"faq/skills.yaml": SKILLS, path: SKILLS})

    (problem,) = validate_knowledge(root)

    assert problem.file == f"knowledge/{path}" and hint in problem.message


def test_other_files_in_the_knowledge_folders_are_warnings_and_the_rest_is_ignored(
    write_knowledge: WriteKnowledge,
) -> None:
    root = write_knowledge(
        {
            "faq/skills.yaml": SKILLS,
            "faq/notes.txt": "to do",
            "roles/ai-engineer.json": "{}",
            "faq/skills.yaml.bak": SKILLS,
            "README.md": "# the knowledge",
            "faq/.skills.yaml.swp": "swap",
            ".git/config": "x",
        }
    )

    assert validate_knowledge(root) == ()
    assert [warning.file for warning in knowledge_warnings(root)] == [
        "knowledge/faq/notes.txt",
        "knowledge/faq/skills.yaml.bak",
        "knowledge/roles/ai-engineer.json",
    ]
    assert "only .yaml files in faq/ are knowledge files" in knowledge_warnings(root)[0].message
