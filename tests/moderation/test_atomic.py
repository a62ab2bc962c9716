from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.knowledge.loader import load_knowledge
from bot.moderation.atomic import atomic_write_bytes


class Crash(BaseException):
    """Stands for the process dying: not an Exception, so nothing on the way may swallow it."""


def test_writes_new_content_and_keeps_the_permissions(tmp_path: Path) -> None:
    target = tmp_path / "file.yaml"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    atomic_write_bytes(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["file.yaml"]


def test_creates_a_missing_file_and_folder(tmp_path: Path) -> None:
    target = tmp_path / "faq" / "new.yaml"
    atomic_write_bytes(target, b"entries: []\n")
    assert target.read_bytes() == b"entries: []\n"


def test_a_crash_between_writing_and_replacing_leaves_the_original_intact(
    knowledge_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = knowledge_dir / "faq" / "salary.yaml"
    original = target.read_bytes()
    written: list[bytes] = []

    def crash(source: str, destination: object) -> None:
        written.append(Path(source).read_bytes())
        raise Crash

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(Crash):
        atomic_write_bytes(target, b"entries:\n  - id: half-written\n")
    monkeypatch.undo()

    assert written == [b"entries:\n  - id: half-written\n"]  # the new content was fully on disk
    assert target.read_bytes() == original
    assert load_knowledge(knowledge_dir).entry("salary-comparison") is not None
    assert sorted(p.name for p in target.parent.iterdir() if p.name.endswith(".tmp")) == []


def test_temporary_files_are_in_the_same_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "sub" / "file.yaml"
    seen: list[Path] = []
    real_replace = os.replace

    def spy(source: str, destination: str) -> None:
        seen.append(Path(source))
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", spy)
    atomic_write_bytes(target, b"x")
    assert seen[0].parent == target.parent
    assert seen[0].name.endswith(".tmp")
