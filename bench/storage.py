"""Storage throughput and knowledge-edit latency, SQLite and PostgreSQL side by side.

    python -m bench.storage [--questions 2000] [--concurrency 16] [--edits 20]

Both backends are measured in the same run on this machine; ratios are against SQLite. PostgreSQL is
the server ``TEST_DATABASE_URL`` names (a fresh database is made in it), else a throw-away cluster
started here with Debian's ``initdb`` (as the tests do), on 127.0.0.1 with ``fsync=off``: real
round trips over loopback, but not a durable disk, so the write figures are an upper bound.

- questions/s, one at a time: ``record_question`` awaited in turn (what one busy shard does).
- questions/s, concurrent: ``--concurrency`` tasks logging at once (several shards' worth; SQLite
  serialises them on its one connection, PostgreSQL spreads them over its pool).
- edit ms: one ``/faq`` alternate added through the real editor and audit log (validate the whole
  knowledge, record, write the file atomically, rebuild the matcher), median and worst; with
  PostgreSQL also holding its advisory edit lock and sending the NOTIFY.
- lock ms: taking and releasing PostgreSQL's advisory edit lock alone.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

from bot.knowledge.loader import default_knowledge_dir
from bot.matching.result import MatchStatus
from bot.moderation.audit import AuditLog
from bot.moderation.changes import Actor
from bot.moderation.editor import KnowledgeEditor
from bot.service import AnswerService
from bot.storage import SqliteStorage, Storage
from bot.storage.postgres import PostgresStorage
from tests.support.postgres import PostgresCluster, fresh_database, postgres_bin

ACTOR = Actor(1, "bench", None)
ENTRY = "ai-engineer-role"


async def questions_per_second(storage: Storage, count: int, concurrency: int) -> float:
    async def log(n: int) -> None:
        await storage.record_question(
            user_id=n,
            guild_id=1,
            channel_id=2,
            via="slash",
            question=f"how much do ml engineers make in city {n}?",
            status=MatchStatus.ANSWERED,
            entry_id="salary",
            score=0.9,
        )

    started = time.perf_counter()
    if concurrency == 1:
        for n in range(count):
            await log(n)
    else:
        queue = iter(range(count))

        async def worker() -> None:
            for n in queue:
                await log(n)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return count / (time.perf_counter() - started)


async def edit_latencies(storage: Storage, knowledge: Path, edits: int) -> list[float]:
    editor = KnowledgeEditor(AnswerService.load(knowledge), await AuditLog.open(storage))
    lock = storage.edit_lock()
    times = []
    for n in range(edits):
        started = time.perf_counter()
        async with lock.hold() if lock is not None else contextlib.nullcontext():
            await editor.add_alternate(ENTRY, f"what does an ai engineer do all day, take {n}", ACTOR)
        await storage.announce_knowledge_change()
        times.append((time.perf_counter() - started) * 1000)
    return times


async def lock_latencies(storage: PostgresStorage, times: int) -> list[float]:
    lock = storage.edit_lock()
    result = []
    for _ in range(times):
        started = time.perf_counter()
        async with lock.hold():
            pass
        result.append((time.perf_counter() - started) * 1000)
    return result


@contextlib.asynccontextmanager
async def postgres_database() -> AsyncIterator[str]:
    cluster = None
    server = os.environ.get("TEST_DATABASE_URL")
    if server is None:
        bin_dir = postgres_bin()
        if bin_dir is None:
            raise SystemExit("PostgreSQL's initdb is not installed (apt-get install postgresql)")
        cluster = PostgresCluster(bin_dir)
        cluster.start()
        server = cluster.url
    try:
        async for url in fresh_database(server):
            yield url
    finally:
        if cluster is not None:
            cluster.remove()


async def measure(args: argparse.Namespace) -> None:
    rows: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        async with postgres_database() as url:
            for name in ("SQLite", "PostgreSQL"):
                knowledge = root / name / "knowledge"
                shutil.copytree(default_knowledge_dir(), knowledge, ignore=shutil.ignore_patterns("*.md"))
                if name == "SQLite":
                    storage: Storage = await SqliteStorage.open(root / name / "careerbot.sqlite3")
                else:
                    storage = await PostgresStorage.open(url)
                try:
                    await questions_per_second(storage, 100, 1)  # warm up
                    one = questions_per_second(storage, args.questions, 1)
                    row = {"q/s one at a time": await one}
                    row["q/s concurrent"] = await questions_per_second(
                        storage, args.questions, args.concurrency
                    )
                    edits = await edit_latencies(storage, knowledge, args.edits)
                    row["edit p50 ms"] = statistics.median(edits)
                    row["edit max ms"] = max(edits)
                    if isinstance(storage, PostgresStorage):
                        row["lock p50 ms"] = statistics.median(await lock_latencies(storage, 200))
                finally:
                    await storage.close()
                rows[name] = row
    columns = list(rows["PostgreSQL"])
    print(f"{args.questions} questions, concurrency {args.concurrency}, {args.edits} edits; ratio vs SQLite")
    print("| backend | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for name, row in rows.items():
        cells = []
        for column in columns:
            value = row.get(column)
            if value is None:
                cells.append("-")
                continue
            base = rows["SQLite"].get(column)
            ratio = f" ({value / base:.2f}x)" if base and name != "SQLite" else ""
            cells.append(f"{value:,.1f}{ratio}")
        print(f"| {name} | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--edits", type=int, default=20)
    asyncio.run(measure(parser.parse_args()))


if __name__ == "__main__":
    main()
