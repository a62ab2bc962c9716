"""How well the knowledge covers itself: each alternate is taken out and asked as a question.

    python -m bench.leave_one_out [entry-id ...]

For every alternate of the given entries (all entries when none are given), the
index is rebuilt without it and the alternate is matched. It prints the ones not
answered with their own entry, then the share answered right and ranked first.
An alternate that goes to a neighbour is often about the neighbour; an entry
whose alternates keep missing needs more phrasings. Needs no held-out data, so
content writers may run it as often as they like. Slow: one index build per
alternate (about 0.15 s each for the shipped knowledge).
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from bot.config import load_settings
from bot.knowledge.loader import load_knowledge
from bot.knowledge.models import KnowledgeSnapshot
from bot.matching.matcher import Matcher
from bot.matching.result import MatchStatus


def without_alternate(snapshot: KnowledgeSnapshot, entry: int, alternate: int) -> KnowledgeSnapshot:
    entries = list(snapshot.entries)
    kept = entries[entry].alternates
    entries[entry] = replace(entries[entry], alternates=kept[:alternate] + kept[alternate + 1 :])
    return replace(snapshot, entries=tuple(entries))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("entries", nargs="*", help="entry ids (default: every entry)")
    wanted = set(parser.parse_args().entries)
    snapshot = load_knowledge(load_settings().knowledge_dir)
    total = answered = ranked_first = 0
    for number, entry in enumerate(snapshot.entries):
        if wanted and entry.id not in wanted:
            continue
        for position, alternate in enumerate(entry.alternates):
            result = Matcher(without_alternate(snapshot, number, position)).match(alternate)
            total += 1
            ranked_first += result.suggestions[:1] == (entry.id,)
            if result.status is MatchStatus.ANSWERED and result.entry_id == entry.id:
                answered += 1
                continue
            got = "/".join(result.suggestions) or "-"
            print(f"{entry.id:30} {result.status.value:9} got {got:60} <- {alternate}")
    if total:
        print(f"\n{total} alternates: {answered / total:.1%} answered right, ", end="")
        print(f"{ranked_first / total:.1%} ranked first")


if __name__ == "__main__":
    main()
