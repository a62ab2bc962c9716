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


class _DropMessage(logging.Filter):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != self.message


#: discord.py warns at every start when a bot with a command prefix lacks the message-content intent.
#: careerbot's prefix commands need no content (a mention carries it; DMs always have it), so the
#: warning is noise unless ask channels are configured, where the intent is requested anyway.
_INTENT_WARNING = _DropMessage(
    "Privileged message content intent is missing, commands may not work as expected."
)


def quiet_intent_warning() -> None:
    logger = logging.getLogger("discord.ext.commands.bot")
    if _INTENT_WARNING not in logger.filters:
        logger.addFilter(_INTENT_WARNING)


def configure_logging(level: str, *, secrets: Iterable[str] = ()) -> None:
    """Log to stderr at `level` through discord.py's handler; `secrets` never reach the output."""
    discord.utils.setup_logging(level=logging.getLevelName(level), root=True)
    secrets = tuple(secrets)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(SecretMaskingFormatter(handler.formatter or logging.Formatter(), secrets))
