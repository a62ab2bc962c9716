"""Background upkeep of a serving bot: reload the knowledge when its files change on disk or when
another process announces a change through storage (PostgreSQL's NOTIFY: also where the folder is a
shared volume that sends no file events), and prune the question log past its retention. Loaded only
by a bot that serves (`python -m bot sync` does not open the database, prune it or watch files)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from discord.ext import commands, tasks

from bot.moderation.desk import ModerationDesk
from bot.moderation.watcher import KnowledgeWatcher
from bot.ui import moderation_texts
from bot.ui.audit_channel import announce

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from bot.client import CareerBot

log = logging.getLogger(__name__)

PRUNE_EVERY_HOURS = 6.0


class KnowledgeUpkeep(commands.Cog):
    def __init__(self, bot: CareerBot, desk: ModerationDesk) -> None:
        self.bot = bot
        self.desk = desk
        self.watcher: KnowledgeWatcher | None = None
        self.listener: asyncio.Task[None] | None = None

    async def cog_load(self) -> None:
        await self._prune()
        self.prune_questions.start()
        if self.bot.settings.knowledge_watch:
            self.watcher = KnowledgeWatcher(self.bot.service.directory, self._reload_from_disk)
            self.watcher.start()
        if self.bot.storage is not None and (changes := self.bot.storage.knowledge_changes()) is not None:
            self.listener = asyncio.create_task(self._reload_on_notice(changes), name="knowledge-notices")

    async def cog_unload(self) -> None:
        self.prune_questions.cancel()
        if self.listener is not None:
            self.listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.listener
        if self.watcher is not None:
            await self.watcher.stop()

    @tasks.loop(hours=PRUNE_EVERY_HOURS)
    async def prune_questions(self) -> None:
        if self.prune_questions.current_loop > 0:  # the first run happened in cog_load
            await self._prune()

    async def _prune(self) -> None:
        """Never raises: an error here would end the loop, and old questions would then pile up."""
        try:
            removed = await self.desk.prune_questions(self.bot.settings.unanswered_retention_days)
        except Exception:
            log.exception("Pruning the logged questions failed; trying again in %s hours", PRUNE_EVERY_HOURS)
            return
        log.info("Pruned %d logged questions older than the retention period", removed)

    async def _reload_on_notice(self, changes: AsyncIterator[None]) -> None:
        """Another process changed the knowledge: reload (it posted to the audit channel itself)."""
        async for _ in changes:
            try:
                outcome = await self.desk.reload(only_if_changed=True)
            except Exception:
                log.exception("Reloading after another process's knowledge change failed")
                continue
            if outcome.errors:
                log.warning("Another process announced a knowledge change, but the files have errors")
            elif outcome.reloaded:
                log.info("Knowledge reloaded after another process's change")

    async def _reload_from_disk(self) -> None:
        outcome = await self.desk.reload(only_if_changed=True)
        channel = self.bot.settings.audit_channel_id
        if outcome.errors:
            report = moderation_texts.error_report(
                "A knowledge file changed on disk but has errors; still serving the previous knowledge:",
                outcome.errors,
            )
            await announce(self.bot, channel, report)
        elif outcome.reloaded:
            entries = len(self.desk.snapshot.entries)
            await announce(self.bot, channel, f"Knowledge reloaded from disk: {entries} entries.")


async def setup(bot: CareerBot) -> None:
    if bot.desk is None:
        raise RuntimeError("knowledge upkeep needs a serving bot (its database open)")
    await bot.add_cog(KnowledgeUpkeep(bot, bot.desk))
