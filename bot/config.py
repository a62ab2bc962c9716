"""Settings read once from the environment and `.env`, validated before anything connects.

Every problem is reported at once, each naming the variable and what it expects, so a wrong deployment
fails at start with a message that says how to fix it. The token is a secret: it is kept out of every
repr, string and error message.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TypeVar

from dotenv import dotenv_values

DEFAULT_API_BASE = "https://discord.com/api/v10"
DEFAULT_GATEWAY_URL = "wss://gateway.discord.gg/"
DEFAULT_KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"
DEFAULT_DATABASE_PATH = Path("careerbot.sqlite3")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

_MAX_SNOWFLAKE = 2**64 - 1
_TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
_FALSE_WORDS = frozenset({"0", "false", "no", "off"})
_SHARD_RANGE = re.compile(r"^(\d+)\s*-\s*(\d+)$")

T = TypeVar("T")
D = TypeVar("D")


class SettingsError(ValueError):
    """The environment does not describe a usable configuration; `problems` lists each one."""

    def __init__(self, problems: list[str] | tuple[str, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__("Invalid settings:\n" + "\n".join(f"- {problem}" for problem in self.problems))


@dataclass(frozen=True, repr=False)
class Settings:
    """Validated bot configuration. Build it with `load_settings`; the defaults suit console mode."""

    discord_token: str | None = None
    dev_guild_id: int | None = None
    ask_channel_ids: frozenset[int] = frozenset()
    owner_ids: frozenset[int] = frozenset()
    cooldown_rate: int = 5
    cooldown_seconds: float = 60.0
    database_path: Path = DEFAULT_DATABASE_PATH
    log_level: str = "INFO"
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    discord_api_base: str = DEFAULT_API_BASE
    discord_gateway_url: str = DEFAULT_GATEWAY_URL
    knowledge_dir: Path = DEFAULT_KNOWLEDGE_DIR
    editor_guild_ids: frozenset[int] = frozenset()
    moderator_role_ids: frozenset[int] = frozenset()
    audit_channel_id: int | None = None
    unanswered_retention_days: int = 90
    knowledge_watch: bool = True

    @property
    def console_mode(self) -> bool:
        """No token: the bot cannot reach Discord and only the terminal commands work."""
        return self.discord_token is None

    @property
    def needs_message_content(self) -> bool:
        """Answering plain messages in ask channels needs the privileged message-content intent."""
        return bool(self.ask_channel_ids)

    def __repr__(self) -> str:
        shown = []
        for spec in fields(self):
            value = getattr(self, spec.name)
            if spec.name == "discord_token":
                shown.append(f"DISCORD_TOKEN={'<set>' if value is not None else '<not set>'}")
            else:
                shown.append(f"{spec.name.upper()}={value!r}")
        return f"Settings({', '.join(shown)})"

    __str__ = __repr__


def load_settings(environ: Mapping[str, str] | None = None, *, dotenv_path: Path | None = None) -> Settings:
    """Read settings from `environ` (default `os.environ`) over the values of a `.env` file.

    Real environment variables always win over the file, and the process environment is not modified.
    With `environ=None` the file defaults to `.env` in the working directory (read if present); when a
    caller passes `environ` explicitly, only an explicit `dotenv_path` is read, so tests stay isolated
    from a developer's own `.env`.
    """
    if environ is None:
        environ = os.environ
        if dotenv_path is None:
            dotenv_path = Path(".env")
    values: dict[str, str] = {}
    if dotenv_path is not None and dotenv_path.is_file():
        values.update({key: value for key, value in dotenv_values(dotenv_path).items() if value is not None})
    values.update(environ)
    return _Parser(values).settings()


class _Parser:
    def __init__(self, values: Mapping[str, str]) -> None:
        self._values = values
        self.problems: list[str] = []

    def settings(self) -> Settings:
        shard_count = self._optional(
            "SHARD_COUNT", _positive_int("a whole number of shards, at least 1"), None
        )
        settings = Settings(
            discord_token=self._token(),
            dev_guild_id=self._optional("DEV_GUILD_ID", _snowflake, None),
            ask_channel_ids=self._id_set("ASK_CHANNEL_IDS"),
            owner_ids=self._id_set("OWNER_IDS"),
            cooldown_rate=self._optional("COOLDOWN_RATE", _positive_int("a whole number, at least 1"), 5),
            cooldown_seconds=self._optional("COOLDOWN_SECONDS", _positive_float, 60.0),
            database_path=self._optional("DATABASE_PATH", Path, DEFAULT_DATABASE_PATH),
            log_level=self._optional("LOG_LEVEL", _log_level, "INFO"),
            shard_count=shard_count,
            shard_ids=self._shard_ids(shard_count),
            discord_api_base=self._optional("DISCORD_API_BASE", _url("http", "https"), DEFAULT_API_BASE),
            discord_gateway_url=self._optional("DISCORD_GATEWAY_URL", _url("ws", "wss"), DEFAULT_GATEWAY_URL),
            knowledge_dir=self._optional("KNOWLEDGE_DIR", _directory, DEFAULT_KNOWLEDGE_DIR),
            editor_guild_ids=self._id_set("EDITOR_GUILD_IDS"),
            moderator_role_ids=self._id_set("MODERATOR_ROLE_IDS"),
            audit_channel_id=self._optional("AUDIT_CHANNEL_ID", _snowflake, None),
            unanswered_retention_days=self._optional(
                "UNANSWERED_RETENTION_DAYS", _positive_int("a whole number of days, at least 1"), 90
            ),
            knowledge_watch=self._flag("KNOWLEDGE_WATCH", default=True),
        )
        if self.problems:
            raise SettingsError(self.problems)
        return settings

    def _raw(self, name: str) -> str | None:
        value = self._values.get(name)
        if value is None or not value.strip():
            return None
        return value.strip()

    def _optional(self, name: str, convert: Callable[[str], T], default: D) -> T | D:
        raw = self._raw(name)
        if raw is None:
            return default
        try:
            return convert(raw)
        except ValueError as error:
            self.problems.append(f"{name} must be {error}, got {raw!r}")
            return default

    def _token(self) -> str | None:
        token = self._raw("DISCORD_TOKEN")
        if token is None:
            return None
        if token.lower().startswith("bot "):
            self.problems.append("DISCORD_TOKEN must be the bare bot token, without the 'Bot ' prefix")
        elif any(character.isspace() for character in token):
            self.problems.append("DISCORD_TOKEN must be the bot token alone, but it contains whitespace")
        return token

    def _id_set(self, name: str) -> frozenset[int]:
        raw = self._raw(name)
        if raw is None:
            return frozenset()
        ids = set()
        for part in raw.split(","):
            part = part.strip()
            if not part:
                continue
            try:
                ids.add(_snowflake(part))
            except ValueError:
                self.problems.append(
                    f"{name} must be comma-separated Discord ids (numbers), got {part!r} in {raw!r}"
                )
        return frozenset(ids)

    def _flag(self, name: str, *, default: bool) -> bool:
        raw = self._raw(name)
        if raw is None:
            return default
        if raw.lower() in _TRUE_WORDS:
            return True
        if raw.lower() in _FALSE_WORDS:
            return False
        self.problems.append(f"{name} must be on or off (true/false, yes/no, 1/0), got {raw!r}")
        return default

    def _shard_ids(self, shard_count: int | None) -> tuple[int, ...] | None:
        raw = self._raw("SHARD_IDS")
        if raw is None:
            return None
        ids: set[int] = set()
        for part in raw.split(","):
            part = part.strip()
            if not part:
                continue
            if part.isdigit():
                ids.add(int(part))
                continue
            match = _SHARD_RANGE.match(part)
            if match is None or int(match[1]) > int(match[2]):
                self.problems.append(
                    f"SHARD_IDS must be shard numbers or ranges like '0,1' or '0-3', got {part!r} in {raw!r}"
                )
                continue
            ids.update(range(int(match[1]), int(match[2]) + 1))
        if self._raw("SHARD_COUNT") is None:
            self.problems.append(
                "SHARD_IDS needs SHARD_COUNT, the total number of shards across all processes"
            )
            return None
        if shard_count is not None:
            too_high = sorted(shard_id for shard_id in ids if shard_id >= shard_count)
            if too_high:
                listed = ", ".join(map(str, too_high))
                self.problems.append(f"SHARD_IDS must all be below SHARD_COUNT ({shard_count}), got {listed}")
        if not ids:
            self.problems.append(f"SHARD_IDS must name at least one shard, got {raw!r}")
        return tuple(sorted(ids))


def _snowflake(raw: str) -> int:
    if not raw.isdigit() or not 0 < int(raw) <= _MAX_SNOWFLAKE:
        raise ValueError("a Discord id (a number)")
    return int(raw)


def _positive_int(expected: str) -> Callable[[str], int]:
    def convert(raw: str) -> int:
        if not raw.isdigit() or int(raw) < 1:
            raise ValueError(expected)
        return int(raw)

    return convert


def _positive_float(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise ValueError("a number of seconds greater than 0")
    return value


def _log_level(raw: str) -> str:
    if raw.upper() not in LOG_LEVELS:
        raise ValueError(f"one of {', '.join(LOG_LEVELS)}")
    return raw.upper()


def _url(*schemes: str) -> Callable[[str], str]:
    def convert(raw: str) -> str:
        scheme, separator, rest = raw.partition("://")
        if not separator or scheme.lower() not in schemes or not rest.strip("/"):
            raise ValueError(f"a URL starting with {' or '.join(f'{s}://' for s in schemes)}")
        return raw.rstrip("/") if scheme.lower().startswith("http") else raw

    return convert


def _directory(raw: str) -> Path:
    path = Path(raw).expanduser()
    if not path.is_dir():
        raise ValueError("an existing directory")
    return path
