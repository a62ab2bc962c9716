from __future__ import annotations

import dataclasses
from pathlib import Path

from bot.ui.explanation_embed import TITLE
from bot.ui.why_button import DIFFERENT_NOW, NOT_KEPT, NOT_YOURS
from tests.support.harness import BOB, CALLBACK_REPLY, Harness, running_harness
from tests.support.sample_knowledge import SNAPSHOT


async def _asked(harness: Harness, question: str) -> tuple[str, dict]:
    (reply,) = await harness.slash("ask", {"question": question})
    (why,) = [cid for cid in reply.custom_ids() if cid.startswith("careerbot:why:")]
    return why, harness.message_for(reply)


async def test_why_explains_privately_what_decided(harness: Harness) -> None:
    why, message = await _asked(harness, "Do I need a PhD?")
    (explained,) = await harness.click(why, message)

    assert explained.callback_type == CALLBACK_REPLY and explained.ephemeral
    (embed,) = explained.embeds
    assert embed["title"] == TITLE
    assert "Answered with masters-or-phd: rule confident" in embed["description"]
    assert "Confidence" in embed["description"]
    fields = {field["name"].split(" (")[0]: field["value"] for field in embed["fields"]}
    assert "✅ phd" in fields["Words"]
    assert fields["Candidates"].startswith("Best: masters-or-phd (score ")
    assert "Runner-up" in fields["Candidates"]
    assert "phrase match" in fields["Confidence model"]
    assert "footer" not in embed


async def test_anyone_in_the_channel_may_ask_why_but_not_from_elsewhere(harness: Harness) -> None:
    why, message = await _asked(harness, "Do I need a PhD?")
    (in_channel,) = await harness.click(why, message, user=BOB)
    assert in_channel.embeds[0]["title"] == TITLE
    (elsewhere,) = await harness.click(why, message, user=BOB, in_dm=True)
    assert elsewhere.content == NOT_YOURS and elsewhere.ephemeral


async def test_a_pruned_question_is_not_explained(harness: Harness) -> None:
    why, message = await _asked(harness, "Do I need a PhD?")
    await harness.bot.storage.connection.execute("DELETE FROM questions")
    (explained,) = await harness.click(why, message)
    assert explained.content == NOT_KEPT


async def test_when_the_knowledge_changed_the_explanation_says_so(harness: Harness) -> None:
    why, message = await _asked(harness, "Do I need a PhD?")
    entries = tuple(e for e in SNAPSHOT.entries if e.id != "masters-or-phd")
    harness.bot.service.replace(dataclasses.replace(SNAPSHOT, entries=entries))
    (explained,) = await harness.click(why, message)
    assert explained.embeds[0]["footer"]["text"] == DIFFERENT_NOW


async def test_the_button_still_works_after_a_restart(tmp_path: Path) -> None:
    async with running_harness(tmp_path, SNAPSHOT) as first:
        why, message = await _asked(first, "Do I need a PhD?")
    async with running_harness(tmp_path, SNAPSHOT) as restarted:
        (explained,) = await restarted.click(why, message)
    assert explained.embeds[0]["title"] == TITLE
