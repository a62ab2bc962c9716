"""Process-wide logging: discord.py's coloured handler at the configured level, with secrets masked."""

from __future__ import annotations

import logging
from collections.abc import Iterable

import discord

REDACTED = "<redacted>"


class SecretMaskingFormatter(logging.Formatter):
    """Formats with `inner`, then replaces each secret in the whole output with `<redacted>`.

    Masking the finished text rather than the record's message also covers what a formatter adds after
    filters have run: the traceback of `exc_info` and the stack of `stack_info`, where an exception that
    echoes a header or a payload would otherwise print the token in clear.
    """

    def __init__(self, inner: logging.Formatter, secrets: Iterable[str]) -> None:
        super().__init__()
        self.inner = inner
        self._secrets = tuple(secret for secret in secrets if secret)

    def format(self, record: logging.LogRecord) -> str:
        text = self.inner.format(record)
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text


def configure_logging(level: str, *, secrets: Iterable[str] = ()) -> None:
    """Log to stderr at `level` through discord.py's handler; `secrets` never reach the output."""
    discord.utils.setup_logging(level=logging.getLevelName(level), root=True)
    secrets = tuple(secrets)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(SecretMaskingFormatter(handler.formatter or logging.Formatter(), secrets))
