"""The buttons that carry an entry id keep their custom_ids: messages already posted hold them, and a
deploy must not break their buttons. The ids below are written out, not built from the prefixes."""

from __future__ import annotations

from collections.abc import Callable

import discord
import pytest

from bot import limits
from bot.ui.answer_components import OpenEntryButton
from bot.ui.entry_button import EntryButton
from bot.ui.forum_components import NOT_IN_A_POST, ForumPickButton, SolvedButton
from bot.ui.registry import PERSISTENT_ITEMS
from bot.ui.share_button import ShareAnswerButton
from tests.support.fake_discord import payloads
from tests.support.harness import (
    APPLICATION_ID,
    BOB,
    BOT_USER,
    CALLBACK_REPLY,
    CALLBACK_UPDATE,
    CHANNEL_ID,
    GUILD_ID,
    Harness,
    Sent,
)

ENTRY = "ml-engineer-role"
QUESTION = "What does a machine learning engineer do?"

PINNED: dict[type[EntryButton], tuple[Callable[[], EntryButton], str]] = {
    OpenEntryButton: (lambda: OpenEntryButton(ENTRY, QUESTION), "careerbot:open:ml-engineer-role"),
    ForumPickButton: (lambda: ForumPickButton(ENTRY, QUESTION), "careerbot:forum-pick:ml-engineer-role"),
    SolvedButton: (lambda: SolvedButton(ENTRY), "careerbot:solved:ml-engineer-role"),
    ShareAnswerButton: (lambda: ShareAnswerButton(ENTRY), "careerbot:share:ml-engineer-role"),
}


def test_every_entry_button_is_pinned_and_registered() -> None:
    assert set(EntryButton.__subclasses__()) == set(PINNED)
    assert set(PINNED) <= set(PERSISTENT_ITEMS)


def _message_with(button: EntryButton, harness: Harness) -> payloads.Payload:
    return payloads.message(
        harness.snowflake(),
        CHANNEL_ID,
        BOT_USER,
        "",
        guild_id=GUILD_ID,
        components=[{"type": 1, "components": [button.to_component_dict()]}],
    )


@pytest.mark.parametrize("cls", list(PINNED), ids=lambda cls: cls.__name__)
async def test_the_custom_id_is_pinned_and_rebuilt_from_the_message(
    cls: type[EntryButton], harness: Harness
) -> None:
    build, custom_id = PINNED[cls]
    button = build()
    assert type(button) is cls and button.custom_id == custom_id

    # As discord.py dispatches a click: every registered template is tried, the message's copy of the
    # button is found, and the class rebuilds itself from it.
    payload = payloads.component_interaction(
        custom_id,
        message=_message_with(button, harness),
        interaction_id=harness.snowflake(),
        application_id=APPLICATION_ID,
        token="token",
        invoker=BOB,
        channel=payloads.text_channel(CHANNEL_ID, GUILD_ID, "careers"),
        guild_id=GUILD_ID,
    )
    interaction = discord.Interaction(data=payload, state=harness.bot._connection)
    assert interaction.message is not None
    (clicked,) = discord.ui.View.from_message(interaction.message).children
    matching = [
        item for item in PERSISTENT_ITEMS if item.__discord_ui_compiled_template__.fullmatch(custom_id)
    ]
    assert matching == [cls]
    match = cls.__discord_ui_compiled_template__.fullmatch(custom_id)
    assert match is not None
    rebuilt = await cls.from_custom_id(interaction, clicked, match)

    assert type(rebuilt) is cls and rebuilt.entry_id == ENTRY
    assert rebuilt.to_component_dict() == button.to_component_dict()


@pytest.mark.parametrize("cls", list(PINNED), ids=lambda cls: cls.__name__)
def test_an_entry_id_fits_up_to_the_custom_id_limit(cls: type[EntryButton]) -> None:
    _, custom_id = PINNED[cls]
    room = limits.CUSTOM_ID - len(custom_id.removesuffix(ENTRY))
    assert cls.fits("x" * room) and not cls.fits("x" * (room + 1))


async def _click(cls: type[EntryButton], harness: Harness) -> list[Sent]:
    build, custom_id = PINNED[cls]
    return await harness.click(custom_id, _message_with(build(), harness), user=BOB)


async def test_a_click_on_each_pinned_id_reaches_its_button_with_the_entry(harness: Harness) -> None:
    """Through the real CommandTree and ViewStore: the entry in the custom_id is the one acted on."""
    for cls in (OpenEntryButton, ForumPickButton):  # BOB did not ask, and this is no forum post
        (private,) = await _click(cls, harness)
        assert private.callback_type == CALLBACK_REPLY and private.ephemeral
        assert private.embeds[0]["title"] == QUESTION

    marked, posted = await _click(ShareAnswerButton, harness)
    assert marked.callback_type == CALLBACK_UPDATE
    assert marked.component("careerbot:share:ml-engineer-role")["disabled"] is True
    assert posted.embeds[0]["title"] == QUESTION and not posted.ephemeral

    (solved,) = await _click(SolvedButton, harness)
    assert solved.content == NOT_IN_A_POST  # tests/e2e/test_forums.py clicks it in a forum post
