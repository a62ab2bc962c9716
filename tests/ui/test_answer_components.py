from __future__ import annotations

import copy
from pathlib import Path

import discord

from bot.service import AnswerService, Question
from bot.storage import LabelVerdict
from bot.ui.answer_components import answer_view
from bot.ui.why_button import WhyButton
from tests.support.harness import ALICE, BOB, CALLBACK_UPDATE, Harness
from tests.support.sample_knowledge import SNAPSHOT

AMBIGUOUS = "ai engineer vs ml engineer"


async def test_the_askers_did_you_mean_pick_becomes_a_label(harness: Harness) -> None:
    (reply,) = await harness.slash("ask", {"question": AMBIGUOUS})
    message = harness.message_for(reply, asker=ALICE)

    await harness.click("careerbot:pick:1", message, values=["salary-comparison"], user=BOB)
    assert await harness.bot.storage.open_labels() == []  # someone else's pick is their own business
    (picked,) = await harness.click("careerbot:pick:1", message, values=["ai-vs-ml-engineer"])

    assert picked.callback_type == CALLBACK_UPDATE
    (label,) = await harness.bot.storage.open_labels()
    assert (label.question, label.entry_id, label.verdict) == (
        AMBIGUOUS,
        "ai-vs-ml-engineer",
        LabelVerdict.CHOSEN,
    )
    # The picked answer's "Not helpful" still refers to the question that was asked.
    assert "careerbot:vote:ai-vs-ml-engineer:down:1" in picked.custom_ids()


async def test_a_did_you_mean_menu_sent_before_labels_existed_still_answers(harness: Harness) -> None:
    (reply,) = await harness.slash("ask", {"question": AMBIGUOUS})
    message = copy.deepcopy(harness.message_for(reply))
    message["components"] = [
        row for row in message["components"] if row["components"][0]["custom_id"].startswith("careerbot:pick")
    ]
    message["components"][0]["components"][0]["custom_id"] = "careerbot:pick"
    (picked,) = await harness.click("careerbot:pick", message, values=["ai-vs-ml-engineer"])
    assert picked.embeds[0]["title"].startswith("What is the difference between an AI engineer")
    assert await harness.bot.storage.open_labels() == []


def test_only_a_logged_question_gets_a_why_button(tmp_path: Path) -> None:
    answer = AnswerService(tmp_path, SNAPSHOT).respond(Question("Do I need a PhD?"))

    def custom_ids(view: discord.ui.View) -> list[str]:
        return [item.custom_id for item in view.children if isinstance(item, WhyButton)]

    assert custom_ids(answer_view(answer)) == []
    assert custom_ids(answer_view(answer, question_id=7)) == ["careerbot:why:7"]
