"""Every persistent component, registered once when the client starts.

Each is a ``DynamicItem`` whose custom_id carries what it acts on, so a button on a message sent before
a restart (or by another shard process) still works: discord.py rebuilds the item from the custom_id.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.ui.answer_components import DidYouMeanSelect, OpenEntryButton
from bot.ui.feedback import VoteButton
from bot.ui.forum_components import ForumPickButton, SolvedButton
from bot.ui.share_button import ShareAnswerButton
from bot.ui.topics_browser import CategorySelect, EntrySelect
from bot.ui.why_button import WhyButton

PERSISTENT_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    OpenEntryButton,
    DidYouMeanSelect,
    VoteButton,
    CategorySelect,
    EntrySelect,
    WhyButton,
    SolvedButton,
    ForumPickButton,
    ShareAnswerButton,
)
