"""Follow-ups: conversations replayed through the bot's one entrance, with and without memory.

    python -m bench.conversations [--misses] [--test]

Each conversation is asked in order as one person in one place (``AnswerService.respond`` with
a conversation key of its own), then each message again on its own: the second column is the
baseline measured in the same run. Every turn after the first is scored: answered, and with an
accepted entry. Reported for the current blind round's dev half (tuning may read it), the spent
rounds, the seen set (``bench/data/conversations.yaml``) and, only with ``--test``, the current
round's test half.
"""

from __future__ import annotations

import argparse
import itertools
import time
from collections.abc import Sequence

from bench.evaluation import (
    Converse,
    Dialogue,
    FollowUpScores,
    blind_dialogue_sets,
    percentile,
    score_dialogues,
    seen_dialogues,
)
from bot.config import load_settings
from bot.service import AnswerService, Question


def service_converser(service: AnswerService, took_ms: dict[bool, list[float]] | None = None) -> Converse:
    """Each replay with context is a new conversation of its own; without, no conversation at all.

    ``took_ms`` collects each later turn's time, by whether it was asked with context."""
    keys = itertools.count()

    def converse(texts: Sequence[str], with_context: bool) -> list[str | None]:
        key = f"bench:{next(keys)}" if with_context else None
        answered = []
        for number, text in enumerate(texts):
            started = time.perf_counter()
            answered.append(service.respond(Question(text), conversation=key).entry_id)
            if took_ms is not None and number:
                took_ms.setdefault(with_context, []).append((time.perf_counter() - started) * 1000)
        return answered

    return converse


def report(name: str, scores: FollowUpScores) -> list[str]:
    return [
        f"| {name} | {group} | {scores.count[group]} | {scores.share(group):.1%} "
        f"| {scores.share(group, with_context=False):.1%} |"
        for group in sorted(scores.count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the missed turns (never the test half's)")
    parser.add_argument(
        "--test", action="store_true", help="also the blind test half (read it once, at the end)"
    )
    args = parser.parse_args()
    service = AnswerService.load(load_settings().knowledge_dir)
    took_ms: dict[bool, list[float]] = {}
    converse = service_converser(service, took_ms)
    sets: list[tuple[str, list[Dialogue]]] = blind_dialogue_sets(test=args.test)
    sets.insert(-1 if args.test else len(sets), ("seen (bench/data)", seen_dialogues()))
    print("| set | group | n | with context | alone |\n|---|---|---|---|---|")
    results = {name: score_dialogues(converse, dialogues) for name, dialogues in sets}
    for name, scores in results.items():
        print("\n".join(report(name, scores)))
    print("\nLater turns' time through AnswerService.respond, with context against alone (same run):")
    for pct in (50, 99):
        with_, alone = percentile(took_ms[True], pct), percentile(took_ms[False], pct)
        print(f"  p{pct}: {with_:.2f} ms with context, {alone:.2f} ms alone ({with_ / alone:.2f}x)")
    if args.misses:
        for name in (n for n in results if not n.endswith("test")):
            print(f"\nMissed turns ({name}), expected per turn, then what the bot answered:")
            for texts, expected, got in results[name].misses:
                print(f"  {texts}\n      want {' | '.join(expected)}\n      got  {' | '.join(map(str, got))}")


if __name__ == "__main__":
    main()
