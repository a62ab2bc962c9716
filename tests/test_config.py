from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import (
    DEFAULT_API_BASE,
    DEFAULT_DATABASE_PATH,
    DEFAULT_GATEWAY_URL,
    DEFAULT_KNOWLEDGE_DIR,
    Settings,
    SettingsError,
    load_settings,
)

TOKEN = "MTIzNDU2Nzg5MDEy.GhIjKl.secret-part-of-the-token"
REPO = Path(__file__).resolve().parent.parent


def problems_for(environ: dict[str, str]) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        load_settings(environ)
    return caught.value.problems


def test_empty_environment_gives_console_mode_defaults() -> None:
    settings = load_settings({})

    assert settings == Settings()
    assert settings.console_mode
    assert settings.dev_guild_id is None
    assert settings.ask_channel_ids == frozenset()
    assert (settings.cooldown_rate, settings.cooldown_seconds) == (5, 60.0)
    assert settings.database_path == DEFAULT_DATABASE_PATH == Path("careerbot.sqlite3")
    assert settings.log_level == "INFO"
    assert (settings.shard_count, settings.shard_ids) == (None, None)
    assert settings.discord_api_base == DEFAULT_API_BASE == "https://discord.com/api/v10"
    assert settings.discord_gateway_url == DEFAULT_GATEWAY_URL == "wss://gateway.discord.gg/"
    assert settings.knowledge_dir == DEFAULT_KNOWLEDGE_DIR == REPO / "knowledge"
    assert settings.unanswered_retention_days == 90
    assert settings.knowledge_watch is True
    assert (settings.forum_channel_ids, settings.forum_suggest, settings.forum_solved_tag) == (
        frozenset(),
        False,
        "Solved",
    )
    assert not settings.needs_message_content


def test_every_setting_is_parsed(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "DISCORD_TOKEN": f"  {TOKEN}  ",
            "DEV_GUILD_ID": "111111111111111111",
            "ASK_CHANNEL_IDS": "222, 333,,",
            "OWNER_IDS": "444",
            "COOLDOWN_RATE": "3",
            "COOLDOWN_SECONDS": "12.5",
            "DATABASE_PATH": str(tmp_path / "bot.db"),
            "LOG_LEVEL": "debug",
            "SHARD_COUNT": "8",
            "SHARD_IDS": "0-2,5",
            "DISCORD_API_BASE": "http://127.0.0.1:8080/api/v10/",
            "DISCORD_GATEWAY_URL": "ws://127.0.0.1:8080/gateway",
            "KNOWLEDGE_DIR": str(tmp_path),
            "EDITOR_GUILD_IDS": "555,556",
            "MODERATOR_ROLE_IDS": "666",
            "AUDIT_CHANNEL_ID": "777",
            "UNANSWERED_RETENTION_DAYS": "30",
            "KNOWLEDGE_WATCH": "off",
            "FORUM_CHANNEL_IDS": "888",
            "FORUM_SUGGEST": "on",
            "FORUM_SOLVED_TAG": " Answered ",
        }
    )

    assert settings.discord_token == TOKEN
    assert not settings.console_mode
    assert settings.dev_guild_id == 111111111111111111
    assert settings.ask_channel_ids == frozenset({222, 333})
    assert settings.needs_message_content
    assert (settings.forum_channel_ids, settings.forum_suggest, settings.forum_solved_tag) == (
        frozenset({888}),
        True,
        "Answered",
    )
    assert settings.owner_ids == frozenset({444})
    assert (settings.cooldown_rate, settings.cooldown_seconds) == (3, 12.5)
    assert settings.database_path == tmp_path / "bot.db"
    assert settings.log_level == "DEBUG"
    assert (settings.shard_count, settings.shard_ids) == (8, (0, 1, 2, 5))
    assert settings.discord_api_base == "http://127.0.0.1:8080/api/v10"
    assert settings.discord_gateway_url == "ws://127.0.0.1:8080/gateway"
    assert settings.knowledge_dir == tmp_path
    assert settings.editor_guild_ids == frozenset({555, 556})
    assert settings.moderator_role_ids == frozenset({666})
    assert settings.audit_channel_id == 777
    assert settings.unanswered_retention_days == 30
    assert settings.knowledge_watch is False


