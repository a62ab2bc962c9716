"""``ModerationDesk``: everything the /faq commands do, behind one door.

The /faq cog parses what a moderator sent, calls one method here and sends what comes back; it never
reaches into the matcher, the database or the loader. The desk owns the knowledge editor (the one
writer of the files), reads the question log through storage and knows how to preview an import.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Mapping, Sequence
from dataclasses import dataclass

from bot.knowledge.errors import KnowledgeError, KnowledgeInvalid
from bot.knowledge.folder import link_problem
from bot.knowledge.loader import build_snapshot, knowledge_warnings, read_exportable_files
from bot.knowledge.models import Entry, KnowledgeSnapshot
from bot.moderation.answer_channels import AnswerChannels, ChannelChoice
from bot.moderation.audit import AuditLog
from bot.moderation.changes import Actor, AppliedChange, ChangeRefused, EntryForm
from bot.moderation.edit_lock import FileEditLock
from bot.moderation.editor import KnowledgeEditor, ReloadOutcome
from bot.moderation.gaps import GapGroup, group_gaps
from bot.moderation.importing import KnowledgeDiff, check_upload, decode_upload, import_target, knowledge_diff
from bot.moderation.labels import LabelOffer, label_offers
from bot.moderation.roundtrip import Plain
from bot.rendering.stats_chart import render_stats_chart
from bot.service import AnswerService
from bot.storage import NOT_HELPFUL, ChannelKind, DayCount, Label, LabelVerdict, Stats, Storage, since

log = logging.getLogger(__name__)

#: How many open labels /faq gaps reads (it shows the first few, the rest as they are handled).
OPEN_LABELS = 25

#: The unanswered groups /faq stats names beside the most asked entries.
TOP_UNANSWERED = 5


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
    days: tuple[DayCount, ...] = ()
    unanswered: tuple[GapGroup, ...] = ()  # the most asked questions the bot could not answer
    chart: bytes | None = None  # PNG: questions per day, outcome shares, helpful votes


class ModerationDesk:
    def __init__(
        self,
        service: AnswerService,
        storage: Storage,
        editor: KnowledgeEditor,
        channels: AnswerChannels | None = None,
    ) -> None:
        self.service = service
        self.storage = storage
        self.editor = editor
        #: Where the bot answers on its own (ask channels, forums): what /faq channels shows and changes.
        self.channels = channels or AnswerChannels(storage, {})

    @classmethod
    async def open(
        cls,
        service: AnswerService,
        storage: Storage,
        *,
        channel_defaults: Mapping[ChannelKind, frozenset[int]] | None = None,
    ) -> ModerationDesk:
        """Open the audit log and the editor, and settle a change a crash left half-written.

        Changes are serialised with storage's lock when it has one (several hosts), else with a lock
        file beside the knowledge (the processes of this host). ``channel_defaults``: the answer
        channels of the settings, until moderators choose theirs."""
        audit = await AuditLog.open(storage)
        lock = storage.edit_lock()
        editor = KnowledgeEditor(
            service, audit, lock if lock is not None else FileEditLock(service.directory)
        )
        await editor.settle_interrupted()
        channels = AnswerChannels(storage, channel_defaults or {})
        return cls(service, storage, editor, channels)

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
        return await self._announced(self.editor.save_entry(entry_id, form, actor, expected=expected))

    async def remove_entry(self, entry_id: str, actor: Actor) -> AppliedChange:
        return await self._announced(self.editor.remove_entry(entry_id, actor))

    async def add_alternate(self, entry_id: str, phrasing: str, actor: Actor) -> AppliedChange:
        return await self._announced(self.editor.add_alternate(entry_id, phrasing, actor))

    async def change_synonyms(self, term: str, variants: str, actor: Actor, *, adding: bool) -> AppliedChange:
        """``variants`` as typed, comma separated; removing with none listed removes the term."""
        listed = [part for part in variants.split(",") if part.strip()]
        if adding:
            return await self._announced(self.editor.add_synonyms(term, listed, actor))
        return await self._announced(self.editor.remove_synonyms(term, listed, actor))

    async def undo(self, actor: Actor) -> AppliedChange:
        return await self._announced(self.editor.undo(actor))

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
        return await self._announced(
            self.editor.replace_file(preview.path, preview.data, actor, expected=preview.expected)
        )

    async def _announced(self, changing: Awaitable[AppliedChange]) -> AppliedChange:
        """The change, once other processes have been told (storage's notices; a no-op with SQLite)."""
        change = await changing
        await self.storage.announce_knowledge_change()
        return change

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
        """The counts, the most asked entries and unanswered groups, and the chart (drawn off the loop)."""
        stats = await self.storage.question_stats(days)
        snapshot = self.service.snapshot
        titles = {
            entry_id: entry.question
            for entry_id, _ in stats.top_entries
            if (entry := snapshot.entry(entry_id)) is not None
        }
        per_day = await self.storage.question_days(days)
        unanswered = tuple(
            group
            for group in await self.gaps(days)
            if any(reason != NOT_HELPFUL for reason, _ in group.reasons)
        )
        chart = await asyncio.to_thread(
            render_stats_chart, per_day, stats.helpful, stats.not_helpful, period=days
        )
        return StatsReport(stats, titles, per_day, unanswered[:TOP_UNANSWERED], chart)

    # ------------------------------------------------------------------ answer channels

    async def answer_channels(self) -> list[ChannelChoice]:
        """Ask channels and forums, as chosen with /faq channels or else from the settings."""
        return [await self.channels.choice(kind, fresh=True) for kind in ChannelKind]

    async def change_answer_channel(
        self, kind: ChannelKind, channel_id: int, actor: Actor, *, adding: bool
    ) -> bool:
        """Add or remove one answer channel; False when it already was (or was not) one."""
        return await self.channels.change(kind, channel_id, adding=adding, moderator_id=actor.user_id)

    async def prune_questions(self, retention_days: int) -> int:
        return await self.storage.prune_questions(retention_days)

    # ------------------------------------------------------------------ labels (learning from use)

    async def label_offers(self, groups: Sequence[GapGroup] = ()) -> list[LabelOffer]:
        """The open labels, picks first, each placed in the gap group (of ``groups``) it belongs to."""
        labels = await self.storage.open_labels(limit=OPEN_LABELS)
        if not labels:
            return []
        state = self.service.state
        return await asyncio.to_thread(label_offers, labels, state.snapshot, groups, state.matcher.analyzer)

    async def accept_label(self, label: Label, actor: Actor) -> AppliedChange:
        """Add a pick's question as a wording of its entry (audited, undoable), then close the label."""
        if label.verdict is not LabelVerdict.CHOSEN:
            raise ChangeRefused("Only a did-you-mean pick can be added as a wording; dismiss this one.")
        change = await self._announced(self.editor.add_alternate(label.entry_id, label.question, actor))
        await self.storage.close_label(label.id, accepted=True, moderator_id=actor.user_id)
        return change

    async def dismiss_label(self, label: Label, actor: Actor) -> bool:
        """Close a label without changing the knowledge; False when it was closed already."""
        closed = await self.storage.close_label(label.id, accepted=False, moderator_id=actor.user_id)
        return closed is not None
