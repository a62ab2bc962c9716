"""Whether a change to the matcher changes any answer: record every answer, then compare.

    python -m bench.same_answers --record answers.json   # before the change
    python -m bench.same_answers --check answers.json    # after: exits 1 on any difference

Every question of bench/data's held-out set, the blind set's dev half and its dev conversations
(each turn read with the turns before it, as a conversation replays) is matched through the
shipped knowledge's matcher (semantic signal included); what is kept of each is its status, the
answering entry, the candidates and their scores rounded to 4 places, and whether the
conversation was used. Never reads the blind test half.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bench.evaluation import load_blind, load_blind_conversations, load_heldout
from bot.config import load_settings
from bot.knowledge.loader import load_knowledge
from bot.matching.artefacts import ArtefactCache
from bot.matching.followup import Turn
from bot.matching.matcher import Matcher
from bot.matching.result import MatchResult


def _kept(result: MatchResult) -> list[object]:
    return [
        result.status.value,
        result.entry_id,
        [[c.entry_id, round(c.score, 4)] for c in result.candidates],
        result.used_context,
    ]


def answers(matcher: Matcher) -> dict[str, list[object]]:
    """Each question's kept answer, by a key naming its set and place in it."""
    kept: dict[str, list[object]] = {}
    for name, (inside, outside) in (("heldout", load_heldout()), ("blind-dev", load_blind("dev"))):
        for number, text in enumerate([q.text for q in inside] + [o.text for o in outside]):
            kept[f"{name}:{number}"] = _kept(matcher.match(text))
    for number, dialogue in enumerate(load_blind_conversations("dev")):
        earlier: list[Turn] = []
        for turn_number, turn in enumerate(dialogue.turns):
            result = matcher.match(turn.text, earlier)
            kept[f"blind-dev-conversation:{number}:{turn_number}"] = _kept(result)
            earlier.append(Turn(turn.text, result.entry_id))
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--record", type=Path, help="write every answer to this JSON file")
    group.add_argument("--check", type=Path, help="compare every answer with this JSON file")
    args = parser.parse_args()
    settings = load_settings()
    cache = ArtefactCache(settings.matcher_cache_dir) if settings.matcher_cache_dir else None
    kept = answers(Matcher(load_knowledge(settings.knowledge_dir), cache=cache))
    if args.record:
        args.record.write_text(json.dumps(kept, indent=0), encoding="utf-8")
        print(f"recorded {len(kept)} answers in {args.record}")
        return
    before = json.loads(args.check.read_text(encoding="utf-8"))
    differ = sorted(k for k in before.keys() | kept.keys() if before.get(k) != kept.get(k))
    for key in differ[:20]:
        print(f"{key}: before {before.get(key)}, after {kept.get(key)}")
    print(f"{len(kept)} answers, {len(differ)} different")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
