"""Reloading the knowledge when a file changes on disk (watchfiles), with the reload's own rules:
a broken save is reported and the previous knowledge keeps being served."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from watchfiles import Change, awatch

log = logging.getLogger(__name__)

KNOWLEDGE_SUFFIXES = (".yaml", ".yml")


def is_knowledge_file(change: Change, path: str) -> bool:
    """YAML files only: the atomic writer's temporary files and editor swap files are ignored."""
    return path.endswith(KNOWLEDGE_SUFFIXES) and not Path(path).name.startswith(".")


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
                watch_filter=is_knowledge_file,
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
