"""Whatever someone writes, the reply fits Discord's limits and pings nobody.

The capture (tests/support/harness.py) fails any payload over a limit; these tests add the mention rules.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.fake_discord import payloads
from tests.support.harness import Harness, Sent, running_harness
from tests.support.sample_knowledge import SNAPSHOT

HOSTILE_PIECES = st.sampled_from(
    [
        "<@1100000000000000012>",
        "<@!1100000000000000013>",
        "<@&1100000000000000099>",
        "@everyone",
        "@here",
        "```",
        "```py\nprint(1)\n",
        "[free nitro](https://evil.example)",
        "\u200b",
        "\u202e",
        "**",
        "\n",
        "salary",
        "ai engineer",
        "<t:0:R>",
        "<#1>",
    ]
)
HOSTILE_TEXT = st.one_of(
    st.lists(st.one_of(HOSTILE_PIECES, st.text(max_size=20)), max_size=40).map(" ".join),
    st.text(max_size=300),
    st.builds(lambda piece, n: piece * n, HOSTILE_PIECES, st.integers(min_value=100, max_value=1500)),
    st.just("x" * 10_000),
    st.just("@everyone " * 1000),
)


def assert_pings_nobody(sent: list[Sent]) -> None:
    assert sent, "every question gets a reply"
    for request in sent:
        message = request.message
        assert message["allowed_mentions"]["parse"] == []
        assert not message["allowed_mentions"].get("replied_user")
        assert "users" not in message["allowed_mentions"] and "roles" not in message["allowed_mentions"]
        content = message.get("content") or ""
        assert "@everyone" not in content and "@here" not in content


@pytest.fixture
async def roomy_harness(tmp_path: Path) -> AsyncIterator[Harness]:
    async with running_harness(tmp_path, SNAPSHOT, cooldown_rate=1_000_000) as harness:
        yield harness


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=HOSTILE_TEXT)
async def test_hostile_mentions_get_a_safe_reply(roomy_harness: Harness, text: str) -> None:
    author = payloads.user(roomy_harness.snowflake(), "mallory")
    assert_pings_nobody(await roomy_harness.say(text, author=author))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=HOSTILE_TEXT.map(lambda t: t[:1000]).filter(str.strip))
async def test_hostile_slash_questions_get_a_safe_reply(roomy_harness: Harness, text: str) -> None:
    assert_pings_nobody(await roomy_harness.slash("ask", {"question": text}))
