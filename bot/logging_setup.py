"""Process-wide logging: discord.py's coloured handler at the configured level, with secrets masked."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

import discord

REDACTED = "<redacted>"
#: Interaction and webhook tokens let anyone who reads them answer as the bot for 15 minutes (webhooks:
#: for ever). discord.py logs them at DEBUG: in the URLs of its HTTP requests
#: (``/interactions/{id}/{token}/callback``, ``/webhooks/{application_id}/{token}``) and in the raw
#: gateway events (``'token': '...'`` in an INTERACTION_CREATE payload).
_TOKEN_IN_URL = re.compile(r"(/(?:interactions|webhooks)/\d+/)[^/?#\s'\"]+")
_TOKEN_FIELD = re.compile(r"""(["']token["']\s*:\s*["'])[^"']+""")


def redact_tokens(text: str) -> str:
    """``text`` with every interaction or webhook token replaced by ``<redacted>``."""
    text = _TOKEN_IN_URL.sub(rf"\g<1>{REDACTED}", text)
    return _TOKEN_FIELD.sub(rf"\g<1>{REDACTED}", text)


class SecretMaskingFormatter(logging.Formatter):
    """Formats with `inner`, then replaces each secret and every interaction or webhook token
    (``redact_tokens``) in the whole output with `<redacted>`.

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
        return redact_tokens(text)


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