def test_blank_values_count_as_unset() -> None:
    settings = load_settings({"DISCORD_TOKEN": "  ", "DEV_GUILD_ID": "", "COOLDOWN_RATE": " "})

    assert settings.console_mode
    assert settings.dev_guild_id is None
    assert settings.cooldown_rate == 5


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("DEV_GUILD_ID", "abc", "DEV_GUILD_ID must be a Discord id (a number), got 'abc'"),
        ("AUDIT_CHANNEL_ID", "-5", "AUDIT_CHANNEL_ID must be a Discord id (a number), got '-5'"),
        ("AUDIT_CHANNEL_ID", "0", "AUDIT_CHANNEL_ID must be a Discord id (a number), got '0'"),
        (
            "ASK_CHANNEL_IDS",
            "123,#general",
            "ASK_CHANNEL_IDS must be comma-separated Discord ids (numbers), got '#general' in '123,#general'",
        ),
        (
            "OWNER_IDS",
            "12 34",
            "OWNER_IDS must be comma-separated Discord ids (numbers), got '12 34' in '12 34'",
        ),
        (
            "EDITOR_GUILD_IDS",
            "x",
            "EDITOR_GUILD_IDS must be comma-separated Discord ids (numbers), got 'x' in 'x'",
        ),
        (
            "MODERATOR_ROLE_IDS",
            "@mods",
            "MODERATOR_ROLE_IDS must be comma-separated Discord ids (numbers), got '@mods' in '@mods'",
        ),
        ("COOLDOWN_RATE", "0", "COOLDOWN_RATE must be a whole number, at least 1, got '0'"),
        ("COOLDOWN_RATE", "2.5", "COOLDOWN_RATE must be a whole number, at least 1, got '2.5'"),
        (
            "COOLDOWN_SECONDS",
            "soon",
            "COOLDOWN_SECONDS must be a number of seconds greater than 0, got 'soon'",
        ),
        ("COOLDOWN_SECONDS", "-1", "COOLDOWN_SECONDS must be a number of seconds greater than 0, got '-1'"),
        ("COOLDOWN_SECONDS", "nan", "COOLDOWN_SECONDS must be a number of seconds greater than 0, got 'nan'"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, got 'loud'"),
        ("SHARD_COUNT", "0", "SHARD_COUNT must be a whole number of shards, at least 1, got '0'"),
        (
            "DISCORD_API_BASE",
            "discord.com/api",
            "DISCORD_API_BASE must be a URL starting with http:// or https://, got 'discord.com/api'",
        ),
        (
            "DISCORD_GATEWAY_URL",
            "https://gateway.discord.gg",
            "DISCORD_GATEWAY_URL must be a URL starting with ws:// or wss://, got 'https://gateway.discord.gg'",
        ),
        ("KNOWLEDGE_DIR", "/no/such/dir", "KNOWLEDGE_DIR must be an existing directory, got '/no/such/dir'"),
        (
            "UNANSWERED_RETENTION_DAYS",
            "forever",
            "UNANSWERED_RETENTION_DAYS must be a whole number of days, at least 1, got 'forever'",
        ),
        (
            "KNOWLEDGE_WATCH",
            "maybe",
            "KNOWLEDGE_WATCH must be on or off (true/false, yes/no, 1/0), got 'maybe'",
        ),
    ],
)
def test_each_invalid_value_is_named_with_what_is_expected(name: str, value: str, problem: str) -> None:
    assert problems_for({name: value}) == (problem,)


@pytest.mark.parametrize(
    ("environ", "problem"),
    [
        (
            {"SHARD_IDS": "0,1"},
            "SHARD_IDS needs SHARD_COUNT, the total number of shards across all processes",
        ),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "2-5"}, "SHARD_IDS must all be below SHARD_COUNT (4), got 4, 5"),
        (
            {"SHARD_COUNT": "4", "SHARD_IDS": "3-1"},
            "SHARD_IDS must be shard numbers or ranges like '0,1' or '0-3', got '3-1' in '3-1'",
        ),
        (
            {"SHARD_COUNT": "4", "SHARD_IDS": "one"},
            "SHARD_IDS must be shard numbers or ranges like '0,1' or '0-3', got 'one' in 'one'",
        ),
        ({"SHARD_COUNT": "4", "SHARD_IDS": ","}, "SHARD_IDS must name at least one shard, got ','"),
    ],
)
def test_shard_ids_are_checked_against_the_shard_count(environ: dict[str, str], problem: str) -> None:
    assert problem in problems_for(environ)


def test_all_problems_are_reported_together() -> None:
    problems = problems_for({"DEV_GUILD_ID": "abc", "LOG_LEVEL": "loud", "COOLDOWN_RATE": "0"})

    assert [problem.split()[0] for problem in problems] == ["DEV_GUILD_ID", "COOLDOWN_RATE", "LOG_LEVEL"]


def test_settings_error_message_lists_each_problem_on_its_own_line() -> None:
    error = SettingsError(["A must be x, got 'y'", "B must be z, got 'w'"])

    assert str(error) == "Invalid settings:\n- A must be x, got 'y'\n- B must be z, got 'w'"


@pytest.mark.parametrize(
    ("token", "problem"),
    [
        (f"Bot {TOKEN}", "DISCORD_TOKEN must be the bare bot token, without the 'Bot ' prefix"),
        ("abc def", "DISCORD_TOKEN must be the bot token alone, but it contains whitespace"),
    ],
)
def test_malformed_token_is_rejected_without_echoing_it(token: str, problem: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"DISCORD_TOKEN": token})

    assert caught.value.problems == (problem,)
    assert token.split()[-1] not in str(caught.value)


