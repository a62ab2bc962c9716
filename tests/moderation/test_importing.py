from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.loader import build_snapshot, read_knowledge_files
from bot.moderation.changes import ChangeRefused
from bot.moderation.editor import KnowledgeEditor
from bot.moderation.importing import MAX_IMPORT_BYTES, decode_upload, import_target, knowledge_diff
from tests.moderation.conftest import MODERATOR

EXISTING = ("faq/salary.yaml", "roles/ai-engineer.yaml", "synonyms.yaml")


@pytest.mark.parametrize(
    ("filename", "explicit", "target"),
    [
        ("salary.yaml", None, "faq/salary.yaml"),
        ("new-topic.yml", None, "faq/new-topic.yaml"),
        ("ai-engineer.yaml", None, "roles/ai-engineer.yaml"),
        ("synonyms.yaml", None, "synonyms.yaml"),
        ("upload.yaml", "faq/career.yaml", "faq/career.yaml"),
        ("faq_salary.yaml", None, "faq/salary.yaml"),
    ],
)
def test_import_target(filename: str, explicit: str | None, target: str) -> None:
    assert import_target(filename, EXISTING, explicit) == target


@pytest.mark.parametrize("name", ["../../etc/passwd", "salary.txt", "Salary Notes.yaml", "faq/../x.yaml", ""])
def test_import_target_refuses_other_names(name: str) -> None:
    with pytest.raises(ChangeRefused, match="not a knowledge file name"):
        import_target(name, EXISTING)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"x" * (MAX_IMPORT_BYTES + 1), "at most"),
        (b"\xff\xfe\x00e\x00n\x00t", "not UTF-8"),
        (b"entries:\x00\n", "binary"),
    ],
)
def test_uploads_that_are_not_yaml_text_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(ChangeRefused, match=message):
        decode_upload(data)


HOSTILE = {
    "not yaml": b"entries: [\n  - {id: x\n",
    "not a mapping": b"- just\n- a list\n",
    "unknown key": (
        b"entries:\n  - id: salary-comparison\n    question: Q?\n    answr: A\n    category: salary\n"
    ),
    "duplicate id": (
        b"entries:\n  - id: tool-pytorch\n    question: Q?\n    answer: A.\n    category: salary\n"
    ),
    "alias bomb": (
        b"a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nentries: [*b, *b, *b]\n"
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
async def test_a_hostile_or_malformed_import_is_refused_and_writes_nothing(
    case: str, editor: KnowledgeEditor, knowledge_dir: Path
) -> None:
    before = read_knowledge_files(knowledge_dir)
    served = editor.service.snapshot
    with pytest.raises(ChangeRefused) as refused:
        await editor.preview_file("faq/salary.yaml", decode_upload(HOSTILE[case]))
    assert refused.value.errors
    assert all(str(error).startswith("knowledge/faq/") for error in refused.value.errors)
    assert read_knowledge_files(knowledge_dir) == before
    assert editor.service.snapshot is served
    assert await editor.audit.last_undoable() is None


async def test_a_valid_import_shows_what_changes_then_applies_and_undoes(
    editor: KnowledgeEditor, knowledge_dir: Path
) -> None:
    path = knowledge_dir / "faq" / "salary.yaml"
    original = path.read_text()
    edited = original.replace(
        "question: How does AI and ML engineer pay differ by location?", "question: Pay by city?"
    )
    edited += (
        "\n  - id: salary-negotiation-tips\n    question: How do I negotiate?\n"
        "    category: salary\n    answer: Ask for the range first.\n"
    )

    plan = await editor.preview_file("faq/salary.yaml", edited.encode())
    diff = knowledge_diff(build_snapshot(read_knowledge_files(knowledge_dir)), plan.snapshot)
    assert diff.added == (("entry", "salary-negotiation-tips"),)
    assert diff.changed == (("entry", "salary-by-location"),)
    assert diff.removed == ()
    assert path.read_text() == original

    await editor.replace_file("faq/salary.yaml", edited.encode(), MODERATOR, expected=original)
    assert path.read_text() == edited
    assert editor.service.snapshot.entry("salary-negotiation-tips") is not None

    await editor.undo(MODERATOR)
    assert path.read_text() == original


async def test_an_import_is_refused_when_the_file_changed_after_the_preview(
    editor: KnowledgeEditor, knowledge_dir: Path
) -> None:
    path = knowledge_dir / "faq" / "salary.yaml"
    original = path.read_text()
    path.write_text(original + "\n# a hand edit\n")
    with pytest.raises(ChangeRefused, match="changed since the preview"):
        await editor.replace_file("faq/salary.yaml", original.encode(), MODERATOR, expected=original)
    assert path.read_text().endswith("# a hand edit\n")
