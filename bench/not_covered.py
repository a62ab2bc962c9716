"""Honest about what is not covered: leave-topic-out on the blind dev half, and near out-of-scope.

    python -m bench.not_covered [--misses]

For each topic of the blind dev half, the knowledge is rebuilt without the entries its questions
accept, and those questions are asked: no entry covers them any more, so the right reply is "not
sure" (or "did you mean"), never a confident answer with a neighbour. Prints the share not answered
(the target: as high as out-of-scope abstention), by style, beside the near and far out-of-scope
abstention of the full knowledge. Slow-ish: one index build per topic.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from dataclasses import replace

from bench.evaluation import load_blind
from bot.config import load_settings
from bot.knowledge.loader import load_knowledge
from bot.matching.matcher import Matcher
from bot.matching.result import MatchStatus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the questions answered anyway")
    args = parser.parse_args()
    snapshot = load_knowledge(load_settings().knowledge_dir)
    questions, out = load_blind("dev")
    by_topic = defaultdict(list)
    for question in questions:
        by_topic[question.accept].append(question)
    held = answered = 0
    styles: dict[str, list[bool]] = defaultdict(list)
    misses = []
    for accept, asked in sorted(by_topic.items(), key=lambda item: sorted(item[0])):
        kept = tuple(e for e in snapshot.entries if e.id not in accept)
        matcher = Matcher(replace(snapshot, entries=kept))
        for question in asked:
            result = matcher.match(question.text)
            confident = result.status is MatchStatus.ANSWERED
            held += 1
            answered += confident
            styles[question.style].append(not confident)
            if confident:
                misses.append((question.text, "/".join(sorted(accept)), result.entry_id))
    full = Matcher(snapshot)
    kinds: dict[str, list[bool]] = defaultdict(list)
    for item in out:
        kinds[item.kind].append(full.match(item.text).status is not MatchStatus.ANSWERED)
    print(f"Leave-topic-out, blind dev: {held} questions of {len(by_topic)} withheld topics")
    print(
        f"  not answered (unsure or did-you-mean): {(held - answered) / held:.1%}; "
        f"answered confidently with another entry: {answered / held:.1%}"
    )
    print("  by style: " + ", ".join(f"{s} {sum(v) / len(v):.0%}" for s, v in sorted(styles.items())))
    print(
        "Out-of-scope abstention, blind dev: "
        + ", ".join(f"{k} {sum(v) / len(v):.1%} of {len(v)}" for k, v in sorted(kinds.items()))
    )
    if args.misses:
        for text, withheld, got in misses:
            print(f"  {withheld:30} -> {got:30} <- {text[:80]}")


if __name__ == "__main__":
    main()
