from __future__ import annotations

import copy

from bot.storage import LabelVerdict
from tests.support.harness import ALICE, BOB, CALLBACK_REPLY, Harness


async def test_votes_are_stored_acknowledged_privately_and_can_change(harness: Harness) -> None:
    (reply,) = await harness.slash("ask", {"question": "Do I need a PhD?"})
    message = harness.message_for(reply)
    up, down = "careerbot:vote:masters-or-phd:up", "careerbot:vote:masters-or-phd:down:1"

    (first,) = await harness.click(up, message)
    assert first.callback_type == CALLBACK_REPLY and first.ephemeral
    assert "glad it helped" in first.content
    (again,) = await harness.click(up, message)
    assert "already" in again.content
    (changed,) = await harness.click(down, message)
    assert "Changed your vote to not helpful" in changed.content
    await harness.click(up, message, user=BOB)

    async with harness.bot.storage.connection.execute(
        "SELECT user_id, entry_id, helpful FROM feedback ORDER BY user_id"
    ) as cursor:
        assert await cursor.fetchall() == [
            (int(ALICE["id"]), "masters-or-phd", 0),
            (int(BOB["id"]), "masters-or-phd", 1),
        ]


async def test_the_same_entry_on_another_message_is_another_vote(harness: Harness) -> None:
    (reply,) = await harness.slash("ask", {"question": "Do I need a PhD?"})
    for message in (harness.message_for(reply), harness.message_for(reply)):
        (acknowledged,) = await harness.click("careerbot:vote:masters-or-phd:up", message)
        assert "glad it helped" in acknowledged.content


async def test_the_askers_not_helpful_vote_becomes_a_label_once(harness: Harness) -> None:
    (reply,) = await harness.slash("ask", {"question": "Do I need a PhD?"})
    message = harness.message_for(reply)
    down = "careerbot:vote:masters-or-phd:down:1"
    assert down in reply.custom_ids()

    await harness.click(down, message, user=BOB)  # not the asker: reading it for a question of their own
    assert await harness.bot.storage.open_labels() == []
    await harness.click(down, message)
    await harness.click(down, message)  # the same vote again says nothing new

    (label,) = await harness.bot.storage.open_labels()
    assert (label.question, label.entry_id, label.verdict, label.times) == (
        "Do I need a PhD?",
        "masters-or-phd",
        LabelVerdict.NOT_THIS,
        1,
    )


async def test_a_vote_button_sent_before_labels_existed_still_votes(harness: Harness) -> None:
    (reply,) = await harness.slash("ask", {"question": "Do I need a PhD?"})
    message = copy.deepcopy(harness.message_for(reply))
    for row in message["components"]:
        for component in row["components"]:
            component["custom_id"] = component["custom_id"].removesuffix(":1")
    (acknowledged,) = await harness.click("careerbot:vote:masters-or-phd:down", message)
    assert "moderators use these votes" in acknowledged.content
    assert await harness.bot.storage.open_labels() == []


async def test_a_vote_when_the_database_was_deleted_says_so_instead_of_thanks(harness: Harness) -> None:
    (reply,) = await harness.slash("ask", {"question": "Do I need a PhD?"})
    harness.bot.storage.path.unlink()

    (refused,) = await harness.click("careerbot:vote:masters-or-phd:up", harness.message_for(reply))

    assert refused.ephemeral and "was deleted while the bot was running" in refused.content
    assert "Thanks" not in refused.content and refused.content.startswith("Sorry, that can't be done")
