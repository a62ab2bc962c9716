"""How long a reload of a big knowledge holds the event loop, against the old path, in the same run.

    python -m bench.reload_stall [--entries 3000]

A generated knowledge just under the default KNOWLEDGE_MAX_FILE_BYTES is written to a temporary
folder; while a ticker on the event loop measures how late its 10 ms sleeps wake up, it is
reloaded twice: the old way (files read in a thread, then parsed and validated on the loop, as
/faq reload and the watcher did until 2026-12-01) and through ``KnowledgeEditor.reload`` (parsing and
validation in a worker thread). Then a 50 MB file is refused, and how long that takes.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from bench.synthetic import SyntheticKnowledge
from bot.knowledge.folder import DEFAULT_MAX_FILE_BYTES
from bot.knowledge.loader import build_snapshot, load_knowledge, read_knowledge_files
from bot.moderation.editor import KnowledgeEditor
from bot.service import AnswerService

TICK = 0.01


async def worst_stall(work: asyncio.Future[object] | asyncio.Task[object]) -> float:
    """The longest the loop was held (ms) while ``work`` ran: how late a 10 ms sleep woke up."""
    worst = 0.0
    while not work.done():
        started = time.perf_counter()
        await asyncio.sleep(TICK)
        worst = max(worst, time.perf_counter() - started - TICK)
    await work
    return worst * 1000


async def old_reload(directory: Path) -> None:
    files = await asyncio.to_thread(read_knowledge_files, directory)
    build_snapshot(files, label=directory.name)


async def run(entries: int) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        directory = Path(temporary) / "knowledge"
        generated = SyntheticKnowledge(entries)
        generated.write(directory, generated.snapshot())
        size = sum(p.stat().st_size for p in directory.rglob("*.yaml"))
        largest = max(p.stat().st_size for p in directory.rglob("*.yaml"))
        print(
            f"{entries} entries, {size / 1e6:.1f} MB of YAML (largest file {largest / 1e6:.2f} MB, "
            f"limit {DEFAULT_MAX_FILE_BYTES / 1e6:.1f} MB)"
        )
        service = AnswerService(directory, load_knowledge(directory))
        editor = KnowledgeEditor(service, None)

        started = time.perf_counter()
        old = await worst_stall(asyncio.ensure_future(old_reload(directory)))
        old_total = time.perf_counter() - started
        started = time.perf_counter()
        new = await worst_stall(asyncio.ensure_future(editor.reload()))
        new_total = time.perf_counter() - started
        print(f"{'reload':<34} {'worst loop stall ms':>20} {'total s':>8}")
        print(f"{'old: parse + validate on the loop':<34} {old:20.0f} {old_total:8.2f}")
        print(f"{'now: in a worker thread':<34} {new:20.0f} {new_total:8.2f}")
        print(f"stall ratio old / now: {old / max(new, 0.1):.0f}x")

        with (directory / "faq" / "huge.yaml").open("wb") as handle:
            handle.truncate(50 * 1024 * 1024)
        started = time.perf_counter()
        outcome = await editor.reload()
        print(f"50 MB file: refused in {(time.perf_counter() - started) * 1000:.1f} ms: {outcome.errors[0]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=3000)
    asyncio.run(run(parser.parse_args().entries))


if __name__ == "__main__":
    main()
