"""``ModerationDesk``: everything the /faq commands do, behind one door.

The /faq cog parses what a moderator sent, calls one method here and sends what comes back; it never
reaches into the matcher, the database or the loader. The desk owns the knowledge editor (the one
writer of the files), reads the question log through storage and knows how to preview an import.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from bot.knowledge.errors import KnowledgeError, KnowledgeInvalid
from bot.knowledge.folder import link_problem
from bot.knowledge.loader import build_snapshot, knowledge_warnings, read_exportable_files
from bot.knowledge.models import Entry, KnowledgeSnapshot
from bot.moderation.audit import AuditLog
from bot.moderation.changes import Actor, AppliedChange, ChangeRefused, EntryForm
from bot.moderation.editor import KnowledgeEditor, ReloadOutcome
from bot.moderation.gaps import GapGroup, group_gaps
from bot.moderation.importing import KnowledgeDiff, check_upload, decode_upload, import_target, knowledge_diff
from bot.moderation.roundtrip import Plain
from bot.service import AnswerService
from bot.storage import Stats, Storage, since

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """An uploaded file, validated against the whole knowledge and not yet written."""

    path: str
    data: bytes
    expected: str | None  # the file as it was when previewed: applying refuses if it changed since
    diff: KnowledgeDiff


@dataclass(frozen=True, slots=True)
class StatsReport:
    stats: Stats
    titles: dict[str, str]  # entry id -> its question, for the entries the report names


class ModerationDesk:
    def __init__(self, service: AnswerService, storage: Storage, editor: KnowledgeEditor) -> None:
        self.service = service
        self.storage = storage
        self.editor = editor

    @classmethod
    async def open(cls, service: AnswerService, storage: Storage) -> ModerationDesk:
        audit = await AuditLog.open(storage.connection)
        return cls(service, storage, KnowledgeEditor(service, audit))

    async def close(self) -> None:
        """Let a change under way finish, then refuse new ones: the database is about to close."""
        await self.editor.close()

    # ------------------------------------------------------------------ reading

    @property
    def snapshot(self) -> KnowledgeSnapshot:
        return self.service.snapshot

    def entry(self, entry_id: str) -> Entry | None:
        return self.service.snapshot.entry(entry_id)

    def entry_choices(self, typed: str) -> list[tuple[str, str]]:
        """(question shown, entry id) pairs for an autocomplete of entry ids."""
        return self.service.state.choices.choices(typed)

    async def entry_text(self, entry_id: str) -> str | None:
        return await self.editor.entry_text(entry_id)

    async def entry_value(self, entry_id: str) -> Plain:
        return await self.editor.entry_value(entry_id)

    async def files(self) -> dict[str, bytes]:
        return await self.editor.files()

    async def export_files(self) -> tuple[dict[str, bytes], tuple[KnowledgeError, ...]]:
        """The files /faq export sends, and the ones it leaves out with why (a link leaving the
        folder is never followed, a file over the size limit never read)."""
        service = self.service
        return await asyncio.to_thread(
            read_exportable_files, service.directory, max_file_bytes=service.max_file_bytes
        )

    async def misplaced_files(self) -> tuple[KnowledgeError, ...]:
        """Warnings about files that are probably misplaced (``faq/notes.txt``), for /faq reload."""
        return await asyncio.to_thread(knowledge_warnings, self.service.directory)

    async def reload(self, *, only_if_changed: bool = False) -> ReloadOutcome:
        return await self.editor.reload(only_if_changed=only_if_changed)

    # ------------------------------------------------------------------ changes

    async def save_entry(
        self, entry_id: str | None, form: EntryForm, actor: Actor, *, expected: Plain
    ) -> AppliedChange:
        return await self.editor.save_entry(entry_id, form, actor, expected=expected)

    async def remove_entry(self, entry_id: str, actor: Actor) -> AppliedChange:
        return await self.editor.remove_entry(entry_id, actor)

    async def add_alternate(self, entry_id: str, phrasing: str, actor: Actor) -> AppliedChange:
        return await self.editor.add_alternate(entry_id, phrasing, actor)

    async def change_synonyms(self, term: str, variants: str, actor: Actor, *, adding: bool) -> AppliedChange:
        """``variants`` as typed, comma separated; removing with none listed removes the term."""
        listed = [part for part in variants.split(",") if part.strip()]
        if adding:
            return await self.editor.add_synonyms(term, listed, actor)
        return await self.editor.remove_synonyms(term, listed, actor)

    async def undo(self, actor: Actor) -> AppliedChange:
        return await self.editor.undo(actor)

    async def import_path(self, filename: str, size: int, explicit: str | None) -> str:
        """Which knowledge file an upload replaces; refuses an upload too large before it is read."""
        check_upload(size)
        try:
            existing = await self.editor.files()
        except KnowledgeInvalid as invalid:
            existing = {}
            problems = invalid.errors
        else:
            problems = ()
        path = import_target(filename, existing, explicit)
        problem = link_problem(self.service.directory, path)
        if problem is not None:
            raise ChangeRefused(f"{path} is {problem}; nothing was imported.")
        if problems:
            raise ChangeRefused(
                "The knowledge files on disk have errors; fix them (then /faq reload) before importing:",
                problems,
            )
        return path

    async def preview_import(self, path: str, raw: bytes) -> ImportPreview:
        data = decode_upload(raw)
        current = await self.editor.files()
        plan = await self.editor.preview_file(path, data)
        before = current.get(path)
        current_snapshot = await asyncio.to_thread(build_snapshot, current, label=self.editor.label)
        diff = knowledge_diff(current_snapshot, plan.snapshot)
        return ImportPreview(path, data, before.decode("utf-8") if before is not None else None, diff)

    async def apply_import(self, preview: ImportPreview, actor: Actor) -> AppliedChange:
        return await self.editor.replace_file(preview.path, preview.data, actor, expected=preview.expected)

    # ------------------------------------------------------------------ reports

    async def gaps(self, days: int) -> list[GapGroup]:
        """Questions the bot could not answer (or whose answer was voted down), grouped by wording."""
        questions = await self.storage.gap_questions(since(days))
        return await asyncio.to_thread(group_gaps, questions, self.service.state.matcher.analyzer)

    def closest_entries(self, question: str) -> list[tuple[str, str]]:
        """(entry id, question) of the entries a gap question comes closest to, best first."""
        snapshot = self.service.snapshot
        return [
            (candidate.entry_id, entry.question)
            for candidate in self.service.match(question).candidates
            if (entry := snapshot.entry(candidate.entry_id)) is not None
        ]

    async def stats(self, days: int) -> StatsReport:
        stats = await self.storage.question_stats(days)
        snapshot = self.service.snapshot
        titles = {
            entry_id: entry.question
            for entry_id, _ in stats.top_entries
            if (entry := snapshot.entry(entry_id)) is not None
        }
        return StatsReport(stats, titles)

    async def prune_questions(self, retention_days: int) -> int:
        return await self.storage.prune_questions(retention_days)
