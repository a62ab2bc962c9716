"""A separate process that edits a knowledge folder, for the multi-process and crash tests.

Run by path (``python tests/support/edit_worker.py MODE ...``) so that it imports only ``bot``: with
``PYTHONPATH`` set to another checkout, the same scenarios measure that checkout's editor. Each mode
prints one JSON object per line.

- ``edits FOLDER DB NAME COUNT``: COUNT changes, alternately an alternate added to the shared entry
  and a new entry in the shared file; each line says whether it was saved or refused (and why).
- ``crash KIND FOLDER DB``: for N = 1, 2, ... a forked child makes a change of KIND and dies
  (``os._exit``) right before its Nth write boundary (an fsync, replace, rename, unlink, link, swap or
  database commit); after each, the knowledge is loaded as ``python -m bot`` would, the editor opened as the
  bot opens it, and the change found complete or absent, and the last landed change undone.
- ``handsave FOLDER DB ROUNDS``: an edit of one entry while a thread saves another entry of the same
  file by hand, the way an editor does (read, write a new file, rename it over); each line says
  whether the hand save and the edit survived, and whether the hand editor had read the edit.

The folders are small (``write_small_knowledge``), so a change costs milliseconds, not seconds.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiosqlite

from bot.knowledge.errors import KnowledgeInvalid
from bot.knowledge.loader import load_knowledge
from bot.moderation import atomic
from bot.moderation.audit import AuditLog
from bot.moderation.changes import Actor, ChangeRefused, EntryForm
from bot.moderation.editor import KnowledgeEditor
from bot.service import AnswerService
from bot.storage import Storage

CRASHED = 70
FAILED = 71
MODERATOR = Actor(user_id=42, name="mod#0", guild_id=7)
SHARED_ENTRY = "what-is-an-ai-engineer"
SHARED_FILE = "faq/roles.yaml"
KINDS = ("add", "edit", "remove", "move", "synonym-add", "synonym-remove", "import", "undo-move")

_ROLES = """\
# Roles, kept by hand: this comment must survive every change.
entries:
  - id: what-is-an-ai-engineer
    question: What does an AI engineer do?
    alternates:
      - ai engineer job
    category: roles
    answer: |
      An AI engineer builds products on top of trained models.
    related: [what-is-an-ml-engineer]

  - id: what-is-an-ml-engineer
    question: What does an ML engineer do?
    category: roles
    answer: |
      An ML engineer trains, ships and watches models in production.
    related: [what-is-an-ai-engineer, ml-pay]
"""
_SALARY = """\
entries:
  - id: ml-pay
    question: How much do ML engineers earn?
    category: salary
    answer: |
      Pay depends on the city and the company: see the sources.
    related: [what-is-an-ml-engineer]
    facts: [a-salary-survey]

  - id: pay-by-city
    question: Where do ML engineers earn most?
    category: salary
    answer: |
      Pay is highest in a few large cities.
    facts: [a-city-survey]
"""
_FACTS = """\
facts:
  - id: a-salary-survey
    claim: A salary survey of ML engineers.
    source: A salary survey
    title: A salary survey
    url: https://example.com/survey
    as_of: October 2024
    date: "2024-10"
    confidence: medium
    second_hand: false
  - id: a-city-survey
    claim: Pay by city for ML engineers.
    source: Another survey
    title: Another survey
    url: https://example.com/cities
    as_of: October 2024
    date: "2024-10"
    confidence: medium
    second_hand: false
"""
_SYNONYMS = """\
synonyms:
  ml engineer:
    - mle
  salary:
    - pay
    - comp
