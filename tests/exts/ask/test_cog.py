from __future__ import annotations

from pathlib import Path

from bot.answers.compose import AMBIGUOUS_TITLE, UNSURE_TITLE
from bot.exts.ask._cog import HOW_TO_ASK, MAX_ASKED_CHARS, clean_question, question_from
from bot.knowledge.models import Entry, KnowledgeSnapshot
from bot.service import conversation_key
from tests.support.harness import (
    ALICE,
    ASK_CHANNEL_ID,
    BOB,
    BOT_USER,
    CALLBACK_REPLY,
    CALLBACK_UPDATE,
    CHANNEL_ID,
    OTHER_BOT,
    Harness,
    running_harness,
)

AI_ROLE_TITLE = "What does an AI engineer do?"


async def _logged_questions(harness: Harness) -> list[tuple[str, str, str | None, str]]:
    async with harness.bot.storage.connection.execute(
        "SELECT via, status, entry_id, question FROM questions ORDER BY id"
    ) as cursor:
        return [tuple(row) for row in await cursor.fetchall()]


async def test_slash_ask_replies_with_answer_related_buttons_and_votes(harness: Harness) -> None:
    (reply,) = await harness.slash("ask", {"question": "What does an AI engineer do?"})
    assert reply.callback_type == CALLBACK_REPLY
    assert not reply.ephemeral
    assert reply.message["allowed_mentions"] == {"parse": []}
    (embed,) = reply.embeds
    assert embed["title"] == AI_ROLE_TITLE
    assert "curated answer about ai-engineer-role" in embed["description"]
    assert reply.custom_ids() == [
        "careerbot:open:ml-engineer-role",
        "careerbot:open:ai-vs-ml-engineer",
        "careerbot:open:salary-comparison",
        "careerbot:vote:ai-engineer-role:up",
        "careerbot:vote:ai-engineer-role:down:1",
        "careerbot:why:1",
    ]
    assert (
        reply.component("careerbot:open:ml-engineer-role")["label"]
        == "What does a machine learning engineer do?"
    )
    assert await _logged_questions(harness) == [("slash", "answered", "ai-engineer-role", AI_ROLE_TITLE)]


async def test_private_option_makes_the_answer_ephemeral(harness: Harness) -> None:
    (reply,) = await harness.slash("ask", {"question": "Do I need a PhD?", "private": True})
    assert reply.ephemeral
    assert reply.embeds[0]["title"] == "Do I need a PhD?"


async def test_an_entry_id_from_autocomplete_is_answered_directly(harness: Harness) -> None:
    (reply,) = await harness.slash("ask", {"question": "salary-by-location"})
    assert reply.embeds[0]["title"] == "How does salary differ by location?"


async def test_a_blank_question_gets_a_hint(harness: Harness) -> None:
    (reply,) = await harness.slash("ask", {"question": "   "})
    assert reply.ephemeral
    assert reply.content == HOW_TO_ASK


async def test_autocomplete_offers_entry_ids_as_values(harness: Harness) -> None:
    choices = await harness.autocomplete("ask", {"question": "phd"}, focused="question")
    assert choices[0] == {"name": "Do I need a PhD?", "value": "masters-or-phd"}
    everything = await harness.autocomplete("ask", {"question": ""}, focused="question")
    assert [c["value"] for c in everything][:2] == ["salary-comparison", "salary-by-location"]


async def test_autocomplete_stops_at_25_choices(tmp_path: Path) -> None:
    entries = tuple(
        Entry(id=f"entry-{n}", question=f"Question {n} " + "x" * 150, answer="a", category="c")
        for n in range(30)
    )
    async with running_harness(tmp_path, KnowledgeSnapshot(entries=entries)) as harness:
        choices = await harness.autocomplete("ask", {"question": ""}, focused="question")
    assert len(choices) == 25
    assert all(len(c["name"]) <= 100 for c in choices)


async def test_ambiguous_question_offers_did_you_mean_and_picking_answers_in_place(harness: Harness) -> None:
    (reply,) = await harness.slash("ask", {"question": "ai engineer vs ml engineer"})
    assert reply.embeds[0]["title"] == AMBIGUOUS_TITLE
    select = reply.component("careerbot:pick:1")
    assert {o["value"] for o in select["options"]} == {"salary-comparison", "ai-vs-ml-engineer"}

    (picked,) = await harness.click(
        "careerbot:pick:1", harness.message_for(reply), values=["ai-vs-ml-engineer"]
    )
    assert picked.callback_type == CALLBACK_UPDATE
    assert picked.embeds[0]["title"].startswith("What is the difference between an AI engineer")
    assert "careerbot:vote:ai-vs-ml-engineer:up" in picked.custom_ids()
    assert "careerbot:why:1" in picked.custom_ids()


