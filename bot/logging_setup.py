"""Process-wide logging: discord.py's coloured handler at the configured level, with secrets masked."""

from __future__ import annotations

import logging
from collections.abc import Iterable

import discord


class SecretMaskingFilter(logging.Filter):
    """Replaces each secret in a formatted record with `<redacted>`.

    discord.py does not log the token itself; this is the safety net for any other code path (an
    exception message that echoes a header, a debug dump of a payload) that might.
    """

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = tuple(secret for secret in secrets if secret)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = message
        for secret in self._secrets:
            masked = masked.replace(secret, "<redacted>")
        if masked != message:
            record.msg, record.args = masked, None
        return True


def configure_logging(level: str, *, secrets: Iterable[str] = ()) -> None:
    """Log to stderr at `level` through discord.py's handler; `secrets` never reach the output."""
    discord.utils.setup_logging(level=logging.getLevelName(level), root=True)
    masking = SecretMaskingFilter(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(masking)
