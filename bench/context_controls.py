"""Controls at scale: every blind in-scope question asked after an unrelated turn, with and without it.

    python -m bench.context_controls [--test]

A question that stands on its own must get the same answer after any earlier turn. Each blind
in-scope question tuning may read (``tuning_blind``; with ``--test``, the current round's test half's
too) is asked after three first questions drawn
with a fixed seed from a few on other topics (a first question answered with one of its accepted
entries is skipped); printed: the pairs, those the conversation harmed (right alone, wrong after the
turn) and those it helped (wrong alone, right after it), and the harmed ones. Then each blind
out-of-scope message after three such turns ("lol ok", "any good restaurants there?" must not repeat
the last answer): how many are answered alone, and after the turn.
"""

from __future__ import annotations

import argparse
import random

from bench.evaluation import CURRENT_ROUND, load_blind, tuning_blind
from bot.config import load_settings
from bot.knowledge.loader import load_knowledge
from bot.matching.followup import Turn
from bot.matching.matcher import Matcher
from bot.matching.result import MatchStatus

#: First turns on several topics, written for this script (not from the blind set).
FIRST_TURNS = (
    "how much do ml engineers make in nyc",
    "what is tensorflow",
    "how is AI used in healthcare",
    "do I need a masters for ML?",
    "how do i prepare for ml interviews",
    "what does an ai engineer do",
    "is a bootcamp worth it",
    "will ai replace ml engineers",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--test", action="store_true", help="also the current round's test half")
    args = parser.parse_args()
    matcher = Matcher(load_knowledge(load_settings().knowledge_dir))
    questions, out = tuning_blind()
    if args.test:
        test = load_blind("test", allow_test=True, blind_round=CURRENT_ROUND)
        questions, out = questions + test[0], out + test[1]
    draw = random.Random(7)
    pairs = harmed = helped = 0
    harms = []
    for question in questions:
        alone = matcher.match(question.text).entry_id in question.accept
        for first in draw.sample(FIRST_TURNS, 3):
            answered = matcher.match(first).entry_id
            if answered in question.accept:
                continue
            after = matcher.match(question.text, [Turn(first, answered)]).entry_id
            pairs += 1
            if alone and after not in question.accept:
                harmed += 1
                harms.append(f"  {first!r} -> {question.text!r}: {after} (alone right)")
            helped += not alone and after in question.accept
    print(f"{pairs} pairs: the earlier turn harmed {harmed}, helped {helped}")
    print("\n".join(harms))
    print(out_of_scope_after_a_turn(matcher, [o.text for o in out], draw))


def out_of_scope_after_a_turn(matcher: Matcher, texts: list[str], draw: random.Random) -> str:
    """How often an out-of-scope message is answered alone, and after an unrelated turn."""
    pairs = alone = after = 0
    stuck = []
    for text in texts:
        answered_alone = matcher.match(text).status is MatchStatus.ANSWERED
        for first in draw.sample(FIRST_TURNS, 3):
            result = matcher.match(text, [Turn(first, matcher.match(first).entry_id)])
            pairs += 1
            alone += answered_alone
            after += result.status is MatchStatus.ANSWERED
            if result.status is MatchStatus.ANSWERED and not answered_alone:
                stuck.append(f"  {first!r} -> {text[:80]!r}: {result.entry_id}")
    lines = [f"{pairs} out-of-scope pairs: answered alone {alone}, after the turn {after}", *stuck[:20]]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
