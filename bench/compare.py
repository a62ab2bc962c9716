"""The project's matcher against rapidfuzz WRatio, BM25 and MiniLM embeddings, in one run.

    python -m bench.compare [--no-embeddings] [--misses]

Prints, for the held-out set (all of it, and its `test` half that tuning never
looks at): top-1 answered-and-right, right answer in the top 3, out-of-scope
abstention, ambiguous share, wrong answers, latency p50/p99, index build time
and memory, then ratios against each baseline and the follow-up figures.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass

from bench.baselines import BM25Ranker, MiniLMRanker, Ranker, ThresholdedRanker, WRatioRanker, best_threshold
from bench.conversations import report, service_converser
from bench.evaluation import (
    Decide,
    Decision,
    Scores,
    load_blind_conversations,
    load_heldout,
    score,
    score_dialogues,
    seen_dialogues,
)
from bench.memory import rss_mb
from bot.config import load_settings
from bot.knowledge.loader import load_knowledge
from bot.knowledge.models import KnowledgeSnapshot
from bot.matching.matcher import Matcher
from bot.matching.result import MatchStatus
from bot.service import AnswerService

PROJECT = "careerbot matcher"


@dataclass
class System:
    name: str
    decide: Decide
    build_seconds: float
    memory_mb: float
    scores: dict[str, Scores]


def project_decider(matcher: Matcher) -> Decide:
    def decide(text: str) -> Decision:
        result = matcher.match(text)
        return Decision(
            result.status is MatchStatus.ANSWERED, result.suggestions, result.status is MatchStatus.AMBIGUOUS
        )

    return decide


def build(factory: Callable[[], Decide | Ranker]) -> tuple[Decide | Ranker, float, float]:
    before, started = rss_mb(), time.perf_counter()
    built = factory()
    return built, time.perf_counter() - started, max(rss_mb() - before, 0.0)


def run_system(name: str, factory: Callable[[], Decide | Ranker]) -> System:
    built, seconds, memory = build(factory)
    questions, out = load_heldout("all")
    if isinstance(built, Ranker):
        decide = ThresholdedRanker(built, best_threshold(built, questions, out)).decide
    else:
        decide = built
    scores = {part: score(decide, *load_heldout(part)) for part in ("all", "test")}
    return System(name, decide, seconds, memory, scores)


def follow_ups(snapshot: KnowledgeSnapshot) -> str:
    """Conversations replayed through the service (bench/conversations.py): the seen set and blind dev."""
    converse = service_converser(AnswerService(load_settings().knowledge_dir, snapshot))
    lines = ["", "Follow-up conversations (later turns answered with an accepted entry):", ""]
    lines += ["| set | group | n | with context | alone |", "|---|---|---|---|---|"]
    lines += report("seen (bench/data)", score_dialogues(converse, seen_dialogues()))
    lines += report("blind dev", score_dialogues(converse, load_blind_conversations("dev")))
    return "\n".join(lines)


def table(systems: list[System], part: str) -> str:
    head = (
        "| system | top-1 | top-3 | abstention | ambiguous | wrong | p50 ms | p99 ms | build s | memory MB |"
    )
    lines = [head, "|---" * 10 + "|"]
    for s in systems:
        sc = s.scores[part]
        lines.append(
            f"| {s.name} | {sc.top1:.1%} | {sc.top3:.1%} | {sc.abstention:.1%} | {sc.ambiguous:.1%} "
            f"| {sc.wrong:.1%} | {sc.p50:.3f} | {sc.p99:.3f} | {s.build_seconds:.2f} | {s.memory_mb:.1f} |"
        )
    return "\n".join(lines)


def ratios(ours: System, others: list[System]) -> str:
    lines = ["", "Ratios, careerbot matcher / baseline (held-out, all):", ""]
    lines += ["| baseline | top-1 | abstention | p50 latency | p99 latency | build time | memory |"]
    lines += ["|---|---|---|---|---|---|---|"]
    mine = ours.scores["all"]
    for other in others:
        theirs = other.scores["all"]

        def r(a: float, b: float) -> str:
            return f"{a / b:.2f}x" if b else "n/a"

        lines.append(
            f"| {other.name} | {r(mine.top1, theirs.top1)} | {r(mine.abstention, theirs.abstention)} "
            f"| {r(mine.p50, theirs.p50)} | {r(mine.p99, theirs.p99)} "
            f"| {r(ours.build_seconds, other.build_seconds)} "
            f"| {r(max(ours.memory_mb, 0.1), max(other.memory_mb, 0.1))} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-embeddings", action="store_true", help="skip MiniLM (needs the bench extra)")
    parser.add_argument("--misses", action="store_true", help="list the project's misses on the dev half")
    args = parser.parse_args()

    snapshot: KnowledgeSnapshot = load_knowledge(load_settings().knowledge_dir)
    questions, out = load_heldout("all")
    print(f"knowledge: {len(snapshot.entries)} entries; held-out: {len(questions)} in scope, {len(out)} out")
    print(f"(test half: {len(load_heldout('test')[0])} in scope, {len(load_heldout('test')[1])} out)\n")

    ours = run_system(PROJECT, lambda: project_decider(Matcher(snapshot)))
    others = [run_system(WRatioRanker.name, lambda: WRatioRanker(snapshot))]
    others.append(run_system(BM25Ranker.name, lambda: BM25Ranker(snapshot)))
    if not args.no_embeddings:
        others.append(run_system(MiniLMRanker.name, lambda: MiniLMRanker(snapshot)))
    systems = [ours, *others]
    print("Held-out, all:\n")
    print(table(systems, "all"))
    print("\nHeld-out, test half only:\n")
    print(table(systems, "test"))
    print(ratios(ours, others))
    print("\nProject matcher top-1 by style (all):", end=" ")
    print(", ".join(f"{k} {v:.0%}" for k, v in ours.scores["all"].by_style.items()))
    print(follow_ups(snapshot))
    if args.misses:
        dev = score(ours.decide, *load_heldout("dev"))
        print("\nMisses on the dev half:")
        for text, expected, got in dev.misses:
            print(f"  {expected:32} got {'/'.join(got) or '-':50} <- {text[:90]}")


if __name__ == "__main__":
    main()
