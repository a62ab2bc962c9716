from __future__ import annotations

from tests.support.harness import CALLBACK_UPDATE, Harness


async def test_browse_category_then_question_then_answer(harness: Harness) -> None:
    (listing,) = await harness.slash("topics")
    assert listing.ephemeral
    assert "**Salary**: 2 questions" in listing.embeds[0]["description"]
    categories = listing.component("careerbot:topics:category")
    assert [o["value"] for o in categories["options"]] == ["salary", "roles", "education"]

    (category,) = await harness.click(
        "careerbot:topics:category", harness.message_for(listing), values=["roles"]
    )
    assert category.callback_type == CALLBACK_UPDATE
    assert category.embeds[0]["title"] == "Roles"
    entries = category.component("careerbot:topics:entry")
    assert [o["value"] for o in entries["options"]] == [
        "ml-engineer-role",
        "ai-engineer-role",
        "ai-vs-ml-engineer",
    ]

    (answer,) = await harness.click(
        "careerbot:topics:entry", harness.message_for(category), values=["ai-engineer-role"]
    )
    assert answer.callback_type == CALLBACK_UPDATE
    assert answer.embeds[0]["title"] == "What does an AI engineer do?"
    assert "careerbot:vote:ai-engineer-role:up" in answer.custom_ids()
    browse = answer.component("careerbot:topics:category")
    assert [o["value"] for o in browse["options"] if o.get("default")] == ["roles"]


async def test_a_category_that_disappeared_is_explained(harness: Harness) -> None:
    (listing,) = await harness.slash("topics")
    message = harness.message_for(listing)
    message["components"][0]["components"][0]["options"].append({"label": "Gone", "value": "gone"})
    (reply,) = await harness.click("careerbot:topics:category", message, values=["gone"])
    assert reply.ephemeral and "no longer" in reply.content
