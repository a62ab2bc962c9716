"""Settings read once from the environment and `.env`, validated before anything connects.

pydantic-settings reads `.env` and validates every field in one pass, so every problem is reported at
once, each naming the variable and what it expects: a wrong deployment fails at start with a message
that says how to fix it. The token is a secret: it is kept out of every repr, string and error message.
This module is the only reader of the environment.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, DirectoryPath, Field, ValidationError, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

DEFAULT_API_BASE = "https://discord.com/api/v10"
DEFAULT_GATEWAY_URL = "wss://gateway.discord.gg/"
DEFAULT_KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"
DEFAULT_DATABASE_PATH = Path("careerbot.sqlite3")
#: Built matcher artefacts (classifier weights, phrasing embeddings), kept between runs: derived data.
DEFAULT_MATCHER_CACHE_DIR = Path.home() / ".cache" / "careerbot" / "matcher"
#: A few times the largest knowledge file one would write by hand (the biggest shipped one is ~90 KB);
#: a bigger file is refused before it is parsed (parsing 50 MB holds a core for tens of seconds).
DEFAULT_KNOWLEDGE_MAX_FILE_BYTES = 4 * 1024 * 1024
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

_MAX_SNOWFLAKE = 2**64 - 1
_SHARD_RANGE = re.compile(r"^(\d+)\s*-\s*(\d+)$")
# A validator's own wording of its problems, reported as written (the token's must never echo it).
_PROBLEMS = "settings_problems"


class SettingsError(ValueError):
    """The environment does not describe a usable configuration; `problems` lists each one."""

    def __init__(self, problems: list[str] | tuple[str, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__("Invalid settings:\n" + "\n".join(f"- {problem}" for problem in self.problems))


def _problems(*problems: str) -> PydanticCustomError:
    return PydanticCustomError(_PROBLEMS, "{message}", {"message": "; ".join(problems), "problems": problems})


def _id_set(value: Any, info: ValidationInfo) -> Any:
    """ "1, 2,," -> {1, 2}; each part that is not a Discord id is a problem of its own."""
    if not isinstance(value, str):
        return value
    parts = [part.strip() for part in value.split(",") if part.strip()]
    bad = [part for part in parts if not part.isdigit() or not 0 < int(part) <= _MAX_SNOWFLAKE]
    if bad:
        name = info.field_name.upper()
        raise _problems(
            *(
                f"{name} must be comma-separated Discord ids (numbers), got {part!r} in {value!r}"
                for part in bad
            )
        )
    return frozenset(map(int, parts))


def _url(*schemes: str) -> BeforeValidator:
    def check(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        scheme, separator, rest = value.partition("://")
        if not separator or scheme.lower() not in schemes or not rest.strip("/"):
            raise ValueError("wrong scheme")
        return value.rstrip("/") if scheme.lower().startswith("http") else value

    return BeforeValidator(check)


def _postgres_url(value: Any) -> Any:
    """postgresql://user[:password]@host[:port]/dbname; the value never appears in an error (a password)."""
    if isinstance(value, str) and not value.lower().startswith(("postgresql://", "postgres://")):
        raise ValueError("wrong scheme")
    return value


def shown_url(url: str) -> str:
    """A database URL with its password replaced, for logs and messages."""
    return re.sub(r"(://[^/:@]*):[^/@]*@", r"\1:***@", url)


def _log_level(value: Any) -> Any:
    """Any case; a value that is no level is kept as written, for the problem to quote."""
    return value.upper() if isinstance(value, str) and value.upper() in LOG_LEVELS else value


def _home(value: Any) -> Any:
    """`~/knowledge` works; a value that is no directory is kept as written, for the problem to quote."""
    if isinstance(value, str) and os.path.isdir(expanded := os.path.expanduser(value)):
        return expanded
    return value


def _cache_dir(value: Any) -> Any:
    """`off` keeps no cache; otherwise a folder, `~` expanded (made when first written)."""
    if isinstance(value, str) and value.strip().lower() == "off":
        return None
    return Path(os.path.expanduser(value)) if isinstance(value, str | Path) else value


def _shard_ids(value: Any, info: ValidationInfo) -> Any:
    """ "0-2,5" -> (0, 1, 2, 5), checked against SHARD_COUNT (when that one is valid)."""
    if value is None:
        return None
    problems, ids = [], set()
    for part in value.split(",") if isinstance(value, str) else map(str, value):
        if not (part := part.strip()):
            continue
        match = _SHARD_RANGE.match(part)
        if part.isdigit():
            ids.add(int(part))
        elif match is None or int(match[1]) > int(match[2]):
            problems.append(
                f"SHARD_IDS must be shard numbers or ranges like '0,1' or '0-3', got {part!r} in {value!r}"
            )
        else:
            ids.update(range(int(match[1]), int(match[2]) + 1))
    if "shard_count" in info.data and info.data["shard_count"] is None:
        raise _problems(
            *problems, "SHARD_IDS needs SHARD_COUNT, the total number of shards across all processes"
        )
    shard_count = info.data.get("shard_count")  # None here: SHARD_COUNT has a problem of its own
    if shard_count is not None and (too_high := sorted(i for i in ids if i >= shard_count)):
        listed = ", ".join(map(str, too_high))
        problems.append(f"SHARD_IDS must all be below SHARD_COUNT ({shard_count}), got {listed}")
    if not ids:
        problems.append(f"SHARD_IDS must name at least one shard, got {value!r}")
    if problems:
        raise _problems(*problems)
    return tuple(sorted(ids))


Snowflake = Annotated[int, Field(gt=0, le=_MAX_SNOWFLAKE)]
IdSet = Annotated[frozenset[int], BeforeValidator(_id_set)]
_SNOWFLAKE = "a Discord id (a number)"