async def test_unsure_is_honest_and_suggests_the_closest_topics(harness: Harness) -> None:
    (reply,) = await harness.slash("ask", {"question": "lawyer salary in nyc?"})
    (embed,) = reply.embeds
    assert embed["title"] == UNSURE_TITLE
    assert "curated answer" not in embed["description"]
    assert reply.custom_ids()[0] == "careerbot:open:salary-by-location"
    assert not [c for c in reply.custom_ids() if ":vote:" in c]
    assert reply.custom_ids()[-1] == "careerbot:why:1"
    assert await _logged_questions(harness) == [("slash", "unsure", None, "lawyer salary in nyc?")]


async def test_related_button_replaces_the_askers_answer(harness: Harness) -> None:
    (reply,) = await harness.slash("ask", {"question": "What does an AI engineer do?"})
    (clicked,) = await harness.click(
        "careerbot:open:salary-comparison", harness.message_for(reply, asker=ALICE)
    )
    assert clicked.callback_type == CALLBACK_UPDATE
    assert clicked.embeds[0]["title"].startswith("Which role has a higher salary")
    assert "careerbot:vote:salary-comparison:up" in clicked.custom_ids()


async def test_someone_elses_click_answers_them_privately(harness: Harness) -> None:
    (reply,) = await harness.slash("ask", {"question": "What does an AI engineer do?"})
    message = harness.message_for(reply, asker=ALICE)
    (clicked,) = await harness.click("careerbot:open:salary-comparison", message, user=BOB)
    assert clicked.callback_type == CALLBACK_REPLY
    assert clicked.ephemeral
    assert clicked.embeds[0]["title"].startswith("Which role has a higher salary")


async def test_when_the_question_is_gone_a_click_answers_privately(harness: Harness) -> None:
    (reply,) = await harness.say("What does an AI engineer do?")
    message = harness.message_for(reply, asker=None)
    for user in (ALICE, BOB):
        (clicked,) = await harness.click("careerbot:open:salary-comparison", message, user=user)
        assert clicked.callback_type == CALLBACK_REPLY
        assert clicked.ephemeral
        assert clicked.embeds[0]["title"].startswith("Which role has a higher salary")


async def test_anyone_who_sees_a_private_answer_may_replace_it(harness: Harness) -> None:
    (reply,) = await harness.slash("ask", {"question": "What does an AI engineer do?", "private": True})
    message = harness.message_for(reply, asker=None)
    (clicked,) = await harness.click("careerbot:open:salary-comparison", message, user=BOB)
    assert clicked.callback_type == CALLBACK_UPDATE
    assert clicked.embeds[0]["title"].startswith("Which role has a higher salary")


async def test_a_button_for_a_removed_entry_explains(harness: Harness) -> None:
    (reply,) = await harness.slash("ask", {"question": "What does an AI engineer do?"})
    message = harness.message_for(reply)
    harness.bot.service.replace(KnowledgeSnapshot(entries=(Entry("other", "Other?", "a", "c"),)))
    (clicked,) = await harness.click("careerbot:open:salary-comparison", message)
    assert clicked.ephemeral
    assert "no longer in my knowledge base" in clicked.content


async def test_a_mention_is_answered_in_a_reply_that_pings_nobody(harness: Harness) -> None:
    (reply,) = await harness.say("What does an AI engineer do?")
    assert (reply.method, reply.path) == ("POST", "/channels/{channel_id}/messages")
    assert reply.body["allowed_mentions"] == {"parse": [], "replied_user": False}
    assert reply.body["message_reference"]["fail_if_not_exists"] is False
    assert reply.embeds[0]["title"] == AI_ROLE_TITLE
    assert f"<@{BOT_USER['id']}>" not in reply.embeds[0]["description"]
    assert await _logged_questions(harness) == [("mention", "answered", "ai-engineer-role", AI_ROLE_TITLE)]


async def test_follow_up_in_the_same_channel_uses_the_previous_question(harness: Harness) -> None:
    await harness.say("What does an AI engineer do?")
    (reply,) = await harness.say("and for ml engineers?")
    assert reply.embeds[0]["title"] == "What does a machine learning engineer do?"


async def test_direct_messages_and_ask_channels_need_no_mention(harness: Harness) -> None:
    (in_dm,) = await harness.say("Do I need a PhD?", mention=False, in_dm=True)
    (in_channel,) = await harness.say("Do I need a PhD?", mention=False, channel_id=ASK_CHANNEL_ID)
    assert in_dm.embeds[0]["title"] == in_channel.embeds[0]["title"] == "Do I need a PhD?"
    assert [row[0] for row in await _logged_questions(harness)] == ["dm", "channel"]


