from __future__ import annotations

import asyncio
import errno
import re
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.knowledge.loader import load_knowledge, read_knowledge_files, validate_knowledge
from bot.moderation import journal as journal_module
from bot.moderation import roundtrip
from bot.moderation.atomic import atomic_write_bytes
from bot.moderation.audit import AuditLog
from bot.moderation.changes import ChangeRefused, EntryForm
from bot.moderation.documents import KnowledgeDocuments
from bot.moderation.editor import KnowledgeEditor
from bot.moderation.journal import JOURNAL_FILE, EditJournal, Intent
from bot.service import AnswerService, Question
from bot.storage import Storage
from tests.moderation.conftest import MODERATOR
from tests.support import edit_worker


def form_from(value: dict, **changes: str) -> EntryForm:
    fields = {
        "question": value["question"],
        "alternates": "\n".join(value.get("alternates") or []),
        "answer": value["answer"],
        "category": value["category"],
        "related": ", ".join(value.get("related") or []),
    }
    return EntryForm(**{**fields, **changes})


def new_form(question: str, category: str = "skills", answer: str = "A plain answer.") -> EntryForm:
    return EntryForm(question=question, alternates="", answer=answer, category=category, related="")


async def test_an_edit_changes_only_its_lines_and_keeps_comments(
    editor: KnowledgeEditor, knowledge_dir: Path
) -> None:
    path = knowledge_dir / "faq" / "salary.yaml"
    commented = path.read_bytes().replace(
        b"  - id: salary-by-location\n",
        b"  # Location pay: keep in sync with facts.yaml\n  - id: salary-by-location\n",
    )
    path.write_bytes(commented)
    await editor.reload()
    value = await editor.entry_value("salary-by-location")

    await editor.save_entry(
        "salary-by-location", form_from(value, question="Where do AI engineers earn most?"), MODERATOR
    )

    old_lines = commented.decode().splitlines(keepends=True)
    new_lines = path.read_text().splitlines(keepends=True)
    changed = [n for n, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    assert len(changed) == 1
    assert new_lines[changed[0]] == "    question: Where do AI engineers earn most?\n"
    assert "  # Location pay: keep in sync with facts.yaml\n" in new_lines
    assert editor.service.snapshot.entry("salary-by-location").question == "Where do AI engineers earn most?"


async def test_other_files_are_not_rewritten(editor: KnowledgeEditor, knowledge_dir: Path) -> None:
    before = {p: p.read_bytes() for p in knowledge_dir.rglob("*.yaml")}
    await editor.save_entry(None, new_form("Is Rust useful for machine learning?"), MODERATOR)
    after = {p: p.read_bytes() for p in knowledge_dir.rglob("*.yaml")}
    assert [p.name for p in after if before.get(p) != after[p]] == ["skills.yaml"]
    text = (knowledge_dir / "faq" / "skills.yaml").read_text()
    assert text.startswith(before[knowledge_dir / "faq" / "skills.yaml"].decode().rstrip("\n"))
    assert "  - id: is-rust-useful-for-machine-learning\n" in text


async def test_an_invalid_edit_is_refused_with_file_and_line_and_writes_nothing(
    editor: KnowledgeEditor, knowledge_dir: Path
) -> None:
    before = {p: p.read_bytes() for p in knowledge_dir.rglob("*.yaml")}
    served = editor.service.snapshot
    value = await editor.entry_value("salary-by-location")
    with pytest.raises(ChangeRefused) as refused:
        await editor.save_entry("salary-by-location", form_from(value, related="no-such-entry"), MODERATOR)
    assert "invalid" in refused.value.reason
    (error,) = refused.value.errors
    assert error.file == "knowledge/faq/salary.yaml" and error.line > 0
    assert "'no-such-entry' does not exist" in error.message
    assert {p: p.read_bytes() for p in knowledge_dir.rglob("*.yaml")} == before
    assert editor.service.snapshot is served
    assert await editor.audit.last_undoable() is None


async def test_a_figure_without_a_source_is_refused(editor: KnowledgeEditor) -> None:
    with pytest.raises(ChangeRefused) as refused:
        await editor.save_entry(None, new_form("Pay?", answer="About $150,000 a year."), MODERATOR)
    assert "cites no 'facts'" in str(refused.value)


async def test_removing_an_entry_still_referenced_is_refused(editor: KnowledgeEditor) -> None:
    with pytest.raises(ChangeRefused) as refused:
        await editor.remove_entry("salary-comparison", MODERATOR)
    assert any("'salary-comparison' does not exist" in e.message for e in refused.value.errors)
    assert editor.service.snapshot.entry("salary-comparison") is not None


async def test_an_edit_made_meanwhile_is_not_overwritten(editor: KnowledgeEditor) -> None:
    shown = await editor.entry_value("salary-by-location")
    await editor.save_entry("salary-by-location", form_from(shown, question="First edit?"), MODERATOR)
    with pytest.raises(ChangeRefused, match="changed by someone else"):
        await editor.save_entry(
            "salary-by-location", form_from(shown, question="Second edit?"), MODERATOR, expected=shown
        )
    assert (await editor.entry_value("salary-by-location"))["question"] == "First edit?"


async def test_changing_the_category_moves_the_entry_between_files(
    editor: KnowledgeEditor, knowledge_dir: Path
) -> None:
    value = await editor.entry_value("salary-by-location")
    await editor.save_entry("salary-by-location", form_from(value, category="career"), MODERATOR)
    assert b"id: salary-by-location" not in (knowledge_dir / "faq" / "salary.yaml").read_bytes()
    assert b"id: salary-by-location" in (knowledge_dir / "faq" / "career.yaml").read_bytes()
    assert load_knowledge(knowledge_dir).entry("salary-by-location").category == "career"


async def test_a_category_that_is_not_a_file_name_is_refused(
    editor: KnowledgeEditor, knowledge_dir: Path
) -> None:
    with pytest.raises(ChangeRefused, match="not a usable category"):
        await editor.save_entry(None, new_form("Escape?", category="../../etc"), MODERATOR)
    assert not (knowledge_dir.parent / "etc.yaml").exists()


async def test_fifty_concurrent_edits_all_land_and_every_file_stays_valid(
    editor: KnowledgeEditor, knowledge_dir: Path
) -> None:
    questions = [f"Concurrent question number {n}?" for n in range(50)]
    categories = ["skills", "salary", "career", "tools", "roles"]
    changes = await asyncio.gather(
        *(
            editor.save_entry(None, new_form(q, category=categories[n % 5]), MODERATOR)
            for n, q in enumerate(questions)
        )
    )
    assert validate_knowledge(knowledge_dir) == ()
    on_disk = load_knowledge(knowledge_dir)
    assert {e.question for e in on_disk.entries} >= set(questions)
    assert {e.question for e in editor.service.snapshot.entries} >= set(questions)
    assert len({change.change_id for change in changes}) == 50
    assert await editor.audit.last_undoable() == max(changes, key=lambda change: change.change_id)


async def test_undo_walks_back_one_change_at_a_time(editor: KnowledgeEditor, knowledge_dir: Path) -> None:
    original = {p: p.read_bytes() for p in knowledge_dir.rglob("*.yaml")}
    value = await editor.entry_value("salary-by-location")
    await editor.save_entry("salary-by-location", form_from(value, question="Edited?"), MODERATOR)
    added = await editor.save_entry(None, new_form("A brand new question?"), MODERATOR)
    new_id = added.items[0].key

    first = await editor.undo(MODERATOR)
    assert f"'{new_id}'" in first.summary
    assert editor.service.snapshot.entry(new_id) is None
    await editor.undo(MODERATOR)
    assert {p: p.read_bytes() for p in knowledge_dir.rglob("*.yaml")} == original
    with pytest.raises(ChangeRefused, match="no change to undo"):
        await editor.undo(MODERATOR)


async def test_undo_refuses_when_the_item_changed_since(editor: KnowledgeEditor, knowledge_dir: Path) -> None:
    value = await editor.entry_value("salary-by-location")
    await editor.save_entry("salary-by-location", form_from(value, question="Edited?"), MODERATOR)
    path = knowledge_dir / "faq" / "salary.yaml"
    path.write_text(path.read_text().replace("question: Edited?", "question: Edited by hand?"))
    with pytest.raises(ChangeRefused, match="changed after change"):
        await editor.undo(MODERATOR)
    assert "Edited by hand?" in path.read_text()


async def test_synonyms_are_added_and_removed_keeping_the_file_comments(
    editor: KnowledgeEditor, knowledge_dir: Path
) -> None:
    path = knowledge_dir / "synonyms.yaml"
    header = path.read_text().split("synonyms:")[0]
    await editor.add_synonyms("Rust", ["rustlang", " Rust Lang "], MODERATOR)
    assert editor.service.snapshot.synonyms["rust"] == ("rustlang", "rust lang")
    await editor.remove_synonyms("rust", ["rustlang"], MODERATOR)
    assert editor.service.snapshot.synonyms["rust"] == ("rust lang",)
    await editor.remove_synonyms("rust", [], MODERATOR)
    assert "rust" not in editor.service.snapshot.synonyms
    assert path.read_text().startswith(header)


async def test_a_variant_already_listed_elsewhere_is_refused(editor: KnowledgeEditor) -> None:
    with pytest.raises(ChangeRefused) as refused:
        await editor.add_synonyms("salary", ["ml eng"], MODERATOR)
    assert any("already listed under" in e.message for e in refused.value.errors)


async def test_reload_with_a_broken_file_keeps_serving_and_names_file_and_line(
    editor: KnowledgeEditor, knowledge_dir: Path
) -> None:
    served = editor.service.snapshot
    path = knowledge_dir / "faq" / "tools.yaml"
    lines = path.read_text().splitlines(keepends=True)
    lines[5] = "    question: [unclosed\n"
    path.write_text("".join(lines))

    outcome = await editor.reload()

    assert not outcome.reloaded
    (broken,) = [e for e in outcome.errors if e.file == "knowledge/faq/tools.yaml"]
    assert broken.line >= 6 and "invalid YAML" in broken.message
    assert editor.service.snapshot is served
    assert editor.service.respond(Question("What does an AI engineer do?")).entry_id is not None


async def test_edits_are_refused_while_the_files_on_disk_are_broken(
    editor: KnowledgeEditor, knowledge_dir: Path
) -> None:
    (knowledge_dir / "faq" / "tools.yaml").write_text("entries: [\n")
    with pytest.raises(ChangeRefused, match="on disk have errors") as refused:
        await editor.add_synonyms("rust", ["rustlang"], MODERATOR)
    assert "knowledge/faq/tools.yaml:1: " in str(refused.value) or any(
        e.file == "knowledge/faq/tools.yaml" for e in refused.value.errors
    )


async def test_every_change_is_recorded_with_who_and_before_after(editor: KnowledgeEditor) -> None:
    value = await editor.entry_value("salary-by-location")
    change = await editor.save_entry("salary-by-location", form_from(value, question="Edited?"), MODERATOR)
    recorded = await editor.audit.last_undoable()
    assert recorded == change
    assert recorded.actor == MODERATOR
    (item,) = recorded.items
    assert item.key == "salary-by-location"
    assert item.before["question"] == value["question"]
    assert item.after["question"] == "Edited?"


def yaml_files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*.yaml")}


def failing_writes(*calls: int) -> Callable[..., None]:
    """atomic_write_bytes of the knowledge files (not the journal), except that the given calls
    (1-based) fail as a full disk would."""
    count = 0

    def write(path: Path, data: bytes, **options: object) -> None:
        nonlocal count
        if path.name != JOURNAL_FILE:
            count += 1
            if count in calls:
                raise OSError(errno.ENOSPC, "No space left on device", str(path))
        atomic_write_bytes(path, data, **options)

    return write


async def test_a_move_whose_second_write_fails_leaves_the_entry_in_its_file(
    editor: KnowledgeEditor, knowledge_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = yaml_files(knowledge_dir)
    served = editor.service.snapshot
    value = await editor.entry_value("salary-by-location")
    monkeypatch.setattr(journal_module, "atomic_write_bytes", failing_writes(2))

    with pytest.raises(ChangeRefused, match="No space left on device") as refused:
        await editor.save_entry("salary-by-location", form_from(value, category="career"), MODERATOR)

    assert "Nothing was changed" in refused.value.reason
    assert yaml_files(knowledge_dir) == before
    assert load_knowledge(knowledge_dir).entry("salary-by-location").category == "salary"
    assert await editor.audit.last_undoable() is None
    assert editor.service.snapshot is served
    assert not (knowledge_dir / JOURNAL_FILE).exists()


def test_a_file_created_before_a_failed_write_is_removed(
    knowledge_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = yaml_files(knowledge_dir)
    salary = (knowledge_dir / "faq" / "salary.yaml").read_bytes()
    monkeypatch.setattr(journal_module, "atomic_write_bytes", failing_writes(2))
    intent = Intent(
        "import",
        "test",
        (),
        MODERATOR,
        1.0,
        None,
        {"faq/brand-new.yaml": (None, b"entries: []\n"), "faq/salary.yaml": (salary, b"entries: []\n")},
    )
    with pytest.raises(OSError):
        EditJournal(knowledge_dir).write_change(intent)
    assert yaml_files(knowledge_dir) == before
    assert not (knowledge_dir / JOURNAL_FILE).exists()


async def test_a_failed_write_that_cannot_be_put_back_is_settled_by_the_next_change(
    editor: KnowledgeEditor, knowledge_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    value = await editor.entry_value("salary-by-location")
    monkeypatch.setattr(journal_module, "atomic_write_bytes", failing_writes(2, 3))

    with pytest.raises(ChangeRefused, match="putting them back failed too"):
        await editor.save_entry("salary-by-location", form_from(value, category="career"), MODERATOR)
    assert (knowledge_dir / JOURNAL_FILE).exists()
    assert await editor.audit.last_undoable() is None
    monkeypatch.undo()

    await editor.add_synonyms("rust", ["rustlang"], MODERATOR)

    on_disk = load_knowledge(knowledge_dir)
    assert on_disk.entry("salary-by-location").category == "career"  # completed: it loads that way
    assert (await editor.audit.last_undoable()).items[0].key == "rust"
    await editor.undo(MODERATOR)  # the synonyms; the move, completed, is the next one back
    (item,) = (await editor.audit.last_undoable()).items
    assert item.key == "salary-by-location" and item.after["category"] == "career"
    assert not (knowledge_dir / JOURNAL_FILE).exists()


async def test_cancelling_a_change_while_it_writes_keeps_files_audit_and_knowledge_together(
    editor: KnowledgeEditor, knowledge_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writing, release = threading.Event(), threading.Event()

    def slow_write(path: Path, data: bytes, **options: object) -> None:
        if path.name != JOURNAL_FILE:
            writing.set()
            release.wait()
        atomic_write_bytes(path, data, **options)

    monkeypatch.setattr(journal_module, "atomic_write_bytes", slow_write)
    task = asyncio.create_task(editor.add_synonyms("rust", ["rustlang"], MODERATOR))
    await asyncio.to_thread(writing.wait)
    task.cancel()
    await asyncio.sleep(0)
    release.set()

    with pytest.raises(asyncio.CancelledError):
        await task

    assert load_knowledge(knowledge_dir).synonyms["rust"] == ("rustlang",)
    assert editor.service.snapshot.synonyms["rust"] == ("rustlang",)
    recorded = await editor.audit.last_undoable()
    assert recorded is not None and recorded.items[0].key == "rust"


async def test_a_file_the_editor_cannot_read_is_refused_with_the_reason(
    editor: KnowledgeEditor, knowledge_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = yaml_files(knowledge_dir)
    real_load = roundtrip.load

    def load(data: bytes, path: str) -> object:
        if path == "faq/salary.yaml":
            raise roundtrip.RoundTripError(path, "found duplicate merge key at line 4")
        return real_load(data, path)

    monkeypatch.setattr(roundtrip, "load", load)
    with pytest.raises(ChangeRefused) as refused:
        await editor.remove_entry("salary-by-location", MODERATOR)

    assert "faq/salary.yaml" in refused.value.reason
    assert "found duplicate merge key at line 4" in refused.value.reason
    assert yaml_files(knowledge_dir) == before
    assert await editor.audit.last_undoable() is None


@pytest.fixture
async def small_editor(tmp_path: Path, storage: Storage) -> KnowledgeEditor:
    folder = edit_worker.write_small_knowledge(tmp_path / "small")
    return KnowledgeEditor(AnswerService.load(folder), await AuditLog.open(storage))


async def test_cited_facts_survive_a_move_and_a_remove_undone(small_editor: KnowledgeEditor) -> None:
    """Entries hold no typed values since sources moved to knowledge/facts.yaml; what a move and an
    undo must keep is the citation as written (a flow list) and the facts file untouched."""
    folder = small_editor.directory
    facts = (folder / "facts.yaml").read_text()
    value = await small_editor.entry_value("ml-pay")
    await small_editor.save_entry("ml-pay", form_from(value, category="roles"), MODERATOR)
    assert "    facts: [a-salary-survey]\n" in (folder / "faq" / "roles.yaml").read_text()
    await small_editor.remove_entry("pay-by-city", MODERATOR)
    await small_editor.undo(MODERATOR)
    salary = (folder / "faq" / "salary.yaml").read_text()
    assert "    facts: [a-city-survey]\n" in salary
    assert (folder / "facts.yaml").read_text() == facts
    assert load_knowledge(folder).entry("pay-by-city").sources[0].url == "https://example.com/cities"


async def _move(editor: KnowledgeEditor, entry_id: str, category: str) -> None:
    value = await editor.entry_value(entry_id)
    await editor.save_entry(entry_id, form_from(value, category=category), MODERATOR)


async def _edit(editor: KnowledgeEditor, entry_id: str) -> None:
    value = await editor.entry_value(entry_id)
    await editor.save_entry(
        entry_id, form_from(value, question="Which cities pay ML engineers most?"), MODERATOR
    )


async def _import_salary(editor: KnowledgeEditor, data: str) -> None:
    expected = (editor.directory / "faq" / "salary.yaml").read_text()
    await editor.replace_file("faq/salary.yaml", data.encode(), MODERATOR, expected=expected)


_ONE_ENTRY_IMPORT = """\
entries:
  - id: pay-by-city
    question: Where do ML engineers earn the most?
    category: salary
    answer: |
      Pay is highest in a few large cities.
    facts: [a-city-survey]
"""
Step = Callable[[KnowledgeEditor], object]
#: salary.yaml starts with two entries citing facts; each scenario leaves it 3, 2, 1 or 0 of them.
FAMILY: dict[str, list[Step]] = {
    "add, 3 left": [
        lambda e: e.save_entry(None, new_form("Do ML engineers get bonuses?", "salary"), MODERATOR)
    ],
    "edit, 2 left": [lambda e: _edit(e, "pay-by-city")],
    "import, 2 left": [lambda e: _import_salary(e, edit_worker._SALARY.replace("highest", "best"))],
    "remove, 1 left": [lambda e: e.remove_entry("pay-by-city", MODERATOR)],
    "move, 1 left": [lambda e: _move(e, "ml-pay", "roles")],
    "move then edit, 1 left": [lambda e: _move(e, "ml-pay", "roles"), lambda e: _edit(e, "pay-by-city")],
    "move then import, 1 left": [
        lambda e: _move(e, "ml-pay", "roles"),
        lambda e: _import_salary(e, _ONE_ENTRY_IMPORT),
    ],
    "move then remove, 0 left": [
        lambda e: _move(e, "ml-pay", "roles"),
        lambda e: e.remove_entry("pay-by-city", MODERATOR),
    ],
    "move both, 0 left": [lambda e: _move(e, "ml-pay", "roles"), lambda e: _move(e, "pay-by-city", "roles")],
    "move then import, 0 left": [
        lambda e: _move(e, "ml-pay", "roles"),
        lambda e: _import_salary(e, "entries: []\n"),
    ],
    "emptied then added to, 1 left": [
        lambda e: _move(e, "ml-pay", "roles"),
        lambda e: e.remove_entry("pay-by-city", MODERATOR),
        lambda e: e.save_entry(None, new_form("Do ML engineers get bonuses?", "salary"), MODERATOR),
    ],
    "synonyms emptied": [
        lambda e: e.remove_synonyms("salary", [], MODERATOR),
        lambda e: e.remove_synonyms("ml engineer", [], MODERATOR),
    ],
}
#: What a hand edit or an earlier change may leave between ``entries:`` (``synonyms:``) and the first item.
HEADER_COMMENTS = {"none": "", "a blank line": "\n", "a comment line": "  # kept by hand\n"}


def _knowledge_of(folder: Path) -> dict[str, object]:
    """Every entry and synonym as loaded, and which file each entry is in."""
    snapshot = load_knowledge(folder)
    documents = KnowledgeDocuments(read_knowledge_files(folder))
    return {
        "entries": {entry.id: documents.entry(entry.id) for entry in snapshot.entries},
        "synonyms": {term: list(variants) for term, variants in snapshot.synonyms.items()},
    }


def _assert_loads_with_one_line_citations(folder: Path) -> None:
    load_knowledge(folder)  # raises with file:line when the knowledge is invalid
    for path in (folder / "faq").glob("*.yaml"):
        cited = [line for line in path.read_text().splitlines() if line.lstrip().startswith("facts:")]
        assert all(re.fullmatch(r"    facts: \[[a-z-]+(, [a-z-]+)*\]", line) for line in cited), (path, cited)


@pytest.mark.parametrize("comment", HEADER_COMMENTS.values(), ids=HEADER_COMMENTS.keys())
@pytest.mark.parametrize("scenario", FAMILY.values(), ids=FAMILY.keys())
async def test_every_change_kind_and_its_undo_leave_knowledge_that_loads_and_cites_as_written(
    tmp_path: Path, storage: Storage, scenario: list[Step], comment: str
) -> None:
    folder = edit_worker.write_small_knowledge(tmp_path / "small")
    for name, key in (("faq/salary.yaml", "entries"), ("synonyms.yaml", "synonyms")):
        path = folder / name
        path.write_text(path.read_text().replace(f"{key}:\n", f"{key}:\n{comment}", 1))
    editor = KnowledgeEditor(AnswerService.load(folder), await AuditLog.open(storage))
    facts = (folder / "facts.yaml").read_bytes()
    before = _knowledge_of(folder)

    for step in scenario:
        await step(editor)
        _assert_loads_with_one_line_citations(folder)
    for _ in scenario:
        await editor.undo(MODERATOR)
        _assert_loads_with_one_line_citations(folder)

    assert _knowledge_of(folder) == before
    assert (folder / "facts.yaml").read_bytes() == facts
    with pytest.raises(ChangeRefused, match="no change to undo"):
        await editor.undo(MODERATOR)


async def test_a_hand_save_made_while_a_change_is_computed_is_kept_and_the_change_applied_on_top(
    small_editor: KnowledgeEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = small_editor.directory / "faq" / "roles.yaml"
    real_plan = small_editor._plan
    saved_by_hand = []

    async def plan_then_hand_save(mutate):  # the hand save lands after the change was computed
        plan = await real_plan(mutate)
        if not saved_by_hand:
            path.write_text(path.read_text().replace("ML engineer do?", "ML engineer do, by hand?"))
            saved_by_hand.append(True)
        return plan

    monkeypatch.setattr(small_editor, "_plan", plan_then_hand_save)
    await small_editor.add_alternate("what-is-an-ai-engineer", "what is an ai eng", MODERATOR)

    snapshot = load_knowledge(small_editor.directory)
    assert snapshot.entry("what-is-an-ml-engineer").question == "What does an ML engineer do, by hand?"
    assert "what is an ai eng" in snapshot.entry("what-is-an-ai-engineer").alternates
    assert small_editor.service.snapshot.entry("what-is-an-ml-engineer").question.endswith("by hand?")


async def test_an_edit_whose_entry_was_saved_by_hand_meanwhile_is_refused_and_says_why(
    small_editor: KnowledgeEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = small_editor.directory / "faq" / "roles.yaml"
    shown = await small_editor.entry_value("what-is-an-ai-engineer")
    real_plan = small_editor._plan

    async def plan_then_hand_save(mutate):
        plan = await real_plan(mutate)
        if "saved by hand" not in path.read_text():
            path.write_text(path.read_text().replace("AI engineer do?", "AI engineer do, saved by hand?"))
        return plan

    monkeypatch.setattr(small_editor, "_plan", plan_then_hand_save)
    with pytest.raises(ChangeRefused, match="changed by someone else while you were editing"):
        await small_editor.save_entry(
            "what-is-an-ai-engineer", form_from(shown, question="Edited?"), MODERATOR, expected=shown
        )
    assert "AI engineer do, saved by hand?" in path.read_text()
    assert await small_editor.audit.last_undoable() is None


async def test_temporary_files_a_kill_left_are_removed_and_nobody_elses(
    small_editor: KnowledgeEditor,
) -> None:
    faq = small_editor.directory / "faq"
    ours = [faq / ".roles.yaml.careerbot-k2j4h1x9.tmp", faq / ".salary.yaml.ab12cd34.tmp"]
    theirs = [faq / ".roles.yaml.swp", faq / "notes.tmp", faq / ".draft.tmp"]
    for path in [*ours, *theirs]:
        path.write_text("left over\n")
    await small_editor.add_synonyms("rust", ["rustlang"], MODERATOR)
    assert [path for path in ours if path.exists()] == []
    assert all(path.exists() for path in theirs)