class Settings(BaseSettings):
    """Validated bot configuration. Build it with `load_settings`; the defaults suit console mode.

    `Settings(...)` itself reads neither the environment nor a file: it is the defaults plus what it is
    given, so code and tests can build one directly. Each field's description is what its variable
    expects, quoted in the problem when a value does not fit.
    """

    model_config = SettingsConfigDict(
        frozen=True,
        extra="ignore",  # a .env may hold other tools' variables
        validate_default=False,  # the knowledge/ default need not exist in an installed copy
        hide_input_in_errors=True,  # pydantic's own messages never carry the token
        enable_decoding=False,  # "1,2" lists are parsed here, not read as JSON
        env_file_encoding="utf-8",
    )

    discord_token: str | None = Field(None, repr=False)
    dev_guild_id: Snowflake | None = Field(None, description=_SNOWFLAKE)
    ask_channel_ids: IdSet = frozenset()
    owner_ids: IdSet = frozenset()
    cooldown_rate: int = Field(5, ge=1, description="a whole number, at least 1")
    cooldown_seconds: float = Field(
        60.0, gt=0, allow_inf_nan=False, description="a number of seconds greater than 0"
    )
    database_path: Path = DEFAULT_DATABASE_PATH
    database_url: Annotated[str | None, BeforeValidator(_postgres_url)] = Field(
        None, repr=False, description="a URL like postgresql://user@host:5432/dbname"
    )
    log_level: Annotated[Literal[LOG_LEVELS], BeforeValidator(_log_level)] = Field(
        "INFO", description=f"one of {', '.join(LOG_LEVELS)}"
    )
    shard_count: int | None = Field(None, ge=1, description="a whole number of shards, at least 1")
    shard_ids: Annotated[tuple[int, ...] | None, BeforeValidator(_shard_ids)] = None
    discord_api_base: Annotated[str, _url("http", "https")] = Field(
        DEFAULT_API_BASE, description="a URL starting with http:// or https://"
    )
    discord_gateway_url: Annotated[str, _url("ws", "wss")] = Field(
        DEFAULT_GATEWAY_URL, description="a URL starting with ws:// or wss://"
    )
    knowledge_dir: Annotated[DirectoryPath, BeforeValidator(_home)] = Field(
        DEFAULT_KNOWLEDGE_DIR, description="an existing directory"
    )
    editor_guild_ids: IdSet = frozenset()
    moderator_role_ids: IdSet = frozenset()
    audit_channel_id: Snowflake | None = Field(None, description=_SNOWFLAKE)
    unanswered_retention_days: int = Field(90, ge=1, description="a whole number of days, at least 1")
    knowledge_watch: bool = Field(True, description="on or off (true/false, yes/no, 1/0)")
    forum_channel_ids: IdSet = frozenset()
    forum_suggest: bool = Field(False, description="on or off (true/false, yes/no, 1/0)")
    forum_solved_tag: str = Field("Solved", description="the name or id of a forum tag")
    knowledge_max_file_bytes: int = Field(
        DEFAULT_KNOWLEDGE_MAX_FILE_BYTES, ge=1024, description="a whole number of bytes, at least 1024"
    )
    matcher_cache_dir: Annotated[Path | None, BeforeValidator(_cache_dir)] = Field(
        DEFAULT_MATCHER_CACHE_DIR, description="a folder, or off"
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # load_settings hands the environment in as init values, so they win over the `.env` file and a
        # caller's own mapping replaces os.environ; `.env` is read only when `_env_file` names one.
        return init_settings, dotenv_settings

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, str):
            return value
        value = value.strip()
        return value or cls.model_fields[info.field_name].default

    @field_validator("discord_token")
    @classmethod
    def _bare_token(cls, token: str | None) -> str | None:
        if token is not None and token.lower().startswith("bot "):
            raise _problems("DISCORD_TOKEN must be the bare bot token, without the 'Bot ' prefix")
        if token is not None and any(character.isspace() for character in token):
            raise _problems("DISCORD_TOKEN must be the bot token alone, but it contains whitespace")
        return token

    @property
    def console_mode(self) -> bool:
        """No token: the bot cannot reach Discord and only the terminal commands work."""
        return self.discord_token is None

    @property
    def needs_message_content(self) -> bool:
        """Answering plain messages in ask channels, and reading a forum post beyond its title, need the
        privileged message-content intent."""
        return bool(self.ask_channel_ids or self.forum_channel_ids)

    def __repr__(self) -> str:
        shown = []
        for name in type(self).model_fields:
            value = getattr(self, name)
            if name == "discord_token":
                shown.append(f"DISCORD_TOKEN={'<set>' if value is not None else '<not set>'}")
            elif name == "database_url":
                shown.append(f"DATABASE_URL={shown_url(value) if value is not None else None!r}")
            else:
                shown.append(f"{name.upper()}={value!r}")
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
    given = {name: environ[name.upper()] for name in Settings.model_fields if name.upper() in environ}
    try:
        return Settings(_env_file=dotenv_path, **given)
    except ValidationError as error:
        problems = [problem for detail in error.errors() for problem in _explain(detail)]
    # Raised outside the `except`, so the ValidationError (which holds every input) is not chained.
    raise SettingsError(problems)


def _explain(detail: Any) -> tuple[str, ...]:
    """One pydantic error as problems: `NAME must be <its description>, got <value>`."""
    if detail["type"] == _PROBLEMS:
        return detail["ctx"]["problems"]
    name = str(detail["loc"][0])
    field = Settings.model_fields[name]
    shown = f", got {detail['input']!r}" if field.repr else ""
    return (f"{name.upper()} must be {field.description or 'valid'}{shown}",)
