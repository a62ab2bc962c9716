"""Reloading the knowledge when a file changes on disk (watchfiles), with the reload's own rules:
a broken save is reported and the previous knowledge keeps being served."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

from watchfiles import Change, awatch

from bot.knowledge.folder import is_inside, is_yaml_name

log = logging.getLogger(__name__)


def is_knowledge_file(change: Change, path: str) -> bool:
    """YAML files only (any case, so a misplaced ``x.YAML`` is reported): the atomic writer's temporary
    files and editor swap files are ignored."""
    name = Path(path).name
    return is_yaml_name(name) and not name.startswith(".")


def in_folder(directory: Path, path: str) -> bool:
    """Whether the changed file sits in ``directory`` itself, not in a folder linked in from outside.

    watchfiles follows a linked folder (``roles -> /elsewhere``) and reports changes there under the
    link's path: those are someone else's files, and reloading for them would only be refused again.
    A link made inside the folder still counts, so its reload reports it (the loader refuses it)."""
    return is_inside(os.path.realpath(Path(path).parent), os.path.realpath(directory))


class KnowledgeWatcher:
    """Calls ``on_change`` once per burst of changes to knowledge files under ``directory``."""

    def __init__(
        self, directory: Path, on_change: Callable[[], Awaitable[None]], *, debounce_ms: int = 400
    ) -> None:
        self.directory = directory
        self._on_change = on_change
        self._debounce_ms = debounce_ms
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="knowledge-watcher")

    async def stop(self) -> None:
        """Stops promptly: the event is seen by watchfiles' thread within one step (50 ms)."""
        if self._task is None:
            return
        self._stop.set()
        await self._task
        self._task = None

    async def _run(self) -> None:
        try:
            watching = awatch(
                self.directory,
                watch_filter=lambda change, path: (
                    is_knowledge_file(change, path) and in_folder(self.directory, path)
                ),
                stop_event=self._stop,
                debounce=self._debounce_ms,
                recursive=True,
            )
            async for changes in watching:
                log.info("Knowledge files changed on disk (%d), reloading", len(changes))
                try:
                    await self._on_change()
                except Exception:
                    log.exception("Reloading after a file change failed")
        except Exception:
            log.exception("Watching %s for knowledge changes stopped", self.directory)
