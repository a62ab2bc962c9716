"""Load time, index build, memory and per-question latency as the knowledge grows.

    python -m bench.scale [--sizes 1000,10000,100000] [--questions 2000]

First the shipped knowledge (load from YAML, build, latency over the held-out
questions), then generated bases: loaded from YAML files for sizes up to
10,000, built in memory above that (YAML parsing 100,000 entries is a load-time
figure, not a matching one). Ratios are against the smallest generated size.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench.evaluation import load_heldout, percentile
from bench.synthetic import SyntheticKnowledge
from bot.config import load_settings
from bot.knowledge.loader import load_knowledge
from bot.knowledge.models import KnowledgeSnapshot
from bot.matching.matcher import Matcher

_YAML_LOAD_LIMIT = 10_000


def latencies(matcher: Matcher, questions: list[str]) -> list[float]:
    for text in questions[:50]:  # warm caches (stems, spelling) as a running bot would have them
        matcher.match(text)
    times = []
    for text in questions:
        started = time.perf_counter()
        matcher.match(text)
        times.append((time.perf_counter() - started) * 1000)
    return times


def retained_mb(snapshot: KnowledgeSnapshot) -> float:
    """Memory the matcher keeps beyond the snapshot, traced in a build of its own (tracing is slow)."""
    tracemalloc.start()
    matcher = Matcher(snapshot)
    retained = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del matcher
    return retained / 2**20


def measure(snapshot: KnowledgeSnapshot, questions: list[str]) -> tuple[Matcher, dict[str, float]]:
    memory = retained_mb(snapshot)
    started = time.perf_counter()
    matcher = Matcher(snapshot)
    build = time.perf_counter() - started
    times = latencies(matcher, questions)
    figures = {"build_s": build, "index_mb": memory, "p50_ms": statistics.median(times)}
    return matcher, figures | {"p99_ms": percentile(times, 99)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--questions", type=int, default=2000)
    args = parser.parse_args()

    started = time.perf_counter()
    shipped = load_knowledge(load_settings().knowledge_dir)
    load_s = time.perf_counter() - started
    questions, out = load_heldout()
    texts = [q.text for q in questions] + [o.text for o in out]
    _, figures = measure(shipped, texts)
    print(f"Shipped knowledge: {len(shipped.entries)} entries, {len(texts)} held-out questions")
    print(
        f"  load {load_s * 1000:.1f} ms, index build {figures['build_s'] * 1000:.1f} ms, "
        f"p50 {figures['p50_ms']:.3f} ms, p99 {figures['p99_ms']:.3f} ms\n"
    )

    print(
        "| entries | phrasings | YAML load s | index build s | index memory MB | p50 ms | p99 ms | top-1 |"
        " p99 vs smallest |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    base_p99 = None
    for size in (int(s) for s in args.sizes.split(",")):
        generator = SyntheticKnowledge(size)
        snapshot = generator.snapshot()
        load = float("nan")
        if size <= _YAML_LOAD_LIMIT:
            with tempfile.TemporaryDirectory() as folder:
                generator.write(Path(folder), snapshot)
                started = time.perf_counter()
                snapshot = load_knowledge(Path(folder))
                load = time.perf_counter() - started
        pairs = generator.questions(args.questions)
        matcher, figures = measure(snapshot, [q for q, _ in pairs])
        right = sum(matcher.match(q).entry_id == expected for q, expected in pairs[:500]) / min(
            500, len(pairs)
        )
        base_p99 = base_p99 or figures["p99_ms"]
        phrasings = sum(len(e.phrasings) for e in snapshot.entries)
        print(
            f"| {size:,} | {phrasings:,} | {load:.2f} | {figures['build_s']:.2f} | {figures['index_mb']:.0f} "
            f"| {figures['p50_ms']:.3f} | {figures['p99_ms']:.3f} | {right:.0%} "
            f"| {figures['p99_ms'] / base_p99:.2f}x |",
            flush=True,
        )
        del matcher, snapshot


if __name__ == "__main__":
    main()
