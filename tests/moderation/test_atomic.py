from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.knowledge.loader import load_knowledge
from bot.moderation import atomic
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


def _hand_save_lands_right_after_the_check(
    monkeypatch: pytest.MonkeyPatch, target: Path, hand: bytes
) -> list[bytes]:
    """The check reads the file, then (before the replace) someone saves it the way an editor does."""
    real_read = atomic.read_or_none
    saved: list[bytes] = []

    def read_then_hand_save(path: Path) -> bytes | None:
        data = real_read(path)
        if path == target and not saved:
            temporary = target.with_name(f"{target.name}~")
            temporary.write_bytes(hand)
            os.replace(temporary, target)
            saved.append(hand)
        return data

    monkeypatch.setattr(atomic, "read_or_none", read_then_hand_save)
    return saved


@pytest.mark.skipif(atomic._renameat2 is None, reason="needs renameat2 (Linux)")
def test_a_hand_save_landing_between_the_check_and_the_replace_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "file.yaml"
    target.write_bytes(b"old\n")
    saved = _hand_save_lands_right_after_the_check(monkeypatch, target, b"saved by hand\n")

    with pytest.raises(atomic.FileChangedMeanwhile):
        atomic_write_bytes(target, b"new\n", expected=b"old\n")

    assert saved
    assert target.read_bytes() == b"saved by hand\n"
    assert [p.name for p in tmp_path.iterdir()] == ["file.yaml"]


def test_a_file_created_by_hand_between_the_check_and_the_write_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "new.yaml"
    saved = _hand_save_lands_right_after_the_check(monkeypatch, target, b"created by hand\n")

    with pytest.raises(atomic.FileChangedMeanwhile):
        atomic_write_bytes(target, b"new\n", expected=None)

    assert saved
    assert target.read_bytes() == b"created by hand\n"
    assert [p.name for p in tmp_path.iterdir()] == ["new.yaml"]


@pytest.mark.skipif(atomic._renameat2 is None, reason="needs renameat2 (Linux)")
def test_a_second_hand_save_landing_while_the_first_is_given_back_is_the_one_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "file.yaml"
    target.write_bytes(b"old\n")
    _hand_save_lands_right_after_the_check(monkeypatch, target, b"first hand save\n")
    real_exchange = atomic._exchange
    swaps: list[int] = []

    def exchange_then_hand_save(first: Path, second: Path) -> bool:
        swapped = real_exchange(first, second)
        swaps.append(1)
        if len(swaps) == 1:  # ours is in place now, and is saved over by hand again at once
            (tmp_path / "again~").write_bytes(b"second hand save\n")
            os.replace(tmp_path / "again~", target)
        return swapped

    monkeypatch.setattr(atomic, "_exchange", exchange_then_hand_save)
    with pytest.raises(atomic.FileChangedMeanwhile):
        atomic_write_bytes(target, b"new\n", expected=b"old\n")

    assert len(swaps) == 3
    assert target.read_bytes() == b"second hand save\n"
    assert [p.name for p in tmp_path.iterdir()] == ["file.yaml"]
