"""The knowledge's own log-odds shift as the bot applies it (bot/matching/self_calibration.py), measured.

    python -m bench.self_calibration [--splits 2,4] [--edits 12] [--limit N]

Printed, each in the same run:
1. The shipped knowledge: its raw shift by held-out phrasings (the reference calibration.py keeps),
   per split and pooled over the first 2 and 4 splits, and what a split's rebuild costs.
2. Stability: a copy of the shipped knowledge with one small edit (an alternate added from a seen
   held-out question, or an entry edited: its question reworded and its last alternate removed),
   for several entries, and with 3 and 6 of those edits at once: how far each moves the raw shift
   from the reference. The dead band (SELF_CALIBRATION_DEAD_BAND) must hold them all, so that no
   such edit changes an answer (and a knowledge this close is not even measured).
3. CLINC150 (all utterances, and 10 per intent): the raw and applied shifts, and bench.clinc150's
   figures on the test split with the bot's decision before (no shift) and after (its own shift):
   ranked first, answered right, out-of-scope recall.
Never reads the blind test half.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace

from bench import clinc150
from bench.evaluation import load_heldout
from bot.config import load_settings
from bot.knowledge.loader import load_knowledge
from bot.knowledge.models import Entry, KnowledgeSnapshot
from bot.matching import calibration, self_calibration, tuning
from bot.matching.decision import Thresholds
from bot.matching.matcher import Matcher


def build(kept: KnowledgeSnapshot) -> Matcher:
    return Matcher(kept, calibrate_self=False)


def pooled(snapshot: KnowledgeSnapshot, splits: int) -> float:
    return self_calibration.best_shift(self_calibration.held_out_readings(snapshot, build, splits))


def edits(snapshot: KnowledgeSnapshot, count: int) -> list[tuple[str, Entry]]:
    """Single edits of different entries: half an alternate added, half an entry edited."""
    asked = {}
    for question in load_heldout("dev")[0]:
        for entry_id in question.accept:
            asked.setdefault(entry_id, question.text)
    targets = [e for e in snapshot.entries if e.id in asked and len(e.alternates) >= 2]
    step = max(1, len(targets) // max(count, 1))
    out = []
    for number, entry in enumerate(targets[::step][:count]):
        if number % 2 == 0:
            out.append(
                (
                    f"alternate added to {entry.id}",
                    replace(entry, alternates=(*entry.alternates, asked[entry.id])),
                )
            )
        else:
            edited = replace(entry, question=asked[entry.id], alternates=entry.alternates[:-1])
            out.append((f"{entry.id} edited", edited))
    return out


def with_edits(snapshot: KnowledgeSnapshot, edited: list[Entry]) -> KnowledgeSnapshot:
    by_id = {e.id: e for e in edited}
    return replace(snapshot, entries=tuple(by_id.get(e.id, e) for e in snapshot.entries))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", default="2,4", help="held-out splits pooled, compared")
    parser.add_argument("--edits", type=int, default=12, help="single edits of the shipped knowledge")
    parser.add_argument("--limit", type=int, default=0, help="ask only every n-th CLINC test query")
    args = parser.parse_args()
    counts = [int(s) for s in args.splits.split(",")]
    chosen = tuning.SELF_CALIBRATION_SPLITS
    ours = load_knowledge(load_settings().knowledge_dir)

    print("1. The shipped knowledge's raw shift (the reference)\n")
    timings, per_split = [], []
    for seed in range(max(counts)):
        started = time.perf_counter()
        kept, questions = self_calibration.held_out(ours, seed)
        asked = self_calibration.readings(build(kept), questions)
        timings.append(time.perf_counter() - started)
        per_split.append(self_calibration.best_shift(asked))
    reference = {n: pooled(ours, n) for n in counts}
    print("per split: " + ", ".join(f"{s:+.1f}" for s in per_split))
    print("pooled:    " + ", ".join(f"{n} splits {reference[n]:+.1f}" for n in counts))
    print(f"one split (rebuild and ask): median {statistics.median(timings):.2f} s")
    print(f"calibration.py's reference: {calibration.SELF_CALIBRATION_REFERENCE:+.1f} ({chosen} splits)\n")

    print("2. Edits of the shipped knowledge: the raw shift less the reference\n")
    print("| edit | " + " | ".join(f"{n} splits" for n in counts) + " |")
    print("|---|" + "---|" * len(counts))
    single = edits(ours, args.edits)
    cases = [(kind, [entry]) for kind, entry in single]
    for size in (3, 6):  # several entries at once: 5% and 10% of the 64
        for start in range(0, len(single) - size + 1, size):
            group = single[start : start + size]
            cases.append(
                (f"{size} entries at once: " + ", ".join(e.id for _, e in group), [e for _, e in group])
            )
    moved: dict[int, list[float]] = {n: [] for n in counts}
    for kind, changed in cases:
        cells = []
        for n in counts:
            moved[n].append(pooled(with_edits(ours, changed), n) - reference[n])
            cells.append(f"{moved[n][-1]:+.1f}")
        print(f"| {kind} | " + " | ".join(cells) + " |", flush=True)
    print(
        "| largest move | " + " | ".join(f"{max(map(abs, moved[n]), default=0):.1f}" for n in counts) + " |"
    )
    print(
        f"\ndead band {tuning.SELF_CALIBRATION_DEAD_BAND}: a move within it applies no shift; a knowledge "
        f"with at most {tuning.SELF_CALIBRATION_EDITED_SHARE:.0%} of its entries edited is not measured\n"
    )

    print("3. CLINC150 through the bot's decision, before (no shift) and after (its own)\n")
    data = clinc150.load()
    step = max(args.limit, 1)
    test, oos = data["test"][::step], data["oos_test"][::step]
    print(f"{len(test)} in-scope and {len(oos)} out-of-scope test queries\n")
    print(
        "| utterances per intent | raw shift by splits | shift | | ranked first | answered right "
        "| oos recall |"
    )
    print("|---|---|---|---|---|---|---|")
    for shots in (None, 10):
        snapshot = clinc150.knowledge(data["train"], shots)
        raws = {n: pooled(snapshot, n) for n in counts}
        own = self_calibration.splits_for(snapshot)  # what the bot rebuilds for it
        raws[own] = raws[own] if own in raws else pooled(snapshot, own)
        started = time.perf_counter()
        after = Matcher(snapshot)
        cost = time.perf_counter() - started
        difference = raws[own] - calibration.SELF_CALIBRATION_REFERENCE
        systems = {
            "before": Matcher(snapshot, calibrate_self=False),
            f"after (build {cost:.1f} s)": after,
            f"the whole difference {difference:+.1f}, no band": Matcher(
                snapshot, Thresholds(log_odds_shift=difference), calibrate_self=False
            ),
        }
        cells = ", ".join(f"{n}: {raws[n]:+.1f}" for n in counts) + f" (the bot's: {own} splits)"
        if own not in counts:
            cells = f"{own}: {raws[own]:+.1f}, " + cells
        for name, matcher in systems.items():
            figures = clinc150.matcher_figures(matcher, test, oos)
            shares = " | ".join(f"{figures[k]:.1%}" for k in ("ranked first", "answered right", "oos recall"))
            shift = matcher.thresholds.log_odds_shift
            print(f"| {shots or 100} | {cells} | {shift:+.1f} | {name} | {shares} |", flush=True)


if __name__ == "__main__":
    main()
