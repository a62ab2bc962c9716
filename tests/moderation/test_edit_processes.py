"""Edits across real processes, crashes at every write boundary and hand saves racing an edit.

The scenarios run in tests/support/edit_worker.py (its docstring says how), on a small knowledge
folder so that a change costs milliseconds.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from bot.knowledge.loader import load_knowledge
from tests.support import edit_worker

WORKER = Path(edit_worker.__file__)
TIMEOUT = 600
HAND_SAVES = 20


def run_worker(*args: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def lines_of(process: subprocess.Popen[str]) -> list[dict[str, Any]]:
    out, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 0, err
    return [json.loads(line) for line in out.splitlines()]


def test_two_processes_editing_the_same_entry_and_file_lose_nothing(tmp_path: Path) -> None:
    folder = edit_worker.write_small_knowledge(tmp_path / "knowledge")
    database = tmp_path / "careerbot.sqlite3"
    workers = [run_worker("edits", folder, database, name, 15) for name in ("A", "B")]
    outcomes = [line for worker in workers for line in lines_of(worker)]

    assert len(outcomes) == 30
    snapshot = load_knowledge(folder)
    texts = {text for entry in snapshot.entries for text in (entry.question, *entry.alternates)}
    saved = [o["marker"] for o in outcomes if o["outcome"] == "saved"]
    lost = [marker for marker in saved if marker not in texts and f"{marker}?" not in texts]
    assert lost == []
    refused = [o for o in outcomes if o["outcome"] == "refused"]
    assert all(o["reason"] and "Saved" not in o["reason"] for o in refused)
    assert len(saved) + len(refused) == 30


def test_a_crash_at_any_write_boundary_leaves_the_change_complete_or_absent(tmp_path: Path) -> None:
    """Every change kind, killed (``os._exit``) right before each of its fsyncs, renames, unlinks and
    commits in turn: the knowledge loads as ``python -m bot`` reads it, the change is whole or not
    there, citations are kept as written, no temporary file is left, and undo reverts the last landed
    change."""
    workers = {}
    for kind in edit_worker.KINDS:
        folder = edit_worker.write_small_knowledge(tmp_path / kind / "knowledge")
        workers[kind] = run_worker("crash", kind, folder, tmp_path / kind / "careerbot.sqlite3")
    for kind, worker in workers.items():
        points = lines_of(worker)
        crashed = [point for point in points if point["crashed"]]
        assert len(crashed) >= 5, (kind, points)  # journal, file(s), audit row, journal removed
        assert not [p for p in points if p["failed"]], points
        for point in points:
            assert point["loads"] in ("complete", "absent"), point
            assert point["state"] in ("complete", "absent"), point
            assert point["undo"].startswith("ok: "), point
            assert point["leftovers"] == [], point
        assert points[-1]["state"] == "complete"
        assert {point["state"] for point in crashed} == {"absent", "complete"}


def test_a_hand_save_racing_an_edit_of_the_same_file_is_never_overwritten(tmp_path: Path) -> None:
    folder = edit_worker.write_small_knowledge(tmp_path / "knowledge")
    results = lines_of(run_worker("handsave", folder, tmp_path / "careerbot.sqlite3", HAND_SAVES))

    assert len(results) == HAND_SAVES
    for result in results:
        assert result["hand_save_on_disk"], result
        if result["edit"] == "saved":
            # Saved means on disk, unless the hand editor saved over it from a copy read before it.
            assert result["edit_on_disk"] or not result["hand_read_the_edit"], result
        else:
            assert "Saved" not in result["reason"] and result["reason"], result
