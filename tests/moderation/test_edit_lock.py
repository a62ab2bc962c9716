from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.moderation.changes import ChangeRefused
from bot.moderation.edit_lock import LOCK_FILE, FileEditLock


async def test_a_second_holder_waits_until_the_first_lets_go(tmp_path: Path) -> None:
    # Two lock objects on one folder stand for two processes: the OS lock is per open file.
    first, second = FileEditLock(tmp_path), FileEditLock(tmp_path)
    order: list[str] = []

    async def hold(lock: FileEditLock, name: str, seconds: float) -> None:
        async with lock.hold():
            order.append(f"{name} in")
            await asyncio.sleep(seconds)
            order.append(f"{name} out")

    holding = asyncio.create_task(hold(first, "first", 0.3))
    await asyncio.sleep(0.05)
    await hold(second, "second", 0)
    await holding
    assert order == ["first in", "first out", "second in", "second out"]
    assert (tmp_path / LOCK_FILE).exists()


async def test_a_lock_held_too_long_elsewhere_refuses_with_the_reason(tmp_path: Path) -> None:
    other = FileEditLock(tmp_path)
    waiting = FileEditLock(tmp_path, wait_seconds=0.2)
    async with other.hold():
        with pytest.raises(ChangeRefused, match="Another process has been saving"):
            async with waiting.hold():
                pass
    async with waiting.hold():  # free again, and the refused wait left nothing held
        pass


async def test_a_cancelled_wait_leaves_the_lock_free(tmp_path: Path) -> None:
    other, waiting = FileEditLock(tmp_path), FileEditLock(tmp_path)
    async with other.hold():
        task = asyncio.create_task(waiting.hold().__aenter__())
        await asyncio.sleep(0.1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    async with asyncio.timeout(5), other.hold():
        pass