"""


def write_small_knowledge(folder: Path) -> Path:
    (folder / "faq").mkdir(parents=True, exist_ok=True)
    (folder / "faq" / "roles.yaml").write_text(_ROLES)
    (folder / "faq" / "salary.yaml").write_text(_SALARY)
    (folder / "synonyms.yaml").write_text(_SYNONYMS)
    (folder / "facts.yaml").write_text(_FACTS)
    return folder


def form(value: dict[str, Any], **changes: str) -> EntryForm:
    fields = {
        "question": value["question"],
        "alternates": "\n".join(value.get("alternates") or []),
        "answer": value["answer"],
        "category": value["category"],
        "related": ", ".join(value.get("related") or []),
    }
    return EntryForm(**{**fields, **changes})


async def open_editor(folder: Path, database: Path) -> tuple[KnowledgeEditor, Storage]:
    storage = await Storage.open(database)
    editor = KnowledgeEditor(AnswerService.load(folder), await AuditLog.open(storage))
    settle = getattr(editor, "settle_interrupted", None)  # absent before crash recovery existed
    if settle is not None:
        await settle()
    return editor, storage


def emit(**fields: Any) -> None:
    print(json.dumps(fields), flush=True)


# ---------------------------------------------------------------------------------------------- edits


async def edits(folder: Path, database: Path, name: str, count: int) -> None:
    editor, storage = await open_editor(folder, database)
    try:
        for number in range(count):
            marker = f"{name} change {number}"
            try:
                if number % 2 == 0:
                    await editor.add_alternate(SHARED_ENTRY, marker, MODERATOR)
                else:
                    new = EntryForm(marker + "?", "", "A plain answer.", "roles", "")
                    await editor.save_entry(None, new, MODERATOR)
            except ChangeRefused as refused:
                emit(marker=marker, outcome="refused", reason=refused.reason)
            else:
                emit(marker=marker, outcome="saved")
    finally:
        await storage.close()


# ---------------------------------------------------------------------------------------------- crash


def _change(kind: str, editor: KnowledgeEditor) -> Callable[[], Any]:
    async def change() -> Any:
        if kind == "add":
            new = EntryForm("Brand new?", "", "Fresh.", "salary", "")
            return await editor.save_entry(None, new, MODERATOR)
        value = await editor.entry_value("pay-by-city")
        if kind == "edit":
            return await editor.save_entry("pay-by-city", form(value, question="Pay by city?"), MODERATOR)
        if kind == "remove":
            return await editor.remove_entry("pay-by-city", MODERATOR)
        if kind == "move":
            moved = form(await editor.entry_value("ml-pay"), category="roles")
            return await editor.save_entry("ml-pay", moved, MODERATOR)
        if kind == "synonym-add":
            return await editor.add_synonyms("rust", ["rustlang"], MODERATOR)
        if kind == "synonym-remove":
            return await editor.remove_synonyms("salary", ["comp"], MODERATOR)
        if kind == "import":
            expected = (editor.directory / "faq" / "salary.yaml").read_text()
            data = expected.replace("Pay is highest", "Pay peaks").encode()
            return await editor.replace_file("faq/salary.yaml", data, MODERATOR, expected=expected)
        if kind == "undo-move":
            return await editor.undo(MODERATOR)
        raise ValueError(kind)

    return change


async def _prepare(kind: str, folder: Path, database: Path) -> None:
    """Every scenario starts with a landed change, so there is always a last change to undo (and
    "undo-move" with the move it undoes after that one)."""
    editor, storage = await open_editor(folder, database)
    try:
        await editor.add_synonyms("golang", ["go lang"], MODERATOR)
        if kind == "undo-move":
            value = await editor.entry_value("ml-pay")
            await editor.save_entry("ml-pay", form(value, category="roles"), MODERATOR)
    finally:
        await storage.close()


def _die_at(boundary: int) -> None:
    """From now on, count write boundaries and die right before the ``boundary``-th."""
    count = 0

    def counted(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            nonlocal count
            count += 1
            if count == boundary:
                os._exit(CRASHED)
            return real(*args, **kwargs)

        return call

    for name in ("fsync", "replace", "rename", "unlink", "link"):
        setattr(os, name, counted(name, getattr(os, name)))
    if hasattr(atomic, "_exchange"):  # the atomic swap of a checked replace (absent in older checkouts)
        atomic._exchange = counted("exchange", atomic._exchange)  # type: ignore[attr-defined]
    real_commit = aiosqlite.Connection.commit

    async def commit(self: aiosqlite.Connection) -> None:
        nonlocal count
        count += 1
        if count == boundary:
            os._exit(CRASHED)
        await real_commit(self)

    aiosqlite.Connection.commit = commit  # type: ignore[method-assign]


async def _child(kind: str, folder: Path, database: Path, boundary: int) -> None:
    editor, _ = await open_editor(folder, database)
    _die_at(boundary)
    await _change(kind, editor)()
    os._exit(0)


def _state(kind: str, folder: Path) -> str:
    try:
        snapshot = load_knowledge(folder)
    except KnowledgeInvalid:
        return "broken"
    salary = (folder / "faq" / "salary.yaml").read_text()
    checks = {
        "add": snapshot.entry("brand-new") is not None,
        "edit": (entry := snapshot.entry("pay-by-city")) is not None and entry.question == "Pay by city?",
        "remove": snapshot.entry("pay-by-city") is None,
        "move": snapshot.entry("ml-pay").category == "roles",
        "synonym-add": "rust" in snapshot.synonyms,
        "synonym-remove": snapshot.synonyms.get("salary") == ("pay",),
        "import": "Pay peaks" in salary,
        "undo-move": snapshot.entry("ml-pay").category == "salary",
    }
    if "facts: [a-salary-survey]" not in salary + (folder / "faq" / "roles.yaml").read_text():
        return "citation rewritten"
    return "complete" if checks[kind] else "absent"


async def _after_crash(kind: str, folder: Path, database: Path) -> dict[str, Any]:
    try:
        from bot.moderation.journal import settle_before_loading
    except ImportError:  # before crash recovery existed
        pass
    else:
        settle_before_loading(folder)
    loads = _state(kind, folder)
    try:
        editor, storage = await open_editor(folder, database)
    except KnowledgeInvalid:
        return {"loads": loads, "state": loads, "undo": "the knowledge does not load"}
    try:
        state = _state(kind, folder)
        try:
            undone = await editor.undo(MODERATOR)
            undo = f"ok: {undone.summary}"
        except ChangeRefused as refused:
            undo = f"refused: {refused.reason}"
        leftovers = sorted(p.name for p in folder.rglob(".*.tmp"))
        return {"loads": loads, "state": state, "undo": undo, "leftovers": leftovers}
    finally:
        await storage.close()


def _wait(child: int, timeout: float = 120.0) -> int:
    """The child's exit code; a child still running after ``timeout`` is killed (and counts as crashed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(child, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.02)
    os.kill(child, signal.SIGKILL)
    os.waitpid(child, 0)
    return CRASHED


