from __future__ import annotations

import asyncio
import io
import logging
import time
import zipfile
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.exts.faq_admin import _render
from bot.exts.faq_admin._access import actor_of, admitted, refusal_for
from bot.exts.faq_admin._modals import EntryModal, prefill_from_wordings, too_long_for_form
from bot.exts.faq_admin._views import ConfirmView, GapActionView, GapsView
from bot.knowledge.loader import build_snapshot
from bot.moderation import reports
from bot.moderation.audit import AuditLog
from bot.moderation.changes import AppliedChange, ChangeRefused, EntryForm
from bot.moderation.editor import KnowledgeEditor
from bot.moderation.gaps import GapGroup, group_gaps
from bot.moderation.importing import check_upload, decode_upload, import_target, knowledge_diff
from bot.moderation.watcher import KnowledgeWatcher
from bot.question_choices import question_choices
from bot.rendering import limits
from bot.views.replies import NO_MENTIONS, run_safely, send_private

if TYPE_CHECKING:
    from bot.client import CareerBot

log = logging.getLogger(__name__)

GAPS_SHOWN = 10
#: How much of a logged question a reply quotes (the rest of the reply must fit in one message).
QUESTION_SHOWN = 1500
PRUNE_EVERY_HOURS = 6.0
Days = app_commands.Range[int, 1, 365]


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class FaqAdmin(commands.GroupCog, group_name="faq", group_description="Moderators: keep the FAQ current"):
    synonym = app_commands.Group(name="synonym", description="Edit the synonyms the matcher uses")

    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot
        self.editor = KnowledgeEditor(bot.service, None)
        self.watcher: KnowledgeWatcher | None = None

    async def cog_load(self) -> None:
        self.editor.audit = await AuditLog.open(self.bot.storage.connection)
        await self._prune()
        self.prune_questions.start()
        if self.bot.settings.knowledge_watch:
            self.watcher = KnowledgeWatcher(self.bot.service.directory, self._reload_from_disk)
            self.watcher.start()

    async def cog_unload(self) -> None:
        self.prune_questions.cancel()
        if self.watcher is not None:
            await self.watcher.stop()

    # ------------------------------------------------------------------ background

    @tasks.loop(hours=PRUNE_EVERY_HOURS)
    async def prune_questions(self) -> None:
        if self.prune_questions.current_loop > 0:  # the first run happened in cog_load
            await self._prune()

    async def _prune(self) -> None:
        """Never raises: an error here would end the loop, and old questions would then pile up."""
        try:
            removed = await reports.prune_questions(
                self.bot.storage.connection, self.bot.settings.unanswered_retention_days
            )
        except Exception:
            log.exception("Pruning the logged questions failed; trying again in %s hours", PRUNE_EVERY_HOURS)
            return
        log.info("Pruned %d logged questions older than the retention period", removed)

    async def _reload_from_disk(self) -> None:
        outcome = await self.editor.reload(only_if_changed=True)
        if outcome.errors:
            report = _render.error_report(
                "A knowledge file changed on disk but has errors; still serving the previous knowledge:",
                outcome.errors,
            )
            await self._announce(report)
        elif outcome.reloaded:
            await self._announce(
                f"Knowledge reloaded from disk: {len(self.bot.service.snapshot.entries)} entries."
            )

    async def _announce(self, content: str, *, change: AppliedChange | None = None) -> None:
        """Post to AUDIT_CHANNEL_ID when set; the change's before/after goes along as a diff file."""
        channel_id = self.bot.settings.audit_channel_id
        if channel_id is None:
            return
        files = []
        if change is not None:
            diff = _render.change_diff(change)
            files.append(discord.File(io.BytesIO(diff.encode()), f"change-{change.change_id}.diff"))
        try:
            channel = self.bot.get_partial_messageable(channel_id)
            await channel.send(content, files=files, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException:
            log.warning("Could not post to the audit channel %s", channel_id, exc_info=True)

    async def _saved(self, interaction: discord.Interaction[Any], change: AppliedChange) -> None:
        await send_private(interaction, _render.change_saved(change))
        await self._announce(_render.audit_message(change), change=change)

    async def _refused(self, interaction: discord.Interaction[Any], refused: ChangeRefused) -> None:
        await send_private(interaction, _render.error_report(refused.reason, refused.errors))

    # ------------------------------------------------------------------ reading

    @app_commands.command(name="reload", description="Re-read the knowledge files and swap them in if valid")
    async def reload(self, interaction: discord.Interaction[CareerBot]) -> None:
        if not await admitted(interaction):
            return
        outcome = await self.editor.reload()
        if outcome.errors:
            reason = "Reload refused: still serving the previous knowledge. Fix these, then reload again:"
            await send_private(interaction, _render.error_report(reason, outcome.errors))
            return
        snapshot = self.bot.service.snapshot
        await send_private(
            interaction,
            f"Reloaded: {len(snapshot.entries)} entries, {len(snapshot.synonyms)} synonym terms, "
            f"{len(snapshot.roles)} role profiles.",
        )

    @app_commands.command(name="show", description="Show an entry as it is written in its file")
    @app_commands.describe(id="The entry's id")
    async def show(self, interaction: discord.Interaction[CareerBot], id: str) -> None:
        if not await admitted(interaction):
            return
        text = await self.editor.entry_text(id)
        if text is None:
            await send_private(interaction, f"There is no entry `{id}`.")
            return
        block = _render.fenced(text, "yaml")
        if block is not None:
            await send_private(interaction, block)
            return
        await interaction.response.send_message(
            f"`{id}` is long, so here it is as a file:",
            file=discord.File(io.BytesIO(text.encode()), f"{id}.yaml"),
            ephemeral=True,
        )

    @app_commands.command(name="export", description="Download every knowledge file as a zip")
    async def export(self, interaction: discord.Interaction[CareerBot]) -> None:
        if not await admitted(interaction):
            return
        files = await self.editor.files()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path, data in files.items():
                archive.writestr(path, data)
        buffer.seek(0)
        name = f"knowledge-{time.strftime('%Y%m%d-%H%M%S')}.zip"
        await interaction.response.send_message(
            f"{len(files)} knowledge files. Edit one and send it back with `/faq import`.",
            file=discord.File(buffer, name),
            ephemeral=True,
        )

    # ------------------------------------------------------------------ entries

    @app_commands.command(name="add", description="Add a FAQ entry")
    async def add(self, interaction: discord.Interaction[CareerBot]) -> None:
        if not await admitted(interaction):
            return
        await interaction.response.send_modal(EntryModal("Add a FAQ entry", self._submit_new))

    async def _submit_new(self, interaction: discord.Interaction[Any], form: EntryForm) -> None:
        await run_safely(interaction, lambda: self._save(interaction, None, form, None), "Adding an entry")

    @app_commands.command(name="edit", description="Edit a FAQ entry")
    @app_commands.describe(id="The entry's id")
    async def edit(self, interaction: discord.Interaction[CareerBot], id: str) -> None:
        if not await admitted(interaction):
            return
        value = await self.editor.entry_value(id)
        if value is None:
            await send_private(interaction, f"There is no entry `{id}`.")
            return
        too_long = too_long_for_form(value)
        if too_long is not None:
            await send_private(
                interaction,
                f"The {too_long} of `{id}` is longer than a form can hold; edit it with `/faq export` "
                "and `/faq import` instead, so nothing is cut.",
            )
            return

        async def submit(submitted: discord.Interaction[Any], form: EntryForm) -> None:
            await run_safely(submitted, lambda: self._save(submitted, id, form, value), f"Editing {id}")

        await interaction.response.send_modal(EntryModal(f"Edit {id}", submit, value))

    async def _save(
        self, interaction: discord.Interaction[Any], entry_id: str | None, form: EntryForm, expected: Any
    ) -> None:
        if not await admitted(interaction):
            return
        try:
            change = await self.editor.save_entry(entry_id, form, actor_of(interaction), expected=expected)
        except ChangeRefused as refused:
            await self._refused(interaction, refused)
            return
        await self._saved(interaction, change)

    @app_commands.command(name="remove", description="Remove a FAQ entry (asks to confirm)")
    @app_commands.describe(id="The entry's id")
    async def remove(self, interaction: discord.Interaction[CareerBot], id: str) -> None:
        if not await admitted(interaction):
            return
        entry = self.bot.service.snapshot.entry(id)
        if entry is None:
            await send_private(interaction, f"There is no entry `{id}`.")
            return

        async def confirm(clicked: discord.Interaction[Any]) -> None:
            try:
                change = await self.editor.remove_entry(id, actor_of(clicked))
            except ChangeRefused as refused:
                await clicked.response.edit_message(
                    content=_render.error_report(refused.reason, refused.errors), view=None
                )
                return
            await clicked.response.edit_message(content=_render.change_saved(change), view=None)
            await self._announce(_render.audit_message(change), change=change)

        view = ConfirmView("Remove", confirm, style=discord.ButtonStyle.danger)
        await interaction.response.send_message(
            f"Remove `{id}` (“{entry.question}”)? `/faq undo` can bring it back.",
            view=view,
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @show.autocomplete("id")
    @edit.autocomplete("id")
    @remove.autocomplete("id")
    async def _entry_ids(
        self, interaction: discord.Interaction[CareerBot], current: str
    ) -> list[app_commands.Choice[str]]:
        if refusal_for(interaction) is not None:
            return []
        choices = question_choices(self.bot.service.snapshot, current)
        return [app_commands.Choice(name=name, value=entry_id) for name, entry_id in choices]

    # ------------------------------------------------------------------ import / undo

    @app_commands.command(name="import", description="Replace a knowledge file with an uploaded one")
    @app_commands.describe(
        attachment="A YAML knowledge file, e.g. one from /faq export",
        file="Which file it replaces, e.g. faq/salary.yaml (default: from the attachment's name)",
    )
    async def import_(
        self,
        interaction: discord.Interaction[CareerBot],
        attachment: discord.Attachment,
        file: str | None = None,
    ) -> None:
        if not await admitted(interaction):
            return
        try:
            check_upload(attachment.size)
            current = await self.editor.files()
            path = import_target(attachment.filename, current, file)
            await interaction.response.defer(ephemeral=True, thinking=True)
            data = decode_upload(await attachment.read())
            plan = await self.editor.preview_file(path, data)
        except ChangeRefused as refused:
            await self._refused(interaction, refused)
            return
        before = current.get(path)
        expected = before.decode("utf-8") if before is not None else None
        diff = knowledge_diff(build_snapshot(current, label=self.editor.label), plan.snapshot)

        async def confirm(clicked: discord.Interaction[Any]) -> None:
            try:
                change = await self.editor.replace_file(path, data, actor_of(clicked), expected=expected)
            except ChangeRefused as refused:
                await clicked.response.edit_message(
                    content=_render.error_report(refused.reason, refused.errors), view=None
                )
                return
            await clicked.response.edit_message(content=_render.change_saved(change), view=None)
            await self._announce(_render.audit_message(change), change=change)

        view = ConfirmView("Apply", confirm, style=discord.ButtonStyle.success)
        await interaction.followup.send(_render.import_preview(path, diff), view=view, ephemeral=True)

    @app_commands.command(name="undo", description="Revert the last change made with /faq")
    async def undo(self, interaction: discord.Interaction[CareerBot]) -> None:
        if not await admitted(interaction):
            return
        try:
            change = await self.editor.undo(actor_of(interaction))
        except ChangeRefused as refused:
            await self._refused(interaction, refused)
            return
        await self._saved(interaction, change)

    # ------------------------------------------------------------------ synonyms

    @synonym.command(name="add", description="Add ways to write a term (the matcher rewrites them to it)")
    @app_commands.describe(
        term="The canonical term, e.g. salary", variants="Comma-separated, e.g. pay, comp, tc"
    )
    async def synonym_add(
        self, interaction: discord.Interaction[CareerBot], term: str, variants: str
    ) -> None:
        if not await admitted(interaction):
            return
        await self._change_synonyms(interaction, term, variants, adding=True)

    @synonym.command(name="remove", description="Remove ways to write a term, or the whole term")
    @app_commands.describe(
        term="The canonical term", variants="Comma-separated; leave empty to remove the term"
    )
    async def synonym_remove(
        self, interaction: discord.Interaction[CareerBot], term: str, variants: str = ""
    ) -> None:
        if not await admitted(interaction):
            return
        await self._change_synonyms(interaction, term, variants, adding=False)

    async def _change_synonyms(
        self, interaction: discord.Interaction[Any], term: str, variants: str, *, adding: bool
    ) -> None:
        listed = [part for part in variants.split(",") if part.strip()]
        try:
            if adding:
                change = await self.editor.add_synonyms(term, listed, actor_of(interaction))
            else:
                change = await self.editor.remove_synonyms(term, listed, actor_of(interaction))
        except ChangeRefused as refused:
            await self._refused(interaction, refused)
            return
        await self._saved(interaction, change)

    # ------------------------------------------------------------------ reports

    @app_commands.command(name="gaps", description="Questions the bot could not answer, grouped and counted")
    @app_commands.describe(days="How many days back to look (default 30)")
    async def gaps(self, interaction: discord.Interaction[CareerBot], days: Days = 30) -> None:
        if not await admitted(interaction):
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        questions = await reports.gap_questions(self.bot.storage.connection, reports.since(days))
        analyzer = self.bot.service.state.matcher.analyzer
        groups = await asyncio.to_thread(group_gaps, questions, analyzer)
        embed = _render.gaps_embed(groups, days, GAPS_SHOWN)
        if groups:
            await interaction.followup.send(
                embed=embed, view=GapsView(groups, self._gap_picked), ephemeral=True
            )
        else:
            await interaction.followup.send(embed=embed, ephemeral=True)

    async def _gap_picked(self, interaction: discord.Interaction[Any], group: GapGroup) -> None:
        snapshot = self.bot.service.snapshot
        result = self.bot.service.match(group.question)
        candidates = [
            (candidate.entry_id, entry.question)
            for candidate in result.candidates
            if (entry := snapshot.entry(candidate.entry_id)) is not None
        ]

        async def as_alternate(chosen: discord.Interaction[Any], entry_id: str) -> None:
            try:
                change = await self.editor.add_alternate(entry_id, group.question, actor_of(chosen))
            except ChangeRefused as refused:
                await self._refused(chosen, refused)
                return
            await self._saved(chosen, change)

        async def as_new(chosen: discord.Interaction[Any]) -> None:
            prefill = prefill_from_wordings(group.wordings)
            await chosen.response.send_modal(EntryModal("Add a FAQ entry", self._submit_new, prefill))

        view = GapActionView(candidates, as_alternate, as_new)
        question = limits.trim(discord.utils.escape_markdown(group.question), QUESTION_SHOWN)
        await interaction.response.send_message(
            f"“{question}” (asked {group.count}×): add it as another wording of an existing entry, "
            "or start a new entry.",
            view=view,
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @app_commands.command(
        name="stats", description="Questions asked, answered share, top entries, helpful votes"
    )
    @app_commands.describe(days="How many days back to count (default 30)")
    async def stats(self, interaction: discord.Interaction[CareerBot], days: Days = 30) -> None:
        if not await admitted(interaction):
            return
        stats = await reports.question_stats(self.bot.storage.connection, days)
        titles = {entry.id: entry.question for entry in self.bot.service.snapshot.entries}
        await interaction.response.send_message(
            embed=_render.stats_embed(stats, titles), ephemeral=True, allowed_mentions=NO_MENTIONS
        )
