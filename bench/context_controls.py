"""Controls at scale: every blind in-scope question asked after an unrelated turn, with and without it.

    python -m bench.context_controls [--test]

A question that stands on its own must get the same answer after any earlier turn. Each blind dev
in-scope question (with ``--test``, the test half's too) is asked after three first questions drawn
with a fixed seed from a few on other topics (a first question answered with one of its accepted
entries is skipped); printed: the pairs, those the conversation harmed (right alone, wrong after the
turn) and those it helped (wrong alone, right after it), and the harmed ones.
"""

from __future__ import annotations

import argparse
import random

from bench.evaluation import load_blind
from bot.config import load_settings
from bot.knowledge.loader import load_knowledge
from bot.matching.followup import Turn
from bot.matching.matcher import Matcher

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
    parser.add_argument("--test", action="store_true", help="also the blind test half's questions")
    args = parser.parse_args()
    matcher = Matcher(load_knowledge(load_settings().knowledge_dir))
    questions = load_blind("dev")[0] + (load_blind("test", allow_test=True)[0] if args.test else [])
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


if __name__ == "__main__":
    main()
