"""/faq gaps offering what askers' clicks said: a did-you-mean pick as a ready alternate, a "Not helpful"
vote as evidence; nothing changes the knowledge until a moderator clicks."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage import LabelVerdict
from tests.support.fake_discord.payloads import Payload
from tests.support.harness import ALICE, BOB, CALLBACK_UPDATE, Harness
from tests.support.moderation_driver import click, faq, faq_harness

AMBIGUOUS = "ai vs ml engineer"  # shipped knowledge: "did you mean" salary-comparison, ai-vs-ml-engineer, ...
PICKED = "salary-comparison"


@pytest.fixture
async def running(tmp_path: Path) -> AsyncIterator[Harness]:
    async with faq_harness(tmp_path) as (harness, _):
        yield harness


async def _pick(harness: Harness, question: str, entry_id: str, user: Payload = ALICE) -> None:
    (reply,) = await harness.slash("ask", {"question": question}, user=user)
    (pick,) = [cid for cid in reply.custom_ids() if cid.startswith("careerbot:pick:")]
    await harness.click(pick, harness.message_for(reply, asker=user), values=[entry_id], user=user)


async def _vote_down(harness: Harness, question: str) -> str:
    (reply,) = await harness.slash("ask", {"question": question})
    (down,) = [cid for cid in reply.custom_ids() if ":down:" in cid]
    await harness.click(down, harness.message_for(reply))
    return down.split(":")[2]


def _button(sent, label: str) -> str:
    return next(cid for cid in sent.custom_ids() if sent.component(cid).get("label") == label)


async def test_a_pick_is_offered_accepted_with_one_click_and_then_answers(running: Harness) -> None:
    harness = running
    await _pick(harness, AMBIGUOUS, PICKED)
    await _pick(harness, "AI  vs ML Engineer", PICKED, user=BOB)  # the same question again counts once more
    voted = await _vote_down(harness, "Do I need a PhD?")
    assert AMBIGUOUS not in [a.casefold() for a in harness.bot.service.snapshot.entry(PICKED).alternates]

    _, listing, labels = await faq(harness, "gaps", {"days": 7})

    gaps = listing.embeds[0]["description"].splitlines()
    assert gaps[0].casefold().startswith(f"**1.** 2× “{AMBIGUOUS}”") and gaps[0].endswith(
        f"picked `{PICKED}` 2×"
    )
    assert gaps[1].endswith(f"not helpful 1; not `{voted}` 1×")
    first, second = labels.embeds[0]["description"].splitlines()
    assert first.startswith(f"**1.** “{AMBIGUOUS}”: picked “Which pays more") and "2×" in first
    assert first.endswith("(gap 1 above)") and second.endswith("(gap 2 above)")
    assert second.startswith("**2.** “Do I need a PhD?”: 1× said it is not answered by") and voted in second
    assert [labels.component(cid)["label"] for cid in labels.custom_ids()] == [
        "1. Add as a wording",
        "1. Dismiss",
        "2. Dismiss",
    ]
    assert AMBIGUOUS not in [a.casefold() for a in harness.bot.service.snapshot.entry(PICKED).alternates]

    (accepted,) = await click(harness, labels, _button(labels, "1. Add as a wording"))

    assert accepted.callback_type == CALLBACK_UPDATE
    assert accepted.content.startswith(f"Saved as change #1: added an alternate to '{PICKED}'")
    assert accepted.embeds[0]["description"].startswith("**1.** “Do I need a PhD?”")
    assert AMBIGUOUS in [a.casefold() for a in harness.bot.service.snapshot.entry(PICKED).alternates]
    (reply,) = await harness.slash("ask", {"question": AMBIGUOUS})
    assert reply.embeds[0]["title"] == harness.bot.service.snapshot.entry(PICKED).question
    (left,) = await harness.bot.storage.open_labels()
    assert left.verdict is LabelVerdict.NOT_THIS

    redrawn = dataclasses.replace(accepted, response=labels.response)  # the same message, edited
    (dismissed,) = await click(harness, redrawn, _button(accepted, "1. Dismiss"))
    assert dismissed.content.startswith("Dismissed: “Do I need a PhD?”")
    assert dismissed.embeds[0]["description"] == "Nothing left to review. Thanks!"
    assert dismissed.custom_ids() == []
    assert await harness.bot.storage.open_labels() == []

    *_, undone = await faq(harness, "undo")  # deferred first, then the outcome
    assert undone.content.startswith("Saved as change #2")
    assert AMBIGUOUS not in [a.casefold() for a in harness.bot.service.snapshot.entry(PICKED).alternates]


async def test_without_labels_gaps_sends_no_second_message(running: Harness) -> None:
    _, listing = await faq(running, "gaps", {"days": 7})
    assert listing.embeds[0]["title"].startswith("No gaps")


async def test_a_pick_whose_entry_is_gone_can_only_be_dismissed(running: Harness) -> None:
    harness = running
    await _pick(harness, AMBIGUOUS, PICKED)
    (label,) = await harness.bot.storage.open_labels()
    await harness.bot.storage.connection.execute("UPDATE labels SET entry_id = 'gone-entry'")
    _, _, labels = await faq(harness, "gaps", {"days": 7})
    assert "`gone-entry` (no longer in the knowledge)" in labels.embeds[0]["description"]
    assert [labels.component(cid)["label"] for cid in labels.custom_ids()] == ["1. Dismiss"]
    assert label.id == (await harness.bot.storage.open_labels())[0].id
