"""``KnowledgeEditor``: the one writer of the knowledge files.

Every change runs under the edit lock (one change at a time in this process and, through
``EditLock``, across the processes editing the same folder): read the files, apply the change to
their round-trip YAML, validate the whole knowledge in memory (``build_snapshot``), journal it, write
the changed files atomically (each compared with the content the change was computed from right
before it is replaced), record it in the audit log, and only then swap the new snapshot into the
service. A change that would make the knowledge invalid is refused with the validator's ``file:line``
errors and writes nothing. A file saved by someone else meanwhile (a hand save, another tool) is never
overwritten: the change is computed again on top of it, or refused when it no longer applies. A
failed write puts back the files already written; a crash at any point is settled by the next holder
of the lock (bot/moderation/journal.py). Cancelling the caller does not stop a change half-way.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge.errors import KnowledgeError, KnowledgeInvalid
from bot.knowledge.loader import build_snapshot, read_knowledge_files
from bot.knowledge.models import KnowledgeSnapshot
from bot.moderation.atomic import FileChangedMeanwhile, remove_leftover_temporaries
from bot.moderation.audit import UNDO_ACTION, AuditLog
from bot.moderation.changes import (
    Actor,
    AppliedChange,
    ChangeRefused,
    EntryForm,
    ItemChange,
    id_from_question,
)
from bot.moderation.documents import KnowledgeDocuments
from bot.moderation.edit_lock import EditLock, FileEditLock
from bot.moderation.journal import EditJournal, Intent, PutBackFailed, Settled
from bot.moderation.roundtrip import Plain, RoundTripError
from bot.service import AnswerService

log = logging.getLogger(__name__)

Mutation = Callable[[KnowledgeDocuments], list[ItemChange | None]]
SHUTTING_DOWN = "The bot is shutting down, so nothing was changed. Try again once it is back."
#: How many times a change is computed again on top of files saved by someone else meanwhile.
ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class ReloadOutcome:
    """``errors`` when refused (the previous knowledge stays); ``reloaded`` False when nothing changed."""

    errors: tuple[KnowledgeError, ...]
    reloaded: bool


@dataclass(frozen=True, slots=True)
class Plan:
    """A validated change, not yet written."""

    items: tuple[ItemChange, ...]
    files: dict[str, bytes]  # only the changed ones, in the order to write them
    all_files: dict[str, bytes]
    snapshot: KnowledgeSnapshot
    read: dict[str, bytes]  # every file as the change was computed from it


class KnowledgeEditor:
    def __init__(self, service: AnswerService, audit: AuditLog | None, lock: EditLock | None = None) -> None:
        self.service = service
        self.audit = audit
        self.edit_lock: EditLock = lock if lock is not None else FileEditLock(service.directory)
        self.journal = EditJournal(service.directory)
        self._lock = asyncio.Lock()
        self._loaded: dict[str, bytes] | None = None
        self._closed = False

    @property
    def directory(self) -> Path:
        return self.service.directory

    @property
    def label(self) -> str:
        """How the loader names the folder in errors (``knowledge/faq/x.yaml:3``)."""
        return Path(os.path.abspath(self.directory)).name or str(self.directory)

    async def close(self) -> None:
        """Let a change under way finish, then refuse every new one: the process is stopping."""
        async with self._lock:
            self._closed = True

    # ------------------------------------------------------------------ reading

    async def reload(self, *, only_if_changed: bool = False) -> ReloadOutcome:
        """Re-read every file and swap the knowledge in; on errors keep serving the previous one.

        ``only_if_changed`` (the file watcher) skips the swap when the bytes are those last loaded or
        written, e.g. the watcher seeing this editor's own writes.
        """
        async with self._lock, self.edit_lock.hold():
            await self._settle_interrupted()
            try:
                files = await asyncio.to_thread(
                    read_knowledge_files, self.directory, max_file_bytes=self.service.max_file_bytes
                )
                if only_if_changed and files == self._loaded:
                    return ReloadOutcome((), reloaded=False)
                # Parsing and validating a big knowledge takes a while: off the event loop.
                snapshot = await asyncio.to_thread(build_snapshot, files, label=self.label)
            except KnowledgeInvalid as invalid:
                log.warning("Reload refused, still serving the previous knowledge: %s", invalid)
                return ReloadOutcome(invalid.errors, reloaded=False)
            await self.service.replace_in_background(snapshot)
            self._loaded = files
            return ReloadOutcome((), reloaded=True)

    async def entry_value(self, entry_id: str) -> Plain:
        documents = await self._documents()
        return await asyncio.to_thread(documents.entry, entry_id)  # round-trip parsing: off the loop

    async def entry_text(self, entry_id: str) -> str | None:
        documents = await self._documents()
        return await asyncio.to_thread(documents.entry_text, entry_id)

    async def files(self) -> dict[str, bytes]:
        return await asyncio.to_thread(
            read_knowledge_files, self.directory, max_file_bytes=self.service.max_file_bytes
        )

    async def _documents(self) -> KnowledgeDocuments:
        return KnowledgeDocuments(await self.files())

    # ------------------------------------------------------------------ changes

    async def save_entry(
        self, entry_id: str | None, form: EntryForm, actor: Actor, *, expected: Plain = None
    ) -> AppliedChange:
        """Add an entry (``entry_id`` None: an id is made from the question) or edit one.

        ``expected`` is the entry as the edit form showed it: if someone changed it meanwhile the edit
        is refused rather than silently overwriting their work.
        """

        def mutate(documents: KnowledgeDocuments) -> list[ItemChange | None]:
            if entry_id is None:
                new_id = id_from_question(form.question, documents.entry_ids())
                return [documents.set_entry(new_id, form.merged_into(new_id, None))]
            current = documents.entry(entry_id)
            if current is None:
                raise ChangeRefused(f"There is no entry '{entry_id}' (any more).")
            if expected is not None and current != expected:
                raise ChangeRefused(
                    f"'{entry_id}' was changed by someone else while you were editing it; "
                    "open it again with /faq edit to start from the current version."
                )
            return [documents.set_entry(entry_id, form.merged_into(entry_id, current))]

        action = "add" if entry_id is None else "edit"
        return await self._commit(action, actor, mutate, lambda items: _entry_summary(action, items))

    async def add_alternate(self, entry_id: str, phrasing: str, actor: Actor) -> AppliedChange:
        phrasing = " ".join(phrasing.split())

        def mutate(documents: KnowledgeDocuments) -> list[ItemChange | None]:
            current = documents.entry(entry_id)
            if current is None:
                raise ChangeRefused(f"There is no entry '{entry_id}' (any more).")
            alternates = list(current.get("alternates") or [])
            if phrasing.casefold() in {a.casefold() for a in [current["question"], *alternates]}:
                raise ChangeRefused(f"'{entry_id}' already lists that question.")
            return [documents.set_entry(entry_id, {**current, "alternates": [*alternates, phrasing]})]

        return await self._commit(
            "alternate", actor, mutate, lambda items: f"added an alternate to '{entry_id}'"
        )

    async def remove_entry(self, entry_id: str, actor: Actor) -> AppliedChange:
        def mutate(documents: KnowledgeDocuments) -> list[ItemChange | None]:
            if documents.entry(entry_id) is None:
                raise ChangeRefused(f"There is no entry '{entry_id}' (any more).")
            return [documents.set_entry(entry_id, None)]

        return await self._commit("remove", actor, mutate, lambda items: f"removed '{entry_id}'")

    async def add_synonyms(self, term: str, variants: list[str], actor: Actor) -> AppliedChange:
        term, variants = _clean_term(term), [_clean_term(v) for v in variants if _clean_term(v)]
        if not term or not variants:
            raise ChangeRefused("Give a term and at least one way to write it.")

        def mutate(documents: KnowledgeDocuments) -> list[ItemChange | None]:
            current = list(documents.synonym(term) or [])
            return [documents.set_synonym(term, list(dict.fromkeys([*current, *variants])))]

        return await self._commit("synonym-add", actor, mutate, lambda items: f"synonyms of '{term}' added")

    async def remove_synonyms(self, term: str, variants: list[str], actor: Actor) -> AppliedChange:
        """Remove some variants of ``term``, or the whole term when ``variants`` is empty."""
        term, variants = _clean_term(term), [_clean_term(v) for v in variants if _clean_term(v)]

        def mutate(documents: KnowledgeDocuments) -> list[ItemChange | None]:
            current = documents.synonym(term)
            if current is None:
                raise ChangeRefused(f"There is no synonym term '{term}'.")
            missing = [v for v in variants if v not in current]
            if missing:
                raise ChangeRefused(f"'{term}' does not list: {', '.join(missing)}.")
            remaining = [v for v in current if v not in variants] if variants else []
            return [documents.set_synonym(term, remaining or None)]

        return await self._commit(
            "synonym-remove", actor, mutate, lambda items: f"synonyms of '{term}' removed"
        )

    async def preview_file(self, path: str, data: bytes) -> Plan:
        """Validate a whole replacement file without writing it (imports show this first)."""
        async with self._lock:
            return await self._plan(lambda documents: [documents.set_file(path, data)])

    async def replace_file(
        self, path: str, data: bytes, actor: Actor, *, expected: str | None
    ) -> AppliedChange:
        """Write an imported file; refused when the file changed since the preview was shown."""

        def mutate(documents: KnowledgeDocuments) -> list[ItemChange | None]:
            if documents.file_text(path) != expected:
                raise ChangeRefused(f"{path} changed since the preview; import the file again.")
            return [documents.set_file(path, data)]

        return await self._commit("import", actor, mutate, lambda items: f"imported {path}")

    async def undo(self, actor: Actor) -> AppliedChange:
        """Revert the newest change not yet undone; each undo goes one change further back."""
        async with self._lock:
            self._check_open()
            audit = self._audit()
            async with self.edit_lock.hold():
                await self._settle_interrupted()
                target = await audit.last_undoable()
                if target is None:
                    raise ChangeRefused("There is no change to undo.")

                def mutate(documents: KnowledgeDocuments) -> list[ItemChange | None]:
                    for item in target.items:
                        if documents.current(item.kind, item.key) != item.after:
                            raise ChangeRefused(
                                f"{item.kind} '{item.key}' changed after change #{target.change_id} "
                                f"({target.summary}); edit it directly instead."
                            )
                    return [
                        documents.set(item.kind, item.key, item.before) for item in reversed(target.items)
                    ]

                summary = f"undid #{target.change_id} ({target.summary})"
                return await self._apply(
                    audit, UNDO_ACTION, actor, mutate, lambda items: summary, undoes=target.change_id
                )

    async def settle_interrupted(self) -> None:
        """Complete or roll back a change a killed process left half-written (at start: the desk opens)."""
        async with self._lock:
            self._check_open()
            async with self.edit_lock.hold():
                await self._settle_interrupted()

    async def _commit(
        self, action: str, actor: Actor, mutate: Mutation, summarise: Callable[[list[ItemChange]], str]
    ) -> AppliedChange:
        async with self._lock:
            self._check_open()
            audit = self._audit()
            async with self.edit_lock.hold():
                await self._settle_interrupted()
                return await self._apply(audit, action, actor, mutate, summarise)

    def _check_open(self) -> None:
        if self._closed:
            raise ChangeRefused(SHUTTING_DOWN)

    def _audit(self) -> AuditLog:
        if self.audit is None:
            raise ChangeRefused(
                "Changes can't be recorded right now (the database is not open); nothing was saved."
            )
        return self.audit

    async def _settle_interrupted(self) -> None:
        """Holding the edit lock: a journal left here means its writer died; settle it (journal.py),
        give a completed change its audit row, and remove the temporary files a kill left behind.
        Without the audit log nothing is settled: whether the change landed is not known."""
        audit = self.audit
        intent = await asyncio.to_thread(self.journal.read) if audit is not None else None
        if audit is not None and intent is not None:
            recorded = await audit.find(intent.changed_at, intent.actor.user_id, intent.action)
            if recorded is not None:
                outcome = Settled.LANDED
            else:
                outcome = await asyncio.to_thread(self.journal.settle, intent, over_hand_saves=True)
                if outcome is Settled.LANDED:
                    await self._record(audit, intent)
            await asyncio.to_thread(self.journal.clear)
            log.warning(
                "A knowledge change interrupted by a crash was %s: %s by %s (files: %s)",
                outcome,
                intent.summary,
                intent.actor.user_id,
                ", ".join(intent.files),
            )
        removed = await asyncio.to_thread(remove_leftover_temporaries, self.directory)
        if removed:
            log.info("Removed %d temporary files a killed process left: %s", len(removed), removed)

    async def _apply(
        self,
        audit: AuditLog,
        action: str,
        actor: Actor,
        mutate: Mutation,
        summarise: Callable[[list[ItemChange]], str],
        *,
        undoes: int | None = None,
    ) -> AppliedChange:
        """Plan and land the change; when a file changed on disk meanwhile, plan it again on top."""
        where = ""
        for attempt in range(1, ATTEMPTS + 1):
            plan = await self._plan(mutate)
            intent = Intent(
                action=action,
                summary=summarise(list(plan.items)),
                items=plan.items,
                actor=actor,
                changed_at=time.time(),
                undoes=undoes,
                files={path: (plan.read.get(path), data) for path, data in plan.files.items()},
            )
            try:
                return await _finish_even_if_cancelled(asyncio.ensure_future(self._land(audit, intent, plan)))
            except FileChangedMeanwhile as changed:
                where = changed.path.relative_to(self.directory).as_posix()
                log.info(
                    "%s changed on disk while saving (attempt %d); computing the change again", where, attempt
                )
        raise ChangeRefused(
            f"Not saved: {where} kept changing on disk while this change was being saved (someone "
            "saving it by hand?). Nothing was changed; try again."
        )

    async def _land(self, audit: AuditLog, intent: Intent, plan: Plan) -> AppliedChange:
        """Journal and write the files, record the change, then serve it."""
        try:
            await asyncio.to_thread(self.journal.write_change, intent)
        except PutBackFailed as failed:
            log.critical(
                "A knowledge change is only partly on disk (%s); the journal keeps it, and the next change "
                "or start completes or rolls it back",
                failed,
            )
            raise ChangeRefused(
                f"Not saved: writing the files failed ({_reason(failed)}), and putting them back failed too. "
                "The change is completed or rolled back at the next change or start."
            ) from failed
        except OSError as error:
            raise ChangeRefused(
                f"Not saved: writing the files failed ({_reason(error)}). Nothing was changed."
            ) from error
        change = await self._record(audit, intent)
        await asyncio.to_thread(self.journal.clear)
        await self.service.replace_in_background(plan.snapshot)
        self._loaded = plan.all_files
        log.info("Knowledge change #%d by %s: %s", change.change_id, intent.actor.user_id, change.summary)
        return change

    @staticmethod
    async def _record(audit: AuditLog, intent: Intent) -> AppliedChange:
        return await audit.record(
            intent.action,
            intent.summary,
            intent.items,
            intent.actor,
            undoes=intent.undoes,
            changed_at=intent.changed_at,
        )

    async def _plan(self, mutate: Mutation) -> Plan:
        files = await self.files()
        # Parsing (validator and round-trip YAML) and validating take a while on a big knowledge:
        # in a worker thread, so the event loop keeps answering meanwhile.
        return await asyncio.to_thread(self._plan_files, files, mutate)

    def _plan_files(self, files: dict[str, bytes], mutate: Mutation) -> Plan:
        try:
            build_snapshot(files, label=self.label)
        except KnowledgeInvalid as invalid:
            raise ChangeRefused(
                "The knowledge files on disk have errors; fix them (then /faq reload) before editing:",
                invalid.errors,
            ) from invalid
        documents = KnowledgeDocuments(files)
        try:
            items = tuple(item for item in mutate(documents) if item is not None)
        except RoundTripError as error:
            raise ChangeRefused(
                f"Not saved: {error.path} is valid, but the editor cannot read it ({error.problem}). "
                "Change it with /faq export and /faq import, or by hand."
            ) from error
        if not items:
            raise ChangeRefused("Nothing would change.")
        changed = documents.changed_files()
        all_files = documents.all_files()
        try:
            snapshot = build_snapshot(all_files, label=self.label)
        except KnowledgeInvalid as invalid:
            raise ChangeRefused(
                "Not saved: the change would make the knowledge invalid.", invalid.errors
            ) from invalid
        return Plan(items, changed, all_files, snapshot, files)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


async def _finish_even_if_cancelled(task: asyncio.Future[AppliedChange]) -> AppliedChange:
    """Await ``task`` to its end even when the caller is cancelled meanwhile (then re-raise that), so
    files, audit log and served knowledge never part: a thread's write cannot be stopped half-way."""
    cancelled = False
    while True:
        try:
            result = await asyncio.shield(task)
        except asyncio.CancelledError:
            if task.done():
                raise
            cancelled = True
            continue
        if cancelled:
            raise asyncio.CancelledError
        return result


def _entry_summary(action: str, items: list[ItemChange]) -> str:
    keys = ", ".join(f"'{item.key}'" for item in items)
    return f"{'added' if action == 'add' else 'edited'} {keys}"


def _clean_term(text: str) -> str:
    return " ".join(text.lower().split())
