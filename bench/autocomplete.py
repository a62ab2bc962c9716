"""The /ask autocomplete's cost per keystroke, against the scorer it replaced, in the same run.

    python -m bench.autocomplete [--questions 60]

Each held-out question is typed one character at a time (every prefix is one autocomplete request,
as Discord sends them); the keystrokes are timed with the prepared index (``ChoiceIndex``, built
once per snapshot) and with the previous scorer (every phrasing scored from scratch on each
keystroke, kept here as the baseline), and the two are compared: how often the first suggestion is
the same, and how many of the five first suggestions they share.
"""

from __future__ import annotations

import argparse
import time

from rapidfuzz import fuzz, utils

from bench.evaluation import load_heldout, percentile
from bot import limits
from bot.knowledge.loader import default_knowledge_dir, load_knowledge
from bot.knowledge.models import KnowledgeSnapshot
from bot.question_choices import MAX_TYPED_CHARS, MAX_TYPED_WORDS, MIN_SCORE, WHOLE_STRING_WEIGHT, ChoiceIndex


def baseline_choices(snapshot: KnowledgeSnapshot, typed: str, limit: int = limits.CHOICES) -> list[str]:
    """The scorer before the index (bot/question_choices.py until 2026-12-01): entry ids, best first."""
    entries = [e for e in snapshot.entries if 0 < len(e.id) <= limits.CHOICE_VALUE]
    query = " ".join(utils.default_process(typed[:MAX_TYPED_CHARS]).split()[:MAX_TYPED_WORDS])
    if query:
        scored = [(max(_baseline_score(query, phrasing) for phrasing in e.phrasings), e) for e in entries]
        ranked = sorted((pair for pair in scored if pair[0] >= MIN_SCORE), key=lambda pair: -pair[0])
        entries = [entry for _, entry in ranked]
    return [e.id for e in entries[:limit]]


def _baseline_score(query: str, phrasing: str) -> float:
    words = utils.default_process(phrasing).split()
    if not words:
        return 0.0
    typed = query.split()
    per_word = sum(max(100.0 if w.startswith(t) else fuzz.ratio(t, w) for w in words) for t in typed) / len(
        typed
    )
    whole = fuzz.WRatio(query, phrasing, processor=utils.default_process)
    return (1 - WHOLE_STRING_WEIGHT) * per_word + WHOLE_STRING_WEIGHT * whole


def keystrokes(questions: list[str]) -> list[str]:
    return [question[:end] for question in questions for end in range(1, len(question) + 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=60, help="held-out questions typed (default 60)")
    args = parser.parse_args()
    snapshot = load_knowledge(default_knowledge_dir())
    in_scope, _ = load_heldout()
    typed = keystrokes([q.text for q in in_scope[: args.questions]])

    started = time.perf_counter()
    index = ChoiceIndex(snapshot)
    build_ms = (time.perf_counter() - started) * 1000

    new_ms, old_ms, same_first, shared_top5 = [], [], 0, 0
    for text in typed:
        started = time.perf_counter()
        new = [entry_id for _, entry_id in index.choices(text)]
        new_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        old = baseline_choices(snapshot, text)
        old_ms.append((time.perf_counter() - started) * 1000)
        same_first += new[:1] == old[:1]
        shared_top5 += len(set(new[:5]) & set(old[:5])) / max(1, min(5, len(old)))

    phrasings = sum(len(entry.phrasings) for entry in snapshot.entries)
    print(f"{len(snapshot.entries)} entries, {phrasings} phrasings; {len(typed)} keystrokes")
    print(f"index build: {build_ms:.1f} ms (once per snapshot, in the reload's worker thread)")
    print(f"{'scorer':<22} {'mean ms':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for name, times in (("baseline (every time)", old_ms), ("prepared index", new_ms)):
        mean = sum(times) / len(times)
        row = f"{mean:8.2f} {percentile(times, 50):8.2f} {percentile(times, 99):8.2f} {max(times):8.2f}"
        print(f"{name:<22} {row}")
    ratio = (sum(old_ms) / len(old_ms)) / (sum(new_ms) / len(new_ms))
    print(f"baseline / index, mean: {ratio:.1f}x")
    print(
        f"same first suggestion: {same_first / len(typed):.1%}; top-5 overlap: {shared_top5 / len(typed):.1%}"
    )


if __name__ == "__main__":
    main()
