from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from discord.http import Route

from bot.logging_setup import configure_logging, redact_tokens

TOKEN = "MTIzNDU2Nzg5MDEy.GhIjKl.secret-part-of-the-token"


@pytest.fixture
def root_logging() -> Iterator[None]:
    """Undo configure_logging's changes to the root logger after the test."""
    root = logging.getLogger()
    handlers, formatters, level = list(root.handlers), [h.formatter for h in root.handlers], root.level
    yield
    root.handlers[:] = handlers
    for handler, formatter in zip(handlers, formatters, strict=True):
        handler.setFormatter(formatter)
    root.setLevel(level)


def test_the_token_is_masked_in_messages(root_logging: None, capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", secrets=[TOKEN])

    logging.getLogger("careerbot.test").info("Authorization: Bot %s sent", TOKEN)

    err = capsys.readouterr().err
    assert "Authorization: Bot <redacted> sent" in err
    assert TOKEN not in err


def test_the_token_is_masked_in_tracebacks(root_logging: None, capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", secrets=[TOKEN])

    try:
        raise RuntimeError(f"request failed with header Authorization: Bot {TOKEN}")
    except RuntimeError:
        logging.getLogger("careerbot.test").exception("Request failed")

    err = capsys.readouterr().err
    assert "Request failed" in err
    assert "RuntimeError: request failed with header Authorization: Bot <redacted>" in err
    assert TOKEN not in err


INTERACTION_TOKEN = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTpzZWNyZXQtcGFydA"


def test_interaction_and_webhook_tokens_in_discord_urls_are_redacted_at_debug(
    root_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("DEBUG")
    callback = Route(
        "POST",
        "/interactions/{interaction_id}/{interaction_token}/callback",
        interaction_id=123456789012345678,
        interaction_token=INTERACTION_TOKEN,
    )
    followup = Route(
        "PATCH",
        "/webhooks/{application_id}/{interaction_token}/messages/@original",
        application_id=987654321098765432,
        interaction_token=INTERACTION_TOKEN,
    )
    http = logging.getLogger("discord.http")
    for route in (callback, followup):
        # discord.py's own message (discord/http.py, HTTPClient.request).
        http.debug("%s %s with %s has returned %s", route.method, route.url, None, 204)

    err = capsys.readouterr().err
    assert INTERACTION_TOKEN not in err
    assert "/interactions/123456789012345678/<redacted>/callback" in err
    assert "/webhooks/987654321098765432/<redacted>/messages/@original" in err


def test_the_token_of_a_raw_gateway_event_is_redacted(
    root_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("DEBUG")
    event = {"t": "INTERACTION_CREATE", "d": {"id": "1", "token": INTERACTION_TOKEN, "type": 2}}

    logging.getLogger("discord.gateway").debug("For Shard ID %s: WebSocket Event: %s", 0, event)
    logging.getLogger("careerbot.test").debug("as JSON: %s", json.dumps(event))

    err = capsys.readouterr().err
    assert INTERACTION_TOKEN not in err
    assert err.count("'token': '<redacted>'") == 1
    assert err.count('"token": "<redacted>"') == 1


def test_text_without_tokens_is_left_alone() -> None:
    text = "GET /channels/123/messages/456 has returned 200; /webhooks/123 listed"
    assert redact_tokens(text) == text
