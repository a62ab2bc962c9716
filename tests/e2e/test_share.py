"""/ask private:true, then "Share in channel": the same answer posted publicly, pinging nobody."""

from __future__ import annotations

import json

from bot.client import CareerBot
from bot.ui.share_button import SHARE_PREFIX, SHARED_LABEL
from tests.support.fake_discord import FakeDiscord
from tests.support.fake_discord.server import CALLBACK_CHANNEL_MESSAGE, CALLBACK_UPDATE_MESSAGE

EPHEMERAL = 64
SAME_PARTS = ("title", "description", "fields", "footer", "color")


async def test_the_share_button_posts_the_same_embed_publicly_and_pings_nobody(
    fake: FakeDiscord, careerbot: CareerBot
) -> None:
    fake.members[int(fake.user["id"])]["user"]["global_name"] = "@everyone"  # a name that would ping
    asked = await fake.interact(
        fake.slash_command("ask", {"question": "How much do ML engineers earn?", "private": True})
    )
    assert asked.json["type"] == CALLBACK_CHANNEL_MESSAGE and asked.callback_data["flags"] & EPHEMERAL
    (private,) = asked.callback_data["embeds"]
    share = next(
        c
        for row in asked.callback_data["components"]
        for c in row["components"]
        if c["custom_id"].startswith(SHARE_PREFIX)
    )

    clicked = await fake.interact(
        fake.component(share["custom_id"], message=fake.messages[max(fake.messages)])
    )
    assert clicked.json["type"] == CALLBACK_UPDATE_MESSAGE  # the private message keeps a disabled "Shared"
    (shared_button,) = [
        c
        for row in clicked.callback_data["components"]
        for c in row["components"]
        if c["custom_id"] == share["custom_id"]
    ]
    assert shared_button["disabled"] and shared_button["label"] == SHARED_LABEL

    post = await fake.wait_for_request("POST", "/webhooks/{application_id}/{token}", since=clicked.index)
    assert not (post.json.get("flags") or 0) & EPHEMERAL  # public
    assert post.json["allowed_mentions"] == {"parse": []}
    assert not post.content
    (public,) = post.embeds
    assert {k: public.get(k) for k in SAME_PARTS} == {k: private.get(k) for k in SAME_PARTS}
    assert public["author"]["name"] == f"{fake.user['global_name']} shared this answer"
    assert any(
        c["custom_id"].startswith("careerbot:vote:")
        for row in post.json["components"]
        for c in row["components"]
    )
    assert not any(
        c["custom_id"].startswith(SHARE_PREFIX) for row in post.json["components"] for c in row["components"]
    )
    print(f"private answer {len(json.dumps(asked.json))} B, shared post {len(json.dumps(post.json))} B")


async def test_a_public_answer_has_no_share_button(fake: FakeDiscord, careerbot: CareerBot) -> None:
    asked = await fake.interact(fake.slash_command("ask", {"question": "How much do ML engineers earn?"}))
    ids = [c["custom_id"] for row in asked.callback_data["components"] for c in row["components"]]
    assert ids and not any(i.startswith(SHARE_PREFIX) for i in ids)
