"""A public yardstick no one here wrote: CLINC150 (Larson et al., 2019) through the matcher.

    python -m bench.clinc150 [--shots 0,10] [--limit N] [--data PATH] [--split val]

The data (bench/data/clinc150/, CC BY 3.0, see its README) has 150 intents with 100 training
utterances each, 4,500 in-scope test queries and 1,000 out-of-scope ones. Each intent becomes one
knowledge entry whose phrasings are its training utterances (all of them, or the first ``--shots``),
and every test query is asked through the matcher exactly as ``python -m bot ask --json`` asks it.
Reported as in the paper: in-scope accuracy (the right intent ranked first), and with the bot's own
decision, in-scope answered right and out-of-scope recall (out-of-scope queries not answered).
Beside it, in the same run, a TF-IDF + logistic regression baseline (scikit-learn) trained on the
same utterances, whose out-of-scope threshold is its best on the validation split, as the paper's.

Tune on ``--split val`` (the validation queries, in-scope and out-of-scope) only; the test split is
read once, for a report. On the validation split the baseline's threshold is fitted on the very
queries it is scored on, so its figures there flatter it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bench.evaluation import percentile
from bot.knowledge.models import Entry, KnowledgeSnapshot
from bot.matching.matcher import Matcher
from bot.matching.result import MatchStatus

DATA = Path(__file__).parent / "data" / "clinc150" / "data_full.json.gz"
Pairs = list[tuple[str, str]]


def load(path: Path = DATA) -> dict[str, Pairs]:
    """The splits: train, val, test, oos_train, oos_val, oos_test, as (utterance, intent) pairs."""
    with gzip.open(path, "rt", encoding="utf-8") as file:
        return {split: [(text, intent) for text, intent in rows] for split, rows in json.load(file).items()}


def knowledge(train: Pairs, shots: int | None) -> KnowledgeSnapshot:
    """One entry per intent; its phrasings its first ``shots`` training utterances (all for None)."""
    utterances: dict[str, list[str]] = {}
    for text, intent in train:
        utterances.setdefault(intent, []).append(text)
    entries = tuple(
        Entry(
            id=intent.replace("_", "-"),
            question=texts[0],
            alternates=tuple(texts[1:shots]),
            answer=f"The {intent} intent.",
            category="clinc150",
        )
        for intent, texts in sorted(utterances.items())
        for texts in [texts[:shots] if shots else texts]
    )
    return KnowledgeSnapshot(entries=entries)


def matcher_figures(matcher: Matcher, test: Pairs, oos: Pairs) -> dict[str, float]:
    ranked = answered = 0
    latencies = []
    for text, intent in test:
        started = time.perf_counter()
        result = matcher.match(text)
        latencies.append((time.perf_counter() - started) * 1000)
        expected = intent.replace("_", "-")
        ranked += result.suggestions[:1] == (expected,)
        answered += result.entry_id == expected
    abstained = sum(matcher.match(text).status is not MatchStatus.ANSWERED for text, _ in oos)
    return {
        "ranked first": ranked / len(test),
        "answered right": answered / len(test),
        "oos recall": abstained / len(oos),
        "p99 ms": percentile(latencies, 99),
    }


def baseline_figures(train: Pairs, val: Pairs, oos_val: Pairs, test: Pairs, oos: Pairs) -> dict[str, float]:
    """TF-IDF (words and pairs) + logistic regression; out-of-scope below the validation-best probability."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    model = LogisticRegression(C=10.0, max_iter=2000)
    model.fit(vectorizer.fit_transform([t for t, _ in train]), [i for _, i in train])

    def predict(pairs: Sequence[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
        probabilities = model.predict_proba(vectorizer.transform([t for t, _ in pairs]))
        return model.classes_[probabilities.argmax(axis=1)], probabilities.max(axis=1)

    val_labels, val_top = predict(val)
    _, oos_val_top = predict(oos_val)
    val_right = val_labels == np.array([i for _, i in val])

    def balanced(threshold: float) -> float:  # the paper's choice: accuracy and recall together
        return float(((val_top >= threshold) & val_right).mean() + (oos_val_top < threshold).mean())

    threshold = max(np.unique(np.concatenate([val_top, oos_val_top])), key=balanced)
    labels, top = predict(test)
    _, oos_top = predict(oos)
    right = labels == np.array([i for _, i in test])
    return {
        "ranked first": float(right.mean()),
        "answered right": float(((top >= threshold) & right).mean()),
        "oos recall": float((oos_top < threshold).mean()),
        "p99 ms": float("nan"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shots", default="0,10", help="utterances per intent; 0 for all 100")
    parser.add_argument("--limit", type=int, default=0, help="ask only every n-th test query (quick runs)")
    parser.add_argument("--data", type=Path, default=DATA, help="data_full.json.gz (or .json.gz elsewhere)")
    parser.add_argument("--split", choices=("test", "val"), default="test", help="tune on val")
    args = parser.parse_args()
    data = load(args.data)
    step = max(args.limit, 1)
    test, oos = data[args.split][::step], data[f"oos_{args.split}"][::step]
    print(f"CLINC150 full: {len(test)} in-scope and {len(oos)} out-of-scope {args.split} queries\n")
    print("| system | utterances per intent | ranked first | answered right | out-of-scope recall | p99 ms |")
    print("|---|---|---|---|---|---|")
    for shots in (int(s) or None for s in args.shots.split(",")):
        snapshot = knowledge(data["train"], shots)
        started = time.perf_counter()
        matcher = Matcher(snapshot)
        build = time.perf_counter() - started
        train = [
            (e.phrasings[n], e.id.replace("-", "_"))
            for e in snapshot.entries
            for n in range(len(e.phrasings))
        ]
        rows = {
            f"careerbot matcher (build {build:.1f} s)": matcher_figures(matcher, test, oos),
            "TF-IDF + logistic regression": baseline_figures(train, data["val"], data["oos_val"], test, oos),
        }
        for name, figures in rows.items():
            shares = " | ".join(f"{figures[k]:.1%}" for k in ("ranked first", "answered right", "oos recall"))
            print(f"| {name} | {shots or 100} | {shares} | {figures['p99 ms']:.2f} |", flush=True)


if __name__ == "__main__":
    main()
