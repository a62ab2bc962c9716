from __future__ import annotations

import asyncio
from pathlib import Path

from watchfiles import Change

from bot.moderation.editor import KnowledgeEditor
from bot.moderation.watcher import KnowledgeWatcher, in_folder, is_knowledge_file

LIMIT = 30.0


def test_only_yaml_files_trigger_a_reload() -> None:
    assert is_knowledge_file(Change.modified, "/k/faq/salary.yaml")
    assert not is_knowledge_file(Change.added, "/k/faq/.salary.yaml.abc.tmp")
    assert not is_knowledge_file(Change.modified, "/k/careerbot.sqlite3")


async def _until(condition, nudge) -> None:
    """Touch the files until the watcher reacts (it may start after the first write)."""

    async def loop() -> None:
        while not condition():
            nudge()
            await asyncio.sleep(0.2)

    await asyncio.wait_for(loop(), LIMIT)


async def test_a_saved_file_is_reloaded_and_a_broken_save_keeps_the_old_answers(
    editor: KnowledgeEditor, knowledge_dir: Path
) -> None:
    outcomes = []

    async def on_change() -> None:
        outcomes.append(await editor.reload(only_if_changed=True))

    watcher = KnowledgeWatcher(knowledge_dir, on_change, debounce_ms=100)
    watcher.start()
    try:
        path = knowledge_dir / "faq" / "salary.yaml"
        original = path.read_text()
        edited = original.replace(
            "question: How does AI and ML engineer pay differ by location?", "question: Pay by city?"
        )
        await _until(
            lambda: editor.service.snapshot.entry("salary-by-location").question == "Pay by city?",
            lambda: path.write_text(edited),
        )
        served = editor.service.snapshot
        await _until(lambda: any(o.errors for o in outcomes), lambda: path.write_text("entries: [\n"))
        assert editor.service.snapshot is served
        broken = next(o for o in outcomes if o.errors)
        assert any(e.file == "knowledge/faq/salary.yaml" and e.line >= 1 for e in broken.errors), broken
    finally:
        await watcher.stop()


def test_a_misplaced_yaml_file_triggers_a_reload_that_reports_it() -> None:
    assert is_knowledge_file(Change.added, "/k/faq/tools.YAML")
    assert is_knowledge_file(Change.added, "/k/roles.yml")


def test_changes_in_a_folder_linked_in_from_outside_are_not_the_knowledge(tmp_path: Path) -> None:
    knowledge, elsewhere = tmp_path / "knowledge", tmp_path / "elsewhere"
    (knowledge / "faq").mkdir(parents=True)
    elsewhere.mkdir()
    (knowledge / "roles").symlink_to(elsewhere)
    (knowledge / "faq" / "leak.yaml").symlink_to(elsewhere / "secret.yaml")

    assert in_folder(knowledge, str(knowledge / "faq" / "salary.yaml"))
    assert in_folder(
        knowledge, str(knowledge / "faq" / "leak.yaml")
    )  # the link itself: its reload reports it
    assert not in_folder(knowledge, str(knowledge / "roles" / "ai-engineer.yaml"))
