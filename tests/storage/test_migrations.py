"""Migrations: versioned, idempotent, and safe when several real processes start on a fresh database."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
import time
from pathlib import Path

import asyncpg
import pytest

from bot.storage import SqliteStorage
from bot.storage.migrations import POSTGRES, SQLITE
from bot.storage.postgres import PostgresStorage

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 8

#: Each process waits for the same instant, opens the storage (migrating), logs one question, closes.
START_TOGETHER = """
import asyncio, sys, time
from pathlib import Path
from bot.config import Settings
from bot.storage import open_storage

async def main(target: str, start_at: float) -> None:
    settings = Settings(database_url=target) if "://" in target else Settings(database_path=Path(target))
    await asyncio.sleep(max(0.0, start_at - time.time()))
    storage = await open_storage(settings)
    await storage.record_question(user_id=1, guild_id=None, channel_id=None, via="dm", question="hi",
                                  status="unsure", entry_id=None, score=0.0)
    await storage.close()

asyncio.run(main(sys.argv[1], float(sys.argv[2])))
"""


async def _start_together(target: str) -> list[tuple[int | None, str]]:
    start_at = time.time() + 3.0
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            START_TOGETHER,
            target,
            str(start_at),
            cwd=ROOT,
            stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(PROCESSES)
    ]
    results = []
    for process in processes:
        _, err = await asyncio.wait_for(process.communicate(), 120)
        results.append((process.returncode, err.decode()))
    return results


async def test_sqlite_processes_starting_together_on_a_fresh_file_all_start(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite3"
    results = await _start_together(str(path))

    assert [code for code, _ in results] == [0] * PROCESSES, [err for _, err in results if err]
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (SQLITE[-1].version,)
        assert connection.execute("SELECT COUNT(*) FROM questions").fetchone() == (PROCESSES,)


async def test_postgres_processes_starting_together_on_a_fresh_database_all_start(postgres_url: str) -> None:
    results = await _start_together(postgres_url)

    assert [code for code, _ in results] == [0] * PROCESSES, [err for _, err in results if err]
    connection = await asyncpg.connect(postgres_url)
    try:
        versions = [
            row[0] for row in await connection.fetch("SELECT version FROM schema_migrations ORDER BY 1")
        ]
        assert versions == [migration.version for migration in POSTGRES]
        assert await connection.fetchval("SELECT COUNT(*) FROM questions") == PROCESSES
    finally:
        await connection.close()


async def test_a_database_from_before_migrations_is_brought_up_to_date(tmp_path: Path) -> None:
    """The schema the bot made before versions existed (user_version 0) keeps its rows."""
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.executescript(SQLITE[0].sql + SQLITE[1].sql)
        connection.execute("INSERT INTO feedback VALUES (1, 2, 'e', 1, 0.0)")
    storage = await SqliteStorage.open(path)
    await storage.close()
    again = await SqliteStorage.open(path)  # idempotent: nothing left to apply
    await again.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (SQLITE[-1].version,)
        assert connection.execute("SELECT COUNT(*) FROM feedback").fetchone() == (1,)


async def test_a_newer_schema_is_refused_by_name(tmp_path: Path, postgres_url: str) -> None:
    path = tmp_path / "newer.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version=99")
    with pytest.raises(Exception, match="newer than this bot knows"):
        await SqliteStorage.open(path)
    first = await PostgresStorage.open(postgres_url)
    await first.close()
    connection = await asyncpg.connect(postgres_url)
    await connection.execute("INSERT INTO schema_migrations VALUES (99, 'future', 0)")
    await connection.close()
    with pytest.raises(Exception, match="newer than this bot knows"):
        await PostgresStorage.open(postgres_url)
