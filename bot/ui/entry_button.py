"""The shape of a button that acts on one knowledge entry: its custom_id is a fixed prefix and the entry id.

discord.py rebuilds such a button from the custom_id of a message sent before a restart (or by another
shard process); bot/ui/registry.py registers every subclass. Messages already posted keep their
custom_ids, so a subclass's prefix never changes (tests/ui/test_entry_button.py pins each one).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar, Self

import discord

from bot import limits
from bot.answers.compose import Link

ENTRY_ID = r"(?P<entry_id>[a-z0-9-]+)"
#: The base's own template: it is a shape for the buttons, never registered, so it matches nothing.
MATCHES_NOTHING = r"(?!)"


class EntryButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=MATCHES_NOTHING):
    """A subclass names its prefix (``class SolvedButton(EntryButton, prefix=SOLVED_PREFIX)``), gives its
    look to ``__init__`` and has the callback. Rebuilt from a click, it is ``cls(entry_id)``; a subclass
    whose constructor needs more (a label) says how in ``_rebuilt``."""

    prefix: ClassVar[str]

    def __init_subclass__(cls, *, prefix: str, **kwargs: Any) -> None:
        super().__init_subclass__(template=re.escape(prefix) + ENTRY_ID, **kwargs)
        cls.prefix = prefix

    def __init__(
        self,
        entry_id: str,
        *,
        label: str = "",
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        emoji: str | None = None,
        disabled: bool = False,
        row: int | None = None,
    ) -> None:
        """``label``: a fixed text or the entry's question, made one line and cut to Discord's limit;
        the entry id when it is empty."""
        super().__init__(
            discord.ui.Button(
                label=limits.one_line(label, limits.BUTTON_LABEL) or entry_id[: limits.BUTTON_LABEL],
                style=style,
                emoji=emoji,
                custom_id=self.custom_id_for(entry_id),
                disabled=disabled,
            ),
            row=row,
        )
        self.entry_id = entry_id

    @classmethod
    def custom_id_for(cls, entry_id: str) -> str:
        return cls.prefix + entry_id

    @classmethod
    def fits(cls, entry_id: str) -> bool:
        """Whether the entry id is short enough for this button's custom_id."""
        return len(cls.custom_id_for(entry_id)) <= limits.CUSTOM_ID

    @classmethod
    def fitting(cls, links: Iterable[Link]) -> list[Link]:
        """The links this button can carry, in their order."""
        return [link for link in links if cls.fits(link.entry_id)]

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        assert isinstance(item, discord.ui.Button)
        return cls._rebuilt(match["entry_id"], item)

    @classmethod
    def _rebuilt(cls, entry_id: str, clicked: discord.ui.Button[Any]) -> Self:
        """The button for a click on ``clicked``, the message's copy of it."""
        return cls(entry_id)
