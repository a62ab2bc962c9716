"""Forum posts through the real client and the fake Discord: a post answered in its thread, quiet when
unsure, follow-ups in the thread's context, "Solved" and its tag, and /faq channels choosing forums."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from bot.answers.conversation import ConversationMemory
from bot.client import CareerBot
from bot.moderation.access import NOT_MODERATOR
from bot.service import AnswerService, Question
from bot.storage import ChannelKind
from bot.ui.forum_components import NOT_THE_POSTER, SOLVED_PREFIX
from tests.support.fake_discord import FakeDiscord, RecordedRequest
from tests.support.fake_discord.payloads import Payload
from tests.support.fake_discord.running import event_handlers_done
from tests.support.fake_discord.server import CALLBACK_CHANNEL_MESSAGE, CALLBACK_UPDATE_MESSAGE

StartBot = Callable[..., Awaitable[CareerBot]]
THREAD_MESSAGES = "/channels/{channel_id}/messages"
OPTION_CHANNEL = 7
DAY = 86_400.0
POST_TITLE = "What does an ML engineer do?"
POST_BODY = "I keep seeing the job title and want to know what the work looks like day to day."
OFF_TOPIC = ("Looking for a good pizza place", "Any recommendations for dinner near the station tonight?")


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def _in(thread_id: int) -> Callable[[RecordedRequest], bool]:
    return lambda request: request.params["channel_id"] == str(thread_id)


def _custom_ids(payload: Payload) -> list[str]:
    return [c["custom_id"] for row in payload.get("components") or [] for c in row["components"]]


def _size(request: RecordedRequest) -> int:
    return len(json.dumps(request.json, separators=(",", ":")).encode())


async def _quiet(fake: FakeDiscord, thread_id: int, since: int) -> list[RecordedRequest]:
    """What the bot posted in the thread since ``since``, once it has handled every earlier event: a
    mention sent after them is answered only after they were dispatched (the gateway keeps order)."""
    barrier = await fake.dispatch(
        "MESSAGE_CREATE", fake.message_from("what does an AI engineer do?", mention_bot=True)
    )
    await fake.wait_for_request("POST", THREAD_MESSAGES, since=barrier, where=_in(fake.channel_id))
    await event_handlers_done()
    return fake.find_requests("POST", THREAD_MESSAGES, since=since, where=_in(thread_id))


async def _questions(bot: CareerBot) -> list[tuple]:
    query = "SELECT via, status, channel_id FROM questions WHERE via = 'forum'"
    async with bot.storage.connection.execute(query) as cursor:
        return await cursor.fetchall()


@pytest.fixture
async def forum_bot(start_careerbot: StartBot, fake: FakeDiscord, tmp_path: Path) -> CareerBot:
    return await start_careerbot(
        database_path=tmp_path / "careerbot.sqlite3",
        forum_channel_ids=frozenset({fake.forum_id}),
        editor_guild_ids=frozenset({fake.guild_id}),
        moderator_role_ids=frozenset({fake.moderator_role_id}),
    )


async def test_a_new_post_is_answered_in_its_thread_pinging_nobody(
    fake: FakeDiscord, forum_bot: CareerBot
) -> None:
    assert forum_bot.intents.message_content  # forums configured: the first message can be read

    cursor, thread_id = await fake.open_forum_post(POST_TITLE, POST_BODY)
    reply = await fake.wait_for_request("POST", THREAD_MESSAGES, since=cursor, where=_in(thread_id))

    assert reply.json["allowed_mentions"] == {"parse": [], "replied_user": False}
    assert int(reply.json["message_reference"]["message_id"]) == thread_id  # under the post's first message
    (embed,) = reply.embeds
    assert embed["title"] == "What does a machine learning engineer do?"
    ids = _custom_ids(reply.json)
    assert f"{SOLVED_PREFIX}ml-engineer-role" in ids
    assert {"careerbot:vote:ml-engineer-role:up", "careerbot:vote:ml-engineer-role:down"} <= set(ids)
    assert any(i.startswith("careerbot:open:") for i in ids)
    print(f"forum answer payload: {_size(reply)} bytes, embed {len(json.dumps(embed))} bytes")
    assert len(await _quiet(fake, thread_id, cursor)) == 1
    assert await _questions(forum_bot) == [("forum", "answered", thread_id)]


async def test_without_the_message_content_intent_the_title_is_the_question(
    start_careerbot: StartBot, fake: FakeDiscord, tmp_path: Path
) -> None:
    # No ask channels or forums in the settings: the intent is not requested; moderators chose the forum.
    bot = await start_careerbot(database_path=tmp_path / "careerbot.sqlite3")
    assert not bot.intents.message_content
    assert bot.desk is not None
    await bot.desk.channels.change(ChannelKind.FORUM, fake.forum_id, adding=True, moderator_id=1)
    cursor, thread_id = await fake.open_forum_post("TensorFlow or PyTorch?", "")
    reply = await fake.wait_for_request("POST", THREAD_MESSAGES, since=cursor, where=_in(thread_id))
    assert reply.embeds[0]["title"] == bot.service.snapshot.entry("tensorflow-vs-pytorch").question


async def test_an_out_of_scope_post_gets_no_reply(fake: FakeDiscord, forum_bot: CareerBot) -> None:
    cursor, thread_id = await fake.open_forum_post(*OFF_TOPIC)
    assert await _quiet(fake, thread_id, cursor) == []
    assert await _questions(forum_bot) == [("forum", "unsure", thread_id)]  # still a gap for /faq gaps


async def test_with_forum_suggest_an_unsure_post_gets_one_did_you_mean_never_an_answer(
    start_careerbot: StartBot, fake: FakeDiscord, tmp_path: Path
) -> None:
    await start_careerbot(
        database_path=tmp_path / "careerbot.sqlite3",
        forum_channel_ids=frozenset({fake.forum_id}),
        forum_suggest=True,
    )
    cursor, thread_id = await fake.open_forum_post(*OFF_TOPIC)
    (suggestion,) = await _quiet(fake, thread_id, cursor)
    (embed,) = suggestion.embeds
    assert embed["title"] == "Did you mean...?"
    picks = _custom_ids(suggestion.json)
    assert 1 <= len(picks) <= 3 and all(i.startswith("careerbot:forum-pick:") for i in picks)
    assert not any(i.startswith((SOLVED_PREFIX, "careerbot:vote:")) for i in picks)
    assert suggestion.json["allowed_mentions"] == {"parse": [], "replied_user": False}
    print(f"forum did-you-mean payload: {_size(suggestion)} bytes")

    # The poster picks one: the suggestion becomes that answer, with "This solved it".
    (message,) = [m for m in fake.messages.values() if picks[0] in _custom_ids(m)]
    picked = await fake.interact(fake.component(picks[0], message=message))
    assert picked.json["type"] == CALLBACK_UPDATE_MESSAGE
    entry_id = picks[0].removeprefix("careerbot:forum-pick:")
    assert f"{SOLVED_PREFIX}{entry_id}" in _custom_ids(picked.callback_data)


async def test_a_follow_up_a_day_later_reads_in_the_threads_context(
    fake: FakeDiscord, start_careerbot: StartBot, answer_service: AnswerService, tmp_path: Path
) -> None:
    clock = Clock()
    answer_service.conversations = ConversationMemory(clock=clock)
    await start_careerbot(
        database_path=tmp_path / "careerbot.sqlite3", forum_channel_ids=frozenset({fake.forum_id})
    )
    alone = answer_service.respond(Question("what skills?"))
    assert alone.entry_id != "ml-engineer-skills"  # the follow-up means something only in context

    cursor, thread_id = await fake.open_forum_post(POST_TITLE, POST_BODY)
    await fake.wait_for_request("POST", THREAD_MESSAGES, since=cursor, where=_in(thread_id))
    clock.now += DAY
    follow_up = fake.message_from("what skills?", channel_id=thread_id)
    cursor = await fake.dispatch("MESSAGE_CREATE", follow_up)
    reply = await fake.wait_for_request("POST", THREAD_MESSAGES, since=cursor, where=_in(thread_id))
    assert reply.embeds[0]["title"] == answer_service.snapshot.entry("ml-engineer-skills").question
    assert str(reply.json["message_reference"]["message_id"]) == follow_up["id"]

    # Someone else in the thread is talking to the poster, not to the bot.
    cursor = await fake.dispatch(
        "MESSAGE_CREATE", fake.message_from("what skills?", channel_id=thread_id, author=fake.other_user)
    )
    assert await _quiet(fake, thread_id, cursor) == []


async def test_the_posters_mention_in_the_thread_is_answered_once(
    fake: FakeDiscord, forum_bot: CareerBot
) -> None:
    cursor, thread_id = await fake.open_forum_post(POST_TITLE, POST_BODY)
    await fake.wait_for_request("POST", THREAD_MESSAGES, since=cursor, where=_in(thread_id))
    cursor = await fake.dispatch(
        "MESSAGE_CREATE", fake.message_from("what skills?", channel_id=thread_id, mention_bot=True)
    )
    (reply,) = await _quiet(fake, thread_id, cursor)  # the forum answers it; the mention handler does not
    assert reply.embeds[0]["title"] == forum_bot.service.snapshot.entry("ml-engineer-skills").question


async def test_solved_applies_the_forums_tag_and_counts_as_helpful(
    fake: FakeDiscord, forum_bot: CareerBot
) -> None:
    cursor, thread_id = await fake.open_forum_post(POST_TITLE, POST_BODY)
    reply = await fake.wait_for_request("POST", THREAD_MESSAGES, since=cursor, where=_in(thread_id))
    answer = fake.messages[max(m for m, p in fake.messages.items() if p["channel_id"] == str(thread_id))]
    solved = f"{SOLVED_PREFIX}ml-engineer-role"

    by_bob = fake.component(solved, message=answer, invoker=fake.other_user)
    by_bob["member"]["permissions"] = "0"  # may not manage threads: only the poster may mark it
    refused = await fake.interact(by_bob)
    assert refused.callback_data["content"] == NOT_THE_POSTER
    assert fake.find_requests("PATCH", "/channels/{channel_id}", since=cursor) == []

    by_poster = fake.component(solved, message=answer)
    by_poster["member"]["permissions"] = "0"
    clicked = await fake.interact(by_poster)
    assert clicked.json["type"] == CALLBACK_UPDATE_MESSAGE
    (button,) = [
        c
        for row in clicked.callback_data["components"]
        for c in row["components"]
        if c["custom_id"] == solved
    ]
    assert button["disabled"] is True and button["label"] == "Solved"
    tagged = await fake.wait_for_request("PATCH", "/channels/{channel_id}", since=clicked.index)
    assert tagged.params["channel_id"] == str(thread_id)
    assert tagged.json["applied_tags"] == [str(fake.solved_tag_id)]
    assert fake.threads[thread_id]["applied_tags"] == [str(fake.solved_tag_id)]
    thanks = await fake.wait_for_request("POST", "/webhooks/{application_id}/{token}", since=clicked.index)
    assert thanks.json["flags"] & 64 and "tagged **Solved**" in thanks.content
    async with forum_bot.storage.connection.execute(
        "SELECT user_id, entry_id, helpful FROM feedback"
    ) as rows:
        assert await rows.fetchall() == [(int(fake.user["id"]), "ml-engineer-role", 1)]
    print(f"forum answer {_size(reply)} B; solved update {_size(clicked)} B, tag PATCH {_size(tagged)} B")


async def test_a_post_in_an_unlisted_forum_is_ignored(fake: FakeDiscord, forum_bot: CareerBot) -> None:
    cursor, thread_id = await fake.open_forum_post(POST_TITLE, POST_BODY, forum_id=fake.other_forum_id)
    assert await _quiet(fake, thread_id, cursor) == []
    assert await _questions(forum_bot) == []


def _channels_command(fake: FakeDiscord, invoker: Payload, **channels: int) -> Payload:
    interaction = fake.slash_command("faq", subcommand="channels", invoker=invoker)
    interaction["member"]["permissions"] = "0"
    options = [{"name": name, "type": OPTION_CHANNEL, "value": str(cid)} for name, cid in channels.items()]
    interaction["data"]["options"][0]["options"] = options
    resolved = {}
    for channel_id in channels.values():
        channel = fake.forums.get(channel_id) or fake.channel
        resolved[str(channel_id)] = {
            "id": channel["id"],
            "name": channel["name"],
            "type": channel["type"],
            "permissions": str((1 << 53) - 1),
            "parent_id": None,
        }
    interaction["data"]["resolved"] = {"channels": resolved}
    return interaction


async def test_faq_channels_changes_where_the_bot_answers_and_only_for_moderators(
    fake: FakeDiscord, forum_bot: CareerBot
) -> None:
    refused = await fake.interact(_channels_command(fake, fake.user, add=fake.other_forum_id))
    assert refused.callback_data["content"] == NOT_MODERATOR

    shown = await fake.interact(_channels_command(fake, fake.other_user))
    assert shown.json["type"] == CALLBACK_CHANNEL_MESSAGE and shown.callback_data["flags"] & 64
    forums_line = "**Forums** (from FORUM_CHANNEL_IDS), where every new post is answered in its thread"
    assert f"{forums_line} when I'm sure: <#{fake.forum_id}>" in shown.callback_data["content"]

    added = await fake.interact(
        _channels_command(fake, fake.other_user, add=fake.other_forum_id, remove=fake.forum_id)
    )
    content = added.callback_data["content"]
    assert content.startswith(
        f"<#{fake.other_forum_id}> is now a forum I answer in.\n<#{fake.forum_id}> is no longer"
    )
    assert added.callback_data["allowed_mentions"] == {"parse": []}

    cursor, showcase = await fake.open_forum_post(POST_TITLE, POST_BODY, forum_id=fake.other_forum_id)
    await fake.wait_for_request("POST", THREAD_MESSAGES, since=cursor, where=_in(showcase))
    cursor, questions = await fake.open_forum_post(POST_TITLE, POST_BODY)
    assert await _quiet(fake, questions, cursor) == []


async def test_a_text_channel_added_with_faq_channels_becomes_an_ask_channel(
    fake: FakeDiscord, forum_bot: CareerBot
) -> None:
    def replies_to(message: Payload) -> Callable[[RecordedRequest], bool]:
        return lambda r: str((r.json.get("message_reference") or {}).get("message_id")) == message["id"]

    plain = fake.message_from("What does an ML engineer do?")  # no mention, not an ask channel yet
    cursor = await fake.dispatch("MESSAGE_CREATE", plain)
    await _quiet(fake, fake.channel_id, cursor)
    assert fake.find_requests("POST", THREAD_MESSAGES, since=cursor, where=replies_to(plain)) == []

    added = await fake.interact(_channels_command(fake, fake.other_user, add=fake.channel_id))
    assert added.callback_data["content"].startswith(f"<#{fake.channel_id}> is now an ask channel.")
    plain = fake.message_from("What does an ML engineer do?")
    cursor = await fake.dispatch("MESSAGE_CREATE", plain)
    reply = await fake.wait_for_request("POST", THREAD_MESSAGES, since=cursor, where=replies_to(plain))
    assert reply.embeds[0]["title"] == "What does a machine learning engineer do?"


async def test_a_starter_message_before_its_thread_create_is_still_answered(
    fake: FakeDiscord, forum_bot: CareerBot
) -> None:
    thread, starter = fake.forum_post(POST_TITLE, POST_BODY)
    cursor = await fake.dispatch("MESSAGE_CREATE", starter)  # the thread is not cached yet: fetched
    reply = await fake.wait_for_request("POST", THREAD_MESSAGES, since=cursor, where=_in(int(thread["id"])))
    assert fake.find_requests("GET", "/channels/{channel_id}", since=cursor)
    assert reply.embeds[0]["title"] == "What does a machine learning engineer do?"
