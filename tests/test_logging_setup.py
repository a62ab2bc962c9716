from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bot.logging_setup import configure_logging

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
