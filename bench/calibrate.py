"""Fit the matcher's confidence model (bot/matching/confidence.py) on the `dev` half.

    python -m bench.calibrate

A logistic regression, in plain numpy, over the signals of each question's best
reading; the label is whether the best candidate is an accepted answer (always
0 for out-of-scope questions). Its L2 strength and the weight of out-of-scope
questions are chosen by cross-validation within the `dev` half: the pair whose
worse figure, top-1 or abstention at the 0.5 threshold, is best. Prints the
weights to paste into confidence.py, and the figures they give on both halves
at a few thresholds, with off-topic readings never answered, as in the matcher.
"""

from __future__ import annotations

from dataclasses import astuple

import numpy as np

from bench.evaluation import load_heldout
from bot.knowledge.loader import default_knowledge_dir, load_knowledge
from bot.matching.confidence import FEATURES
from bot.matching.matcher import Matcher
from bot.matching.normalize import clean
from bot.matching.tuning import ANSWER_CONFIDENCE

_L2_STRENGTHS = (0.003, 0.01, 0.03, 0.1, 0.3)
_OUT_OF_SCOPE_WEIGHTS = (1.0, 2.0, 3.0, 5.0)
_FOLDS, _REPEATS = 5, 3
_THRESHOLD = ANSWER_CONFIDENCE  # the matcher's Thresholds.answer


def dataset(matcher: Matcher, part: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Signals, labels, in-scope mask, and off-topic mask (readings the matcher never answers)."""
    questions, out = load_heldout(part)
    rows, labels, inside, vetoed = [], [], [], []
    for text, accept in [(q.text, q.accept) for q in questions] + [(o.text, frozenset()) for o in out]:
        reading = matcher.best_reading(clean(text))
        top = matcher.index.entry_ids[reading.ranking[0].entry] if reading.ranking else None
        rows.append(astuple(reading.features))
        labels.append(float(top in accept))
        inside.append(bool(accept))
        vetoed.append(reading.off_topic)
    return np.array(rows), np.array(labels), np.array(inside), np.array(vetoed)


def fit(x: np.ndarray, y: np.ndarray, sample: np.ndarray, l2: float = 0.01, steps: int = 20_000):
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = (x - mean) / scale
    w, b = np.zeros(z.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        gradient = (p - y) * sample
        w -= 0.1 * (z.T @ gradient / sample.sum() + l2 * w)
        b -= 0.1 * gradient.sum() / sample.sum()
    raw = w / scale
    return raw, b - float((raw * mean).sum())


def cross_validated(
    x: np.ndarray, y: np.ndarray, inside: np.ndarray, vetoed: np.ndarray, l2: float, weight: float
):
    """Top-1 and abstention of models fitted on the other folds, over repeated shuffles of the folds."""
    right = abstained = 0
    for repeat in range(_REPEATS):
        folds = np.arange(len(y)) % _FOLDS
        np.random.default_rng(repeat).shuffle(folds)
        for fold in range(_FOLDS):
            train, held = folds != fold, folds == fold
            w, b = fit(x[train], y[train], np.where(inside[train], 1.0, weight), l2=l2, steps=3000)
            answered = (1 / (1 + np.exp(-(x[held] @ w + b))) >= _THRESHOLD) & ~vetoed[held]
            right += (answered & (y[held] == 1) & inside[held]).sum()
            abstained += (~answered & ~inside[held]).sum()
    return right / (_REPEATS * inside.sum()), abstained / (_REPEATS * (~inside).sum())


def main() -> None:
    matcher = Matcher(load_knowledge(default_knowledge_dir()))
    x, y, inside, vetoed = dataset(matcher, "dev")
    # Off-topic readings stay in the training data: they keep the model cautious about the
    # out-of-scope questions the list does not name.
    grid = {
        (l2, w): cross_validated(x, y, inside, vetoed, l2, w)
        for l2 in _L2_STRENGTHS
        for w in _OUT_OF_SCOPE_WEIGHTS
    }
    l2, weight = max(grid, key=lambda pair: (min(grid[pair]), sum(grid[pair])))
    top1, abstention = grid[l2, weight]
    print(f"cross-validated on dev: L2 {l2}, out-of-scope weight {weight}: ", end="")
    print(f"top-1 {top1:.1%}, abstention {abstention:.1%}")
    weights, bias = fit(x, y, np.where(inside, 1.0, weight), l2=l2)
    print("FEATURES =", FEATURES)
    print(f"WEIGHTS = ({', '.join(f'{w:.4f}' for w in weights)})")
    print(f"BIAS = {bias:.4f}\n")
    print("threshold | dev top-1 | dev abstention | test top-1 | test abstention")
    halves = {part: dataset(matcher, part) for part in ("dev", "test")}
    for threshold in (0.5, 0.6, 0.7, 0.8):
        cells = []
        for xs, ys, ins, off in halves.values():
            answered = (1 / (1 + np.exp(-(xs @ weights + bias))) >= threshold) & ~off
            cells += [(answered & (ys == 1) & ins).sum() / ins.sum(), (~answered & ~ins).sum() / (~ins).sum()]
        print(f"{threshold:9} | " + " | ".join(f"{c:.1%}" for c in cells))


if __name__ == "__main__":
    main()
