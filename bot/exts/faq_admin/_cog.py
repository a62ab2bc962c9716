from __future__ import annotations

import datetime
import io
import time
import zipfile
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import limits
from bot.knowledge.staleness import DEFAULT_HORIZON_MONTHS, stale_items
from bot.moderation.changes import AppliedChange, ChangeRefused, EntryForm
from bot.moderation.desk import ModerationDesk
from bot.moderation.gaps import GapGroup
from bot.moderation.labels import LabelOffer
from bot.storage import ChannelKind
from bot.ui import moderation_texts
from bot.ui.answer_channels_texts import channel_changed, channels_report
from bot.ui.audit_channel import announce_change
from bot.ui.entry_modal import EntryModal, prefill_from_wordings, too_long_for_form
from bot.ui.moderation_views import LABELS_SHOWN, ConfirmView, GapActionView, GapsView, LabelsView
from bot.ui.moderator_check import actor_of, admitted, refusal_for
from bot.ui.replies import NO_MENTIONS, run_safely, send_private

if TYPE_CHECKING:
    from bot.client import CareerBot

GAPS_SHOWN = 10
STATS_CHART = "stats.png"
#: How much of a logged question a reply quotes (the rest of the reply must fit in one message).
QUESTION_SHOWN = 1500
NOT_SERVING = "Moderation is not available in this process (it only syncs commands)."
Days = app_commands.Range[int, 1, 365]
Months = app_commands.Range[int, 1, 240]
STALE_SHOWN = 15


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class FaqAdmin(commands.GroupCog, group_name="faq", group_description="Moderators: keep the FAQ current"):
    """Parses what a moderator sent, asks the ``ModerationDesk``, sends the outcome privately.

    ``interaction_check`` admits moderators for every /faq command; the buttons and forms the commands
    send check again when used (bot/ui/moderation_views.py, ``_save``), since a role can be taken away.
    """

    synonym = app_commands.Group(name="synonym", description="Edit the synonyms the matcher uses")

    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot

    @property
    def desk(self) -> ModerationDesk:
        desk = self.bot.desk
        if desk is None:
            raise RuntimeError(NOT_SERVING)
        return desk

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        return await admitted(interaction)

    async def _saved(self, interaction: discord.Interaction[Any], change: AppliedChange) -> None:
        """Tell the moderator, and post the change to the audit channel even if the reply fails."""
        try:
            await send_private(interaction, moderation_texts.change_saved(change))
        finally:
            await self._announce(change)

    async def _refused(self, interaction: discord.Interaction[Any], refused: ChangeRefused) -> None:
        await send_private(interaction, moderation_texts.error_report(refused.reason, refused.errors))

    async def _announce(self, change: AppliedChange) -> None:
        await announce_change(self.bot, self.bot.settings.audit_channel_id, change)

    # ------------------------------------------------------------------ reading

    @app_commands.command(name="reload", description="Re-read the knowledge files and swap them in if valid")
    async def reload(self, interaction: discord.Interaction[CareerBot]) -> None:
        await _defer(interaction)
        try:
            outcome = await self.desk.reload()
        except ChangeRefused as refused:
            await self._refused(interaction, refused)
            return
        if outcome.errors:
            reason = "Reload refused: still serving the previous knowledge. Fix these, then reload again:"
            await send_private(interaction, moderation_texts.error_report(reason, outcome.errors))
            return
        snapshot = self.desk.snapshot
        reloaded = (
            f"Reloaded: {len(snapshot.entries)} entries, {len(snapshot.synonyms)} synonym terms, "
            f"{len(snapshot.roles)} role profiles."
        )
        misplaced = await self.desk.misplaced_files()
        if misplaced:
            reloaded = moderation_texts.error_report(f"{reloaded} These files were not read:", misplaced)
        await send_private(interaction, reloaded)

    @app_commands.command(name="show", description="Show an entry as it is written in its file")
    @app_commands.describe(id="The entry's id")
    async def show(self, interaction: discord.Interaction[CareerBot], id: str) -> None:
        text = await self.desk.entry_text(id)
        if text is None:
            await send_private(interaction, moderation_texts.no_such_entry(id))
            return
        block = moderation_texts.fenced(text, "yaml")
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
        files, left_out = await self.desk.export_files()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path, data in files.items():
                archive.writestr(path, data)
        buffer.seek(0)
        name = f"knowledge-{time.strftime('%Y%m%d-%H%M%S')}.zip"
        message = f"{len(files)} knowledge files. Edit one and send it back with `/faq import`."
        if left_out:
            message = moderation_texts.error_report(f"{message} Left out:", left_out)
        await interaction.response.send_message(message, file=discord.File(buffer, name), ephemeral=True)

    # ------------------------------------------------------------------ entries

    @app_commands.command(name="add", description="Add a FAQ entry")
    async def add(self, interaction: discord.Interaction[CareerBot]) -> None:
        await interaction.response.send_modal(EntryModal("Add a FAQ entry", self._submit_new))

    async def _submit_new(self, interaction: discord.Interaction[Any], form: EntryForm) -> None:
        await run_safely(interaction, lambda: self._save(interaction, None, form, None), "Adding an entry")

    @app_commands.command(name="edit", description="Edit a FAQ entry")
    @app_commands.describe(id="The entry's id")
    async def edit(self, interaction: discord.Interaction[CareerBot], id: str) -> None:
        value = await self.desk.entry_value(id)
        if value is None:
            await send_private(interaction, moderation_texts.no_such_entry(id))
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
        if not await admitted(interaction):  # a form is submitted later than the command was run
            return
        await _defer(interaction)
        try:
            change = await self.desk.save_entry(entry_id, form, actor_of(interaction), expected=expected)
        except ChangeRefused as refused:
            await self._refused(interaction, refused)
            return
        await self._saved(interaction, change)

    @app_commands.command(name="remove", description="Remove a FAQ entry (asks to confirm)")
    @app_commands.describe(id="The entry's id")
    async def remove(self, interaction: discord.Interaction[CareerBot], id: str) -> None:
        entry = self.desk.entry(id)
        if entry is None:
            await send_private(interaction, moderation_texts.no_such_entry(id))
            return

        async def confirm(clicked: discord.Interaction[Any]) -> None:
            await self._confirmed(clicked, lambda: self.desk.remove_entry(id, actor_of(clicked)))

        view = ConfirmView("Remove", confirm, style=discord.ButtonStyle.danger)
        await interaction.response.send_message(
            f"Remove `{id}` (“{entry.question}”)? `/faq undo` can bring it back.",
            view=view,
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    async def _confirmed(
        self, clicked: discord.Interaction[Any], change_it: Callable[[], Awaitable[AppliedChange]]
    ) -> None:
        """A confirm button's change: its outcome replaces the question that asked to confirm.

        The click is acknowledged first (Discord allows 3 seconds), since the change may wait for others.
        """
        await clicked.response.defer()
        try:
            change = await change_it()
        except ChangeRefused as refused:
            await clicked.edit_original_response(
                content=moderation_texts.error_report(refused.reason, refused.errors), view=None
            )
            return
        try:
            await clicked.edit_original_response(content=moderation_texts.change_saved(change), view=None)
        finally:
            await self._announce(change)

    @show.autocomplete("id")
    @edit.autocomplete("id")
    @remove.autocomplete("id")
    async def _entry_ids(
        self, interaction: discord.Interaction[CareerBot], current: str
    ) -> list[app_commands.Choice[str]]:
        # discord.py runs no checks for autocomplete: entry ids are shown to moderators only.
        if refusal_for(interaction) is not None or self.bot.desk is None:
            return []
        choices = self.desk.entry_choices(current)
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
        try:
            path = await self.desk.import_path(attachment.filename, attachment.size, file)
            await interaction.response.defer(ephemeral=True, thinking=True)
            preview = await self.desk.preview_import(path, await attachment.read())
        except ChangeRefused as refused:
            await self._refused(interaction, refused)
            return

        async def confirm(clicked: discord.Interaction[Any]) -> None:
            await self._confirmed(clicked, lambda: self.desk.apply_import(preview, actor_of(clicked)))

        view = ConfirmView("Apply", confirm, style=discord.ButtonStyle.success)
        await interaction.followup.send(
            moderation_texts.import_preview(path, preview.diff), view=view, ephemeral=True
        )

    @app_commands.command(name="undo", description="Revert the last change made with /faq")
    async def undo(self, interaction: discord.Interaction[CareerBot]) -> None:
        await _defer(interaction)
        try:
            change = await self.desk.undo(actor_of(interaction))
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
        await self._change_synonyms(interaction, term, variants, adding=True)

    @synonym.command(name="remove", description="Remove ways to write a term, or the whole term")
    @app_commands.describe(
        term="The canonical term", variants="Comma-separated; leave empty to remove the term"
    )
    async def synonym_remove(
        self, interaction: discord.Interaction[CareerBot], term: str, variants: str = ""
    ) -> None:
        await self._change_synonyms(interaction, term, variants, adding=False)

    async def _change_synonyms(
        self, interaction: discord.Interaction[Any], term: str, variants: str, *, adding: bool
    ) -> None:
        await _defer(interaction)
        try:
            change = await self.desk.change_synonyms(term, variants, actor_of(interaction), adding=adding)
        except ChangeRefused as refused:
            await self._refused(interaction, refused)
            return
        await self._saved(interaction, change)

    # ------------------------------------------------------------------ reports

    @app_commands.command(name="gaps", description="Questions the bot could not answer, grouped and counted")
    @app_commands.describe(days="How many days back to look (default 30)")
    async def gaps(self, interaction: discord.Interaction[CareerBot], days: Days = 30) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        groups = await self.desk.gaps(days)
        offers = await self.desk.label_offers(groups)
        embed = moderation_texts.gaps_embed(groups, days, GAPS_SHOWN, offers)
        if groups:
            await interaction.followup.send(
                embed=embed, view=GapsView(groups, self._gap_picked), ephemeral=True
            )
        else:
            await interaction.followup.send(embed=embed, ephemeral=True)
        if offers:
            await interaction.followup.send(
                embed=moderation_texts.labels_embed(offers, LABELS_SHOWN),
                view=LabelsView(offers, self._accept_label, self._dismiss_label),
                ephemeral=True,
            )

    async def _accept_label(
        self, clicked: discord.Interaction[Any], view: LabelsView, offer: LabelOffer
    ) -> None:
        try:
            change = await self.desk.accept_label(offer.label, actor_of(clicked))
        except ChangeRefused as refused:
            await view.settle(
                clicked, moderation_texts.error_report(refused.reason, refused.errors), handled=None
            )
            return
        await view.settle(clicked, moderation_texts.change_saved(change), handled=offer)
        await self._announce(change)

    async def _dismiss_label(
        self, clicked: discord.Interaction[Any], view: LabelsView, offer: LabelOffer
    ) -> None:
        closed = await self.desk.dismiss_label(offer.label, actor_of(clicked))
        await view.settle(clicked, moderation_texts.label_dismissed(offer, closed), handled=offer)

    async def _gap_picked(self, interaction: discord.Interaction[Any], group: GapGroup) -> None:
        async def as_alternate(chosen: discord.Interaction[Any], entry_id: str) -> None:
            await _defer(chosen)
            try:
                change = await self.desk.add_alternate(entry_id, group.question, actor_of(chosen))
            except ChangeRefused as refused:
                await self._refused(chosen, refused)
                return
            await self._saved(chosen, change)

        async def as_new(chosen: discord.Interaction[Any]) -> None:
            prefill = prefill_from_wordings(group.wordings)
            await chosen.response.send_modal(EntryModal("Add a FAQ entry", self._submit_new, prefill))

        view = GapActionView(self.desk.closest_entries(group.question), as_alternate, as_new)
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
        await interaction.response.defer(ephemeral=True, thinking=True)  # the chart takes a moment
        report = await self.desk.stats(days)
        chart = STATS_CHART if report.chart is not None else None
        embed = moderation_texts.stats_embed(report.stats, report.titles, report.unanswered, chart=chart)
        files = [discord.File(io.BytesIO(report.chart), STATS_CHART)] if report.chart is not None else []
        await interaction.followup.send(
            embed=embed, files=files, ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    # ------------------------------------------------------------------ answer channels

    @app_commands.command(
        name="channels", description="Show or change where I answer on my own (ask channels and forums)"
    )
    @app_commands.describe(
        add="A text channel to read every message of, or a forum whose new posts I answer",
        remove="A channel or forum to stop answering in on my own",
    )
    async def channels(
        self,
        interaction: discord.Interaction[CareerBot],
        add: discord.TextChannel | discord.ForumChannel | None = None,
        remove: discord.TextChannel | discord.ForumChannel | None = None,
    ) -> None:
        lines = []
        for channel, adding in ((add, True), (remove, False)):
            if channel is None:
                continue
            kind = ChannelKind.FORUM if isinstance(channel, discord.ForumChannel) else ChannelKind.ASK
            changed = await self.desk.change_answer_channel(
                kind, channel.id, actor_of(interaction), adding=adding
            )
            lines.append(channel_changed(kind, channel, adding=adding, changed=changed))
        report = channels_report(
            await self.desk.answer_channels(), message_content=self.bot.intents.message_content
        )
        await send_private(interaction, limits.trim("\n".join([*lines, report]), limits.CONTENT))

    # ------------------------------------------------------------------ review of dated facts

    @app_commands.command(
        name="stale", description="Entries whose cited facts are older than a review horizon"
    )
    @app_commands.describe(months="Review horizon in months (default 12)")
    async def stale(
        self, interaction: discord.Interaction[CareerBot], months: Months = DEFAULT_HORIZON_MONTHS
    ) -> None:
        items = stale_items(self.desk.snapshot, months, datetime.date.today())
        await interaction.response.send_message(
            embed=moderation_texts.stale_embed(items, months, STALE_SHOWN),
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )


async def _defer(interaction: discord.Interaction[Any]) -> None:
    """Acknowledge at once (Discord allows 3 seconds), privately: a change waits for the edit lock and
    is validated before it is written, which can take longer. The outcome follows as a follow-up."""
    await interaction.response.defer(ephemeral=True, thinking=True)
