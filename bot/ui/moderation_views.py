"""Buttons and selects of the /faq replies: confirm/cancel, and acting on a gap.

They live on ephemeral replies, so only the moderator who ran the command sees them; each click is
still checked again (``admitted``), since a role can be taken away in the meantime.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import discord

from bot import limits
from bot.moderation.gaps import GapGroup
from bot.moderation.labels import LabelOffer
from bot.ui import moderation_texts
from bot.ui.moderator_check import admitted
from bot.ui.replies import run_safely

Action = Callable[[discord.Interaction[Any]], Awaitable[None]]
TIMEOUT = 15 * 60.0


class _ModeratorView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=TIMEOUT)

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        return await admitted(interaction)


class ConfirmView(_ModeratorView):
    """One confirm button and a cancel button; either one ends the view."""

    def __init__(self, label: str, on_confirm: Action, *, style: discord.ButtonStyle) -> None:
        super().__init__()
        self._on_confirm = on_confirm
        self.confirm.label = label
        self.confirm.style = style

    @discord.ui.button(label="Confirm")
    async def confirm(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]) -> None:
        self.stop()
        await run_safely(interaction, lambda: self._on_confirm(interaction), "Confirmed /faq change")

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]) -> None:
        self.stop()
        await interaction.response.edit_message(content="Cancelled: nothing was changed.", view=None)


GapAction = Callable[[discord.Interaction[Any], GapGroup], Awaitable[None]]


class GapsView(_ModeratorView):
    """A select of the gap groups; picking one offers what to do with it."""

    def __init__(self, groups: Sequence[GapGroup], on_pick: GapAction) -> None:
        super().__init__()
        self._groups = list(groups[: limits.SELECT_OPTIONS])
        self._on_pick = on_pick
        self.pick.options = [
            discord.SelectOption(
                label=limits.trim(f"{number}. {group.question}", limits.SELECT_OPTION_LABEL),
                value=str(number - 1),
                description=f"asked {group.count}×",
            )
            for number, group in enumerate(self._groups, 1)
        ]

    @discord.ui.select(placeholder="Pick a question to add to the FAQ")
    async def pick(self, interaction: discord.Interaction[Any], select: discord.ui.Select[Any]) -> None:
        group = self._groups[int(select.values[0])]
        await run_safely(interaction, lambda: self._on_pick(interaction, group), "Picking a gap")


AlternateAction = Callable[[discord.Interaction[Any], str], Awaitable[None]]


class GapActionView(_ModeratorView):
    """Add the question as an alternate of one of the closest entries, or start a new entry."""

    def __init__(
        self, candidates: Sequence[tuple[str, str]], on_alternate: AlternateAction, on_new: Action
    ) -> None:
        super().__init__()
        self._on_alternate = on_alternate
        self._on_new = on_new
        if candidates:
            self.alternate_of.options = [
                discord.SelectOption(
                    label=limits.trim(title, limits.SELECT_OPTION_LABEL),
                    value=entry_id,
                    description=limits.trim(entry_id, limits.SELECT_OPTION_DESCRIPTION),
                )
                for entry_id, title in candidates[: limits.SELECT_OPTIONS]
            ]
        else:
            self.remove_item(self.alternate_of)

    @discord.ui.select(placeholder="Add it as another wording of…", row=0)
    async def alternate_of(
        self, interaction: discord.Interaction[Any], select: discord.ui.Select[Any]
    ) -> None:
        entry_id = select.values[0]
        await run_safely(
            interaction, lambda: self._on_alternate(interaction, entry_id), "Adding an alternate"
        )

    @discord.ui.button(label="Start a new entry", style=discord.ButtonStyle.primary, row=1)
    async def new_entry(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]) -> None:
        await run_safely(interaction, lambda: self._on_new(interaction), "Starting an entry from a gap")


#: Labels shown at once: one row of buttons each, and a message holds five rows.
LABELS_SHOWN = 5
LabelAction = Callable[[discord.Interaction[Any], "LabelsView", LabelOffer], Awaitable[None]]


class LabelsView(_ModeratorView):
    """For each label shown, one row: "Add as a wording" (a pick whose entry exists) and "Dismiss".

    The callbacks act, then call ``settle`` to answer the click: the message is redrawn without the
    label handled, and the next one (beyond the first five) moves up.
    """

    def __init__(self, offers: Sequence[LabelOffer], on_accept: LabelAction, on_dismiss: LabelAction) -> None:
        super().__init__()
        self.offers = list(offers)
        self._on_accept = on_accept
        self._on_dismiss = on_dismiss
        for row, offer in enumerate(self.offers[:LABELS_SHOWN]):
            number = row + 1
            if offer.acceptable:
                self._button(
                    f"{number}. Add as a wording", discord.ButtonStyle.success, row, offer, on_accept
                )
            self._button(f"{number}. Dismiss", discord.ButtonStyle.secondary, row, offer, on_dismiss)

    def _button(
        self, label: str, style: discord.ButtonStyle, row: int, offer: LabelOffer, action: LabelAction
    ) -> None:
        button: discord.ui.Button[LabelsView] = discord.ui.Button(label=label, style=style, row=row)

        async def clicked(interaction: discord.Interaction[Any]) -> None:
            await run_safely(interaction, lambda: action(interaction, self, offer), f"{label} (label)")

        button.callback = clicked  # type: ignore[method-assign]
        self.add_item(button)

    async def settle(
        self, interaction: discord.Interaction[Any], outcome: str, *, handled: LabelOffer | None
    ) -> None:
        """Answer the click with ``outcome``, redrawing the labels without ``handled`` (None: kept)."""
        self.stop()
        remaining = [offer for offer in self.offers if offer is not handled]
        view = LabelsView(remaining, self._on_accept, self._on_dismiss) if remaining else None
        await interaction.response.edit_message(
            content=limits.trim(outcome, limits.CONTENT),
            embed=moderation_texts.labels_embed(remaining, LABELS_SHOWN),
            view=view,
        )