async def test_other_messages_and_bots_are_ignored(harness: Harness) -> None:
    assert await harness.say("Do I need a PhD?", mention=False) == []
    assert await harness.say("Do I need a PhD?", author=OTHER_BOT) == []
    assert await harness.say("Do I need a PhD?", author=BOT_USER) == []


async def test_an_owner_command_from_anyone_else_is_answered_as_a_question(harness: Harness) -> None:
    """Mentioned, "sync" is the owner's maintenance command; from a member it must not meet silence."""
    (reply,) = await harness.say("sync")
    assert (reply.method, reply.path) == ("POST", "/channels/{channel_id}/messages")
    assert [row[0] for row in await _logged_questions(harness)] == ["mention"]


async def test_a_bare_mention_gets_a_hint(harness: Harness) -> None:
    (reply,) = await harness.say("")
    assert reply.content == HOW_TO_ASK
    assert reply.body["allowed_mentions"]["parse"] == []


async def test_slash_cooldown_notice_is_ephemeral_with_retry_time(tmp_path: Path) -> None:
    from tests.support.sample_knowledge import SNAPSHOT

    async with running_harness(tmp_path, SNAPSHOT, cooldown_rate=2, cooldown_seconds=60.0) as harness:
        for _ in range(2):
            (answered,) = await harness.slash("ask", {"question": "Do I need a PhD?"})
            assert answered.embeds
        (refused,) = await harness.slash("ask", {"question": "Do I need a PhD?"})
        (other_user,) = await harness.slash("ask", {"question": "Do I need a PhD?"}, user=BOB)
    assert refused.ephemeral and not refused.embeds
    assert "try again <t:" in refused.content
    assert other_user.embeds


async def test_mention_cooldown_is_shared_with_slash_and_notifies_once(tmp_path: Path) -> None:
    from tests.support.sample_knowledge import SNAPSHOT

    async with running_harness(tmp_path, SNAPSHOT, cooldown_rate=1, cooldown_seconds=60.0) as harness:
        await harness.slash("ask", {"question": "Do I need a PhD?"})
        (notice,) = await harness.say("Do I need a PhD?")
        assert await harness.say("Do I need a PhD?") == []
    assert "try again" in notice.content and not notice.embeds
    assert notice.body["allowed_mentions"]["parse"] == []


def test_mentions_of_the_bot_and_of_its_role_are_removed_from_the_question() -> None:
    content = "<@&20> what does <@10> an  AI\nengineer <@!10> do? <@&21> <@11>"
    assert question_from(content, 10, 20) == "what does an AI engineer do? <@&21> <@11>"
    assert question_from(content, 10) == "<@&20> what does an AI engineer do? <@&21> <@11>"


def test_a_long_question_is_cut_the_same_way_from_a_message_and_from_slash() -> None:
    long = "how much " * 200
    assert len(clean_question(long)) <= MAX_ASKED_CHARS
    assert question_from(f"<@10> {long}", 10) == clean_question(long)


async def test_a_clicked_related_question_becomes_the_conversations_last_turn(harness: Harness) -> None:
    """Every entrance updates the same memory: a follow-up after a click reads in the clicked entry."""
    (reply,) = await harness.slash("ask", {"question": "What does an AI engineer do?"})
    conversation = conversation_key(CHANNEL_ID, int(ALICE["id"]))
    assert harness.bot.service.conversations.recall(conversation) == "ai-engineer-role"
    await harness.click("careerbot:open:salary-comparison", harness.message_for(reply, asker=ALICE))
    assert harness.bot.service.conversations.recall(conversation) == "salary-comparison"


async def test_a_did_you_mean_pick_answers_the_question_it_was_offered_for(harness: Harness) -> None:
    """The pick becomes that turn's answer; the question stays the words a follow-up reads."""
    (reply,) = await harness.slash("ask", {"question": "ai engineer vs ml engineer"})
    conversation = conversation_key(CHANNEL_ID, int(ALICE["id"]))
    assert harness.bot.service.conversations.recall(conversation) is None
    await harness.click(
        "careerbot:pick:1", harness.message_for(reply, asker=ALICE), values=["ai-vs-ml-engineer"]
    )
    (turn,) = harness.bot.service.conversations.recent(conversation)
    assert (turn.question, turn.entry_id) == ("ai engineer vs ml engineer", "ai-vs-ml-engineer")
