"""Per-question latency on the shipped knowledge, against baselines timed in the same run.

    python -m bench.latency [--rounds 7] [--sets blind,seen,long]

Times ``Matcher.match`` (semantic signal included) on the current blind round's dev half, the seen
held-out set and the dev half's long messages (three sentences or more: the ones read in several
ways, bot/matching/matcher.py's best_reading), beside the same matcher's plain lexical path
(``dense=False``: no embeddings) and BM25 (rank_bm25, one document per entry). A warm-up pass
fills what a running process keeps for every matcher (stems, word frequencies, the words' token
ids); then each round builds the matchers afresh (from the artefact cache, as a reload does), so
no question is one its matcher has read before, and times every system on every set, interleaved.
The figures are the medians over the rounds of each round's p50 and p99, wall clock and this
thread's CPU time (on a shared machine the wall clock's tail is mostly waiting for a core). The
ratios are the matcher's over each baseline's, round by round, then the median; the target is
issue #10's p99 <= 2 ms a question.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from bench.baselines import BM25Ranker
from bench.evaluation import CURRENT_ROUND, load_blind, load_heldout, percentile
from bot.config import load_settings
from bot.knowledge.loader import load_knowledge
from bot.matching.artefacts import ArtefactCache
from bot.matching.matcher import Matcher
from bot.matching.normalize import clean, split_sentences

_P99_TARGET_MS = 2.0
#: A long message: at least this many sentences.
_LONG_SENTENCES = 3
PROJECT = "careerbot matcher"
LEXICAL = "matcher, lexical only"
BM25 = "BM25 (rank_bm25)"


def question_sets() -> dict[str, list[str]]:
    """The texts timed, by set name: blind dev (in and out of scope), seen held-out, long messages."""
    inside, outside = load_blind("dev", blind_round=CURRENT_ROUND)
    blind = [q.text for q in inside] + [o.text for o in outside]
    seen_in, seen_out = load_heldout("all")
    seen = [q.text for q in seen_in] + [o.text for o in seen_out]
    long = [t for t in blind if len(split_sentences(clean(t))) >= _LONG_SENTENCES]
    return {"blind": blind, "seen": seen, "long": long}


def timings(answer: Callable[[str], object], texts: list[str]) -> tuple[list[float], list[float]]:
    """Each text's wall-clock and CPU milliseconds."""
    wall, cpu = [], []
    for text in texts:
        started, used = time.perf_counter(), time.thread_time()
        answer(text)
        cpu.append((time.thread_time() - used) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return wall, cpu


def figures(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), percentile(values, 99)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="timed rounds; medians are over them")
    parser.add_argument("--sets", default="blind,seen,long", help="which question sets, comma-separated")
    args = parser.parse_args()

    settings = load_settings()
    snapshot = load_knowledge(settings.knowledge_dir)
    cache = ArtefactCache(settings.matcher_cache_dir) if settings.matcher_cache_dir else None
    sets = {name: texts for name, texts in question_sets().items() if name in args.sets.split(",")}
    bm25 = BM25Ranker(snapshot)

    def systems() -> dict[str, Callable[[str], object]]:
        return {
            PROJECT: Matcher(snapshot, cache=cache).match,
            LEXICAL: Matcher(snapshot, dense=False, cache=cache).match,
            BM25: bm25.rank,
        }

    print(f"knowledge: {len(snapshot.entries)} entries; {args.rounds} rounds")
    warm = systems()
    for name, texts in sets.items():
        print(f"{name}: {len(texts)} questions")
        for answer in warm.values():
            for text in texts:
                answer(text)

    # (set, system) -> per round: (wall p50, wall p99, cpu p50, cpu p99)
    measured: dict[tuple[str, str], list[tuple[float, float, float, float]]] = {}
    for _ in range(args.rounds):
        fresh = systems()
        for name, texts in sets.items():
            for system, answer in fresh.items():
                wall, cpu = timings(answer, texts)
                measured.setdefault((name, system), []).append((*figures(wall), *figures(cpu)))

    def median(name: str, system: str, column: int) -> float:
        return statistics.median(r[column] for r in measured[(name, system)])

    def ratio(name: str, other: str, column: int) -> float:
        pairs = zip(measured[(name, PROJECT)], measured[(name, other)], strict=True)
        return statistics.median(ours[column] / theirs[column] for ours, theirs in pairs)

    print("\n| set | system | p50 ms | p99 ms | CPU p50 ms | CPU p99 ms | p99 / 2 ms |")
    print("|---|---|---|---|---|---|---|")
    for name in sets:
        for system in warm:
            p50, p99, cpu50, cpu99 = (median(name, system, c) for c in range(4))
            print(
                f"| {name} | {system} | {p50:.3f} | {p99:.3f} | {cpu50:.3f} | {cpu99:.3f} "
                f"| {p99 / _P99_TARGET_MS:.2f} |"
            )
    print(f"\nRatios, {PROJECT} / baseline (median over rounds):\n")
    print("| set | baseline | p50 | p99 | CPU p50 | CPU p99 |")
    print("|---|---|---|---|---|---|")
    for name in sets:
        for other in (LEXICAL, BM25):
            values = " | ".join(f"{ratio(name, other, c):.2f}x" for c in range(4))
            print(f"| {name} | {other} | {values} |")


if __name__ == "__main__":
    main()
