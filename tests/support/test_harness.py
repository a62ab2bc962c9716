"""The test harness's own checks must be able to fail, or the cog tests prove nothing."""

from __future__ import annotations

import pytest

from tests.support.fake_discord import payloads
from tests.support.harness import ALICE, SpecViolation, check_interaction, check_message_payload


def test_payload_over_a_limit_is_rejected() -> None:
    with pytest.raises(SpecViolation, match="content"):
        check_message_payload({"content": "x" * 2001})
    with pytest.raises(SpecViolation, match="description"):
        check_message_payload({"embeds": [{"description": "x" * 4097}]})
    with pytest.raises(SpecViolation, match="embeds total"):
        check_message_payload({"embeds": [{"description": "x" * 4000}, {"description": "y" * 4000}]})
    with pytest.raises(SpecViolation, match="custom_id"):
        row = {"type": 1, "components": [{"type": 2, "label": "a", "custom_id": "c" * 101}]}
        check_message_payload({"components": [row]})


def test_payload_that_may_ping_is_rejected() -> None:
    with pytest.raises(SpecViolation, match="ping"):
        check_message_payload({"content": "hi", "allowed_mentions": {"parse": ["everyone"]}})
    check_message_payload({"content": "hi", "allowed_mentions": {"parse": []}})


def test_interaction_without_its_component_is_rejected() -> None:
    message = payloads.message(1, 2, ALICE, "no components")
    interaction = payloads.component_interaction(
        "careerbot:open:x",
        message=message,
        interaction_id=3,
        application_id=4,
        token="t",
        invoker=ALICE,
        channel=payloads.dm_channel(2, ALICE),
    )
    with pytest.raises(SpecViolation, match="no component"):
        check_interaction(interaction)
