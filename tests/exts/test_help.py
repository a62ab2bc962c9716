from __future__ import annotations

from tests.support.harness import BOT_USER, Harness


async def test_help_explains_every_feature_with_examples(harness: Harness) -> None:
    (reply,) = await harness.slash("help")
    assert reply.ephemeral
    (embed,) = reply.embeds
    text = " ".join(f"{f['name']} {f['value']}" for f in embed["fields"])
    for feature in ("/ask question:", "/compare role_a:", "/topics", "Helpful", f"<@{BOT_USER['id']}>"):
        assert feature in text