def crash(kind: str, folder: Path, database: Path) -> None:
    template = folder.parent / f"{folder.name}-template"
    shutil.copytree(folder, template)
    asyncio.run(_prepare(kind, template, database.with_suffix(".template")))
    for boundary in range(1, 200):
        shutil.rmtree(folder)
        shutil.copytree(template, folder)
        shutil.copyfile(database.with_suffix(".template"), database)
        child = os.fork()
        if child == 0:
            try:
                asyncio.run(_child(kind, folder, database, boundary))
            finally:
                os._exit(FAILED)  # the change raised: never run on as a second parent
        code = _wait(child)
        result = asyncio.run(_after_crash(kind, folder, database))
        emit(kind=kind, boundary=boundary, crashed=code == CRASHED, failed=code == FAILED, **result)
        if code == 0:
            return


# ---------------------------------------------------------------------------------------------- handsave


def _hand_save(path: Path, old: str, new: str) -> str:
    """Save ``path`` with ``old`` replaced by ``new`` as an editor does; returns the text it read."""
    text = path.read_text()
    temporary = path.with_name(f"{path.name}~")
    temporary.write_text(text.replace(old, new))
    os.replace(temporary, path)
    return text


async def handsave(folder: Path, database: Path, rounds: int) -> None:
    editor, storage = await open_editor(folder, database)
    path = folder / SHARED_FILE
    try:
        for number in range(rounds):
            value = await editor.entry_value(SHARED_ENTRY)
            before = "What does an ML engineer do"
            hand = f"What does an ML engineer do, round {number}"
            delay = random.uniform(0.0, 0.05)

            read: list[str] = []

            def save_by_hand(
                before: str = before, hand: str = hand, delay: float = delay, read: list[str] = read
            ) -> None:
                time.sleep(delay)
                read.append(_hand_save(path, before + "?", hand + "?"))

            thread = threading.Thread(target=save_by_hand)
            thread.start()
            edit = f"What does an AI engineer do, round {number}?"
            try:
                await editor.save_entry(SHARED_ENTRY, form(value, question=edit), MODERATOR, expected=value)
                outcome, reason = "saved", ""
            except ChangeRefused as refused:
                outcome, reason = "refused", refused.reason
            thread.join()
            text = path.read_text()
            emit(
                round=number,
                edit=outcome,
                reason=reason,
                edit_on_disk=edit in text,
                hand_save_on_disk=hand in text,
                # The editor saving by hand had read the file after the edit landed (else its save,
                # made from what it read before, replaces the edit: no writer can prevent that).
                hand_read_the_edit=edit in read[0],
            )
            # Back to the starting wording for the next round (by hand: the editor is not racing now).
            _hand_save(path, hand + "?", before + "?")
            await editor.reload()
    finally:
        await storage.close()


def main(argv: list[str]) -> None:
    mode, *rest = argv
    if mode == "edits":
        folder, database, name, count = rest
        asyncio.run(edits(Path(folder), Path(database), name, int(count)))
    elif mode == "crash":
        kind, folder, database = rest
        crash(kind, Path(folder), Path(database))
    elif mode == "handsave":
        folder, database, rounds = rest
        asyncio.run(handsave(Path(folder), Path(database), int(rounds)))
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
