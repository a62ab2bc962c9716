"""One knowledge change at a time, across every process that edits the same folder.

The editor holds an ``EditLock`` around each change (check the files are unchanged, journal, write,
audit), so two shard processes, a deploy overlap or a tool editing while the bot runs never compute
a change from files another process is rewriting. ``FileEditLock`` covers the processes of one host
(a lock file beside the knowledge, the ``filelock`` package); storage may offer a lock for several
hosts (PostgreSQL's advisory locks) with the same shape.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Protocol

from filelock import FileLock, Timeout

from bot.moderation.changes import ChangeRefused

#: Hidden, so the loader, the watcher and /faq export never see it.
LOCK_FILE = ".careerbot-edit.lock"
#: How long a change waits for another process's change before it is refused.
WAIT_SECONDS = 30.0
_POLL_SECONDS = 0.02


class EditLock(Protocol):
    def hold(self) -> contextlib.AbstractAsyncContextManager[None]: ...


def busy_refusal(seconds: float) -> ChangeRefused:
    return ChangeRefused(
        f"Another process has been saving a knowledge change for over {seconds:.0f} s, so nothing was "
        "changed. Try again in a moment."
    )


class FileEditLock:
    """An exclusive lock on ``folder/.careerbot-edit.lock`` (flock on Linux), polled without blocking
    the event loop, so a waiting change can be cancelled without leaving the lock held."""

    def __init__(self, folder: Path, *, wait_seconds: float = WAIT_SECONDS) -> None:
        self.path = folder / LOCK_FILE
        self.wait_seconds = wait_seconds
        # One process-wide holder at a time: the OS lock is per open file, not per task.
        self._in_process = asyncio.Lock()
        self._file = FileLock(self.path, thread_local=False, preserve_lock_file=True)

    @contextlib.asynccontextmanager
    async def hold(self) -> AsyncIterator[None]:
        deadline = time.monotonic() + self.wait_seconds
        try:
            # Not asyncio.wait_for: before Python 3.12 a timeout landing as the lock is acquired
            # raises with the lock held, and no edit would get it again.
            async with asyncio.timeout(self.wait_seconds):
                await self._in_process.acquire()
        except TimeoutError:
            raise busy_refusal(self.wait_seconds) from None
        try:
            await self._acquire_file(deadline)
            try:
                yield
            finally:
                self._file.release()
        finally:
            self._in_process.release()

    async def _acquire_file(self, deadline: float) -> None:
        while True:
            try:
                self._file.acquire(timeout=0)
                return
            except Timeout:
                if time.monotonic() >= deadline:
                    raise busy_refusal(self.wait_seconds) from None
            except OSError as error:
                raise ChangeRefused(
                    f"The knowledge folder cannot be locked for editing ({error.strerror or error}); "
                    "nothing was changed."
                ) from error
            await asyncio.sleep(_POLL_SECONDS)