def test_token_never_appears_in_repr_or_str() -> None:
    settings = load_settings({"DISCORD_TOKEN": TOKEN})

    assert "DISCORD_TOKEN=<set>" in repr(settings)
    assert TOKEN not in repr(settings)
    assert TOKEN not in str(settings)
    assert TOKEN not in f"{settings}"
    assert "DISCORD_TOKEN=<not set>" in repr(load_settings({}))


def test_settings_built_in_code_never_echo_a_malformed_token() -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(discord_token=f"Bot {TOKEN}")

    assert TOKEN not in str(caught.value)


def test_settings_built_in_code_read_neither_the_environment_nor_dotenv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOG_LEVEL", "CRITICAL")
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("DEV_GUILD_ID=42\n", encoding="utf-8")

    assert (Settings().log_level, Settings().dev_guild_id) == ("INFO", None)


def test_dotenv_file_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# comment\nDISCORD_TOKEN=from-file\nDEV_GUILD_ID=123\nLOG_LEVEL=warning\nASK_CHANNEL_IDS=\n",
        encoding="utf-8",
    )

    settings = load_settings({"LOG_LEVEL": "ERROR", "OWNER_IDS": "9"}, dotenv_path=dotenv)

    assert settings.discord_token == "from-file"
    assert settings.dev_guild_id == 123
    assert settings.log_level == "ERROR"
    assert settings.owner_ids == frozenset({9})
    assert settings.ask_channel_ids == frozenset()


def test_missing_dotenv_file_is_fine(tmp_path: Path) -> None:
    assert load_settings({}, dotenv_path=tmp_path / "absent.env") == Settings()


def test_dotenv_does_not_modify_the_process_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DEV_GUILD_ID", raising=False)
    monkeypatch.setenv("LOG_LEVEL", "CRITICAL")
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("DEV_GUILD_ID=42\nLOG_LEVEL=DEBUG\n", encoding="utf-8")

    settings = load_settings()

    assert settings.dev_guild_id == 42
    assert settings.log_level == "CRITICAL"

    assert "DEV_GUILD_ID" not in os.environ


def test_explicit_environ_ignores_the_working_directory_dotenv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("DEV_GUILD_ID=42\n", encoding="utf-8")

    assert load_settings({}).dev_guild_id is None


def test_env_example_documents_every_setting_and_loads_cleanly() -> None:
    example = REPO / ".env.example"
    names = {
        line.split("=", 1)[0]
        for line in example.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }
    expected = {
        "DISCORD_TOKEN",
        "DEV_GUILD_ID",
        "ASK_CHANNEL_IDS",
        "FORUM_CHANNEL_IDS",
        "FORUM_SUGGEST",
        "FORUM_SOLVED_TAG",
        "OWNER_IDS",
        "COOLDOWN_RATE",
        "COOLDOWN_SECONDS",
        "DATABASE_PATH",
        "DATABASE_URL",
        "LOG_LEVEL",
        "SHARD_COUNT",
        "SHARD_IDS",
        "DISCORD_API_BASE",
        "DISCORD_GATEWAY_URL",
        "KNOWLEDGE_DIR",
        "EDITOR_GUILD_IDS",
        "MODERATOR_ROLE_IDS",
        "AUDIT_CHANNEL_ID",
        "UNANSWERED_RETENTION_DAYS",
        "KNOWLEDGE_WATCH",
        "KNOWLEDGE_MAX_FILE_BYTES",
        "MATCHER_CACHE_DIR",
    }

    assert names == expected
    assert load_settings({}, dotenv_path=example) == Settings()


def test_the_matcher_cache_is_a_folder_by_default_and_off_turns_it_off() -> None:
    assert load_settings({}).matcher_cache_dir == Path.home() / ".cache" / "careerbot" / "matcher"
    assert load_settings({"MATCHER_CACHE_DIR": "~/built"}).matcher_cache_dir == Path.home() / "built"
    assert load_settings({"MATCHER_CACHE_DIR": "OFF"}).matcher_cache_dir is None


def test_forum_channels_alone_ask_for_the_message_content_intent() -> None:
    assert load_settings({"FORUM_CHANNEL_IDS": "888"}).needs_message_content
    assert not load_settings({"FORUM_SUGGEST": "on"}).needs_message_content


def test_a_database_url_must_be_postgresql_and_its_password_is_never_shown() -> None:
    settings = load_settings({"DATABASE_URL": "postgresql://bot:s3cret@db:5432/careerbot"})
    assert settings.database_url == "postgresql://bot:s3cret@db:5432/careerbot"
    assert "s3cret" not in repr(settings) and "postgresql://bot:***@db:5432/careerbot" in repr(settings)
    with pytest.raises(SettingsError) as error:
        load_settings({"DATABASE_URL": "mysql://bot:s3cret@db/careerbot"})
    assert error.value.problems == ("DATABASE_URL must be a URL like postgresql://user@host:5432/dbname",)
