"""The project's matcher against rapidfuzz WRatio, BM25 and MiniLM embeddings, in one run.

    python -m bench.compare [--no-embeddings] [--misses] [--test]

Prints, for the current blind round's `dev` half (all of it, and without the texts that equal a
knowledge phrasing, see bench/blind/README.md), each spent round (tuned on) and the seen
held-out set (all of it, and its `test` half): top-1 answered-and-right, right answer in the top 3,
answered with a wrong entry, out-of-scope abstention (all, near the domain, far from it),
ambiguous share, latency p50/p99, index build time and memory, then ratios against each
baseline, top-1 by style and the follow-up figures. Each baseline gets the threshold best for
it on the current round's dev half (on the seen set, on all of it). `--test` adds the current
round's `test` half: read it once, at the end of the round's work.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass

from bench.baselines import BM25Ranker, MiniLMRanker, Ranker, ThresholdedRanker, WRatioRanker, best_threshold
from bench.conversations import report, service_converser
from bench.evaluation import (
    CURRENT_ROUND,
    Decide,
    Decision,
    Part,
    Scores,
    blind_dialogue_sets,
    known_texts,
    load_blind,
    load_heldout,
    plain,
    score,
    score_dialogues,
    seen_dialogues,
    spent_rounds,
    texts_of,
)
from bench.memory import rss_mb
from bot.config import load_settings
from bot.knowledge.loader import load_knowledge
from bot.knowledge.models import KnowledgeSnapshot
from bot.matching.matcher import Matcher
from bot.matching.result import MatchStatus
from bot.service import AnswerService

PROJECT = "careerbot matcher"
#: Sets of parts; a baseline's threshold is fitted on the first part of each set.
Sets = dict[str, dict[str, Part]]


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


def run_system(name: str, factory: Callable[[], Decide | Ranker], sets: Sets) -> System:
    built, seconds, memory = build(factory)
    scores: dict[str, Scores] = {}
    decide = built
    for parts in sets.values():
        if isinstance(built, Ranker):
            decide = ThresholdedRanker(built, best_threshold(built, *next(iter(parts.values())))).decide
        scores |= {part: score(decide, *questions) for part, questions in parts.items()}
    return System(name, decide, seconds, memory, scores)


def evaluation_sets(snapshot: KnowledgeSnapshot, *, test: bool) -> Sets:
    """The blind dev half (and without the texts equal to a knowledge phrasing or to a question tuning
    has read: the spent rounds' and the seen set's), the spent rounds, the seen set."""
    spent = {f"blind{number} (spent)": part for number, part in spent_rounds().items()}
    seen = {"seen all": load_heldout("all"), "seen test half": load_heldout("test")}
    known = known_texts(snapshot) | texts_of(seen["seen all"], *spent.values())

    def fresh(part: Part) -> Part:
        return [q for q in part[0] if plain(q.text) not in known], [
            o for o in part[1] if plain(o.text) not in known
        ]

    dev = load_blind("dev", blind_round=CURRENT_ROUND)
    blind = {"blind dev": dev, "blind dev, no overlaps": fresh(dev)}
    if test:
        blind |= {"blind test": load_blind("test", allow_test=True, blind_round=CURRENT_ROUND)}
        blind |= {"blind test, no overlaps": fresh(blind["blind test"])}
    return {"blind": blind, "spent": spent, "seen": seen}


def follow_ups(snapshot: KnowledgeSnapshot, *, test: bool) -> str:
    """Conversations replayed through the service (bench/conversations.py): seen, then the blind rounds."""
    converse = service_converser(AnswerService(load_settings().knowledge_dir, snapshot))
    lines = ["", "Follow-up conversations (later turns answered with an accepted entry):", ""]
    lines += ["| set | group | n | with context | alone |", "|---|---|---|---|---|"]
    lines += report("seen (bench/data)", score_dialogues(converse, seen_dialogues()))
    for name, dialogues in blind_dialogue_sets(test=test):
        lines += report(name, score_dialogues(converse, dialogues))
    return "\n".join(lines)


def table(systems: list[System], part: str) -> str:
    head = (
        "| system | top-1 | top-3 | wrong | abstention | near | far | ambiguous | p50 ms | p99 ms "
        "| build s | memory MB |"
    )
    lines = [head, "|---" * 12 + "|"]
    for s in systems:
        sc = s.scores[part]
        kinds = sc.abstention_by_kind
        near, far = (f"{kinds[k]:.1%}" if k in kinds else "-" for k in ("near", "far"))
        lines.append(
            f"| {s.name} | {sc.top1:.1%} | {sc.top3:.1%} | {sc.wrong:.1%} | {sc.abstention:.1%} | {near} "
            f"| {far} | {sc.ambiguous:.1%} | {sc.p50:.3f} | {sc.p99:.3f} | {s.build_seconds:.2f} "
            f"| {s.memory_mb:.1f} |"
        )
    return "\n".join(lines)


def ratios(ours: System, others: list[System], part: str) -> str:
    lines = ["", f"Ratios, careerbot matcher / baseline ({part}):", ""]
    lines += ["| baseline | top-1 | abstention | p50 latency | p99 latency | build time | memory |"]
    lines += ["|---|---|---|---|---|---|---|"]
    mine = ours.scores[part]
    for other in others:
        theirs = other.scores[part]

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
    parser.add_argument(
        "--misses", action="store_true", help="list the project's misses on the blind dev half"
    )
    parser.add_argument("--test", action="store_true", help="also the blind test half: once, at the end")
    args = parser.parse_args()

    snapshot: KnowledgeSnapshot = load_knowledge(load_settings().knowledge_dir)
    sets = evaluation_sets(snapshot, test=args.test)
    print(f"knowledge: {len(snapshot.entries)} entries")
    for parts in sets.values():
        for part, (questions, out) in parts.items():
            print(f"{part}: {len(questions)} in scope, {len(out)} out of scope")

    ours = run_system(PROJECT, lambda: project_decider(Matcher(snapshot)), sets)
    others = [run_system(WRatioRanker.name, lambda: WRatioRanker(snapshot), sets)]
    others.append(run_system(BM25Ranker.name, lambda: BM25Ranker(snapshot), sets))
    if not args.no_embeddings:
        others.append(run_system(MiniLMRanker.name, lambda: MiniLMRanker(snapshot), sets))
    systems = [ours, *others]
    for parts in sets.values():
        for part in parts:
            print(f"\n{part}:\n")
            print(table(systems, part))
    headline = "blind test" if args.test else "blind dev"
    print(ratios(ours, others, headline))
    for part in (headline, "seen all"):
        print(f"\nProject matcher top-1 by style ({part}):", end=" ")
        print(", ".join(f"{k} {v:.0%}" for k, v in ours.scores[part].by_style.items()))
    print(follow_ups(snapshot, test=args.test))
    if args.misses:
        print("\nMisses on the blind dev half:")
        for text, expected, got in ours.scores["blind dev"].misses:
            print(f"  {expected:32} got {'/'.join(got) or '-':50} <- {text[:90]}")


if __name__ == "__main__":
    main()
