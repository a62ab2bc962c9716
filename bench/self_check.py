"""Could a knowledge base calibrate its own answer threshold? Leave-phrasings-out, measured.

    python -m bench.self_check [--seeds 2]

Issue #10 asks whether the decision could be calibrated from the knowledge itself, so that a base
other moderators write works as well as ours. The idea measured here: at index build, hold out one
phrasing of each entry (of those with three or more) and every phrasing of a fifth of the entries,
rebuild, and ask the held-out phrasings: the first are in scope (answered right or not), the second
not covered. From those, a shift of the confidence model's log-odds for this knowledge: the one that
best balances answered-right and abstained (the paper's criterion), less the same for the shipped
knowledge, so ours is unchanged. Printed for the shipped knowledge and CLINC150 (all utterances, and
10 per intent), beside what each shift does on the real questions (the blind dev half; CLINC's test
split, every third query). Nothing in the bot uses it: it shows whether it would help.
"""

from __future__ import annotations

import argparse
import math
import random
from dataclasses import replace

from bench import clinc150
from bench.evaluation import load_blind
from bot.config import load_settings
from bot.knowledge.loader import load_knowledge
from bot.knowledge.models import KnowledgeSnapshot
from bot.matching.calibration import BIAS, FEATURES, WEIGHTS
from bot.matching.features import Features
from bot.matching.matcher import Matcher

SHIFTS = tuple(s / 2 for s in range(-6, 5))
#: One reading: its log-odds (-inf when never answered), whether answered right, whether in scope.
Asked = list[tuple[float, bool, bool]]


def log_odds(features: Features) -> float:
    """The confidence model's log-odds (bot/matching/confidence.py): answered at 0 and above."""
    return BIAS + sum(w * getattr(features, n) for n, w in zip(FEATURES, WEIGHTS, strict=True))


def asked(matcher: Matcher, questions: list[tuple[str, frozenset[str]]]) -> Asked:
    rows = []
    for text, accept in questions:
        result = matcher.match(text)
        decision = result.decision
        lead_ok = decision is not None and decision.lead >= matcher.thresholds.lead
        usable = result.candidates and lead_ok and not decision.reading.off_topic
        z = log_odds(decision.reading.features) if usable else -math.inf
        right = bool(result.candidates) and result.candidates[0].entry_id in accept
        rows.append((z, right, bool(accept)))
    return rows


def held_out(
    snapshot: KnowledgeSnapshot, seed: int
) -> tuple[KnowledgeSnapshot, list[tuple[str, frozenset[str]]]]:
    """The knowledge without one phrasing of most entries and without a fifth of its entries, and those."""
    rng = random.Random(seed)
    withheld = {e.id for e in rng.sample(list(snapshot.entries), max(1, len(snapshot.entries) // 5))}
    kept, questions = [], []
    for entry in snapshot.entries:
        if entry.id in withheld:
            questions += [(p, frozenset()) for p in entry.phrasings[:3]]
        elif len(entry.phrasings) >= 3:
            phrasing = entry.phrasings[rng.randrange(1, len(entry.phrasings))]
            questions.append((phrasing, frozenset({entry.id})))
            kept.append(replace(entry, alternates=tuple(a for a in entry.alternates if a != phrasing)))
        else:
            kept.append(entry)
    return replace(snapshot, entries=tuple(kept)), questions


def figures(rows: Asked, shift: float) -> tuple[float, float]:
    """Answered right among the in-scope rows, and abstained among the others."""
    inside = [r for r in rows if r[2]]
    outside = [r for r in rows if not r[2]]
    right = sum(z + shift >= 0 and ok for z, ok, _ in inside) / max(len(inside), 1)
    return right, sum(z + shift < 0 for z, _, _ in outside) / max(len(outside), 1)


def own_shift(rows: Asked) -> float:
    return max(SHIFTS, key=lambda s: (sum(figures(rows, s)), -abs(s)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=2, help="held-out splits per knowledge base")
    seeds = range(parser.parse_args().seeds)
    ours = load_knowledge(load_settings().knowledge_dir)
    questions, out = load_blind("dev")
    data = clinc150.load()
    clinc_questions = [(t, frozenset({i.replace("_", "-")})) for t, i in data["test"][::3]]
    clinc_questions += [(t, frozenset()) for t, _ in data["oos_test"][::3]]
    dev = [(q.text, q.accept) for q in questions] + [(o.text, frozenset()) for o in out]
    bases = {
        "shipped knowledge, blind dev": (ours, dev),
        "CLINC150, 100 per intent": (clinc150.knowledge(data["train"], None), clinc_questions),
        "CLINC150, 10 per intent": (clinc150.knowledge(data["train"], 10), clinc_questions),
    }
    reference = None
    for name, (snapshot, real) in bases.items():
        own = []
        for seed in seeds:
            kept, held = held_out(snapshot, seed)
            own += asked(Matcher(kept), held)
        shift = own_shift(own)
        reference = shift if reference is None else reference
        on_real = asked(Matcher(snapshot), real)
        print(
            f"{name}: own best shift {shift:+.1f}, {shift - reference:+.1f} against the shipped knowledge's"
        )
        print("  shift | held out: answered right, not covered abstained | real: answered right, abstained")
        for s in SHIFTS:
            mine, theirs = figures(own, s), figures(on_real, s)
            print(f"  {s:+5.1f} | {mine[0]:.1%}, {mine[1]:.1%} | {theirs[0]:.1%}, {theirs[1]:.1%}")
        print()


if __name__ == "__main__":
    main()
