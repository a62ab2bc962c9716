"""``storage``: the same tests against both backends (SQLite in tmp_path, PostgreSQL in a fresh database)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.storage import SqliteStorage, Storage
from bot.storage.postgres import PostgresStorage
from tests.support.postgres import fresh_database, postgres_server, postgres_url  # noqa: F401


@pytest.fixture(params=["sqlite", "postgresql"])
async def storage(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Storage]:
    if request.param == "sqlite":
        opened = await SqliteStorage.open(tmp_path / "data" / "careerbot.sqlite3")
        yield opened
        await opened.close()
        return
    async for url in fresh_database(request.getfixturevalue("postgres_server")):
        opened = await PostgresStorage.open(url)
        yield opened
        await opened.close()


async def execute(storage: Storage, sql: str, *args: Any) -> None:
    """Raw SQL for a test's setup, written with ``?`` placeholders (numbered for PostgreSQL)."""
    if isinstance(storage, SqliteStorage):
        await storage.connection.execute(sql, args)
        await storage.connection.commit()
        return
    assert isinstance(storage, PostgresStorage)
    numbered = sql
    for number in range(1, len(args) + 1):
        numbered = numbered.replace("?", f"${number}", 1)
    async with storage._pool.acquire() as connection:
        await connection.execute(numbered, *args)


async def fetch(storage: Storage, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    if isinstance(storage, SqliteStorage):
        async with storage.connection.execute(sql, args) as cursor:
            return [tuple(row) for row in await cursor.fetchall()]
    assert isinstance(storage, PostgresStorage)
    numbered = sql
    for number in range(1, len(args) + 1):
        numbered = numbered.replace("?", f"${number}", 1)
    async with storage._pool.acquire() as connection:
        return [tuple(row) for row in await connection.fetch(numbered, *args)]
