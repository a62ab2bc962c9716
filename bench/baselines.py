"""What an engineer would otherwise pick, each given its best threshold on the set.

Every baseline ranks entries for a question; a question is answered when the
top score clears the threshold that maximises (top-1 + abstention) / 2 on the
same set, which favours the baselines in the comparison.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from bench.evaluation import Decision, OutOfScope, Question
from bot.knowledge.models import KnowledgeSnapshot

_WORD = re.compile(r"\w+")


class Ranker:
    name: str

    def rank(self, text: str) -> list[tuple[str, float]]:
        raise NotImplementedError


def _best_per_entry(pairs: Sequence[tuple[str, float]], limit: int = 5) -> list[tuple[str, float]]:
    best: dict[str, float] = {}
    for entry_id, value in pairs:
        if value > best.get(entry_id, float("-inf")):
            best[entry_id] = value
    return sorted(best.items(), key=lambda kv: kv[1], reverse=True)[:limit]


class WRatioRanker(Ranker):
    """Plain rapidfuzz WRatio over every phrasing."""

    name = "rapidfuzz WRatio"

    def __init__(self, snapshot: KnowledgeSnapshot) -> None:
        self._phrases = [utils.default_process(p) for e in snapshot.entries for p in e.phrasings]
        self._owners = [e.id for e in snapshot.entries for _ in e.phrasings]

    def rank(self, text: str) -> list[tuple[str, float]]:
        hits = process.extract(
            utils.default_process(text[:1500]), self._phrases, scorer=fuzz.WRatio, limit=40
        )
        return _best_per_entry([(self._owners[i], s) for _, s, i in hits])


class BM25Ranker(Ranker):
    """rank_bm25's Okapi BM25, one document per entry (phrasings and keywords)."""

    name = "BM25 (rank_bm25)"

    def __init__(self, snapshot: KnowledgeSnapshot) -> None:
        from rank_bm25 import BM25Okapi

        self._ids = [e.id for e in snapshot.entries]
        corpus = [_WORD.findall(" ".join((*e.phrasings, *e.keywords)).lower()) for e in snapshot.entries]
        self._bm25 = BM25Okapi(corpus)

    def rank(self, text: str) -> list[tuple[str, float]]:
        scores = self._bm25.get_scores(_WORD.findall(text[:1500].lower()))
        return _best_per_entry(list(zip(self._ids, (float(s) for s in scores), strict=True)))


class MiniLMRanker(Ranker):
    """all-MiniLM-L6-v2 sentence embeddings; cosine with every phrasing, best per entry."""

    name = "MiniLM embeddings"

    def __init__(self, snapshot: KnowledgeSnapshot) -> None:
        from bench.minilm import load_minilm

        self._model = load_minilm()
        phrases = [p for e in snapshot.entries for p in e.phrasings]
        self._owners = [e.id for e in snapshot.entries for _ in e.phrasings]
        self._matrix = self._model.encode(phrases, normalize_embeddings=True, batch_size=64)

    def rank(self, text: str) -> list[tuple[str, float]]:
        query = self._model.encode([text[:1500]], normalize_embeddings=True)[0]
        sims = self._matrix @ query
        return _best_per_entry(list(zip(self._owners, (float(s) for s in sims), strict=True)))


@dataclass(frozen=True)
class ThresholdedRanker:
    ranker: Ranker
    threshold: float

    def decide(self, text: str) -> Decision:
        ranked = self.ranker.rank(text)
        answered = bool(ranked) and ranked[0][1] >= self.threshold
        return Decision(answered, tuple(i for i, _ in ranked))


def best_threshold(ranker: Ranker, questions: Sequence[Question], out: Sequence[OutOfScope]) -> float:
    """The threshold maximising (top-1 answered-and-right + out-of-scope abstention) / 2."""
    inside = [(ranker.rank(q.text), q.accept) for q in questions]
    outside = [ranker.rank(o.text) for o in out]
    tops = sorted({r[0][1] for r, _ in inside if r} | {r[0][1] for r in outside if r})
    best, best_value = float("inf"), -1.0
    for threshold in tops:
        right = sum(bool(r) and r[0][1] >= threshold and r[0][0] in accept for r, accept in inside)
        abstain = sum(not r or r[0][1] < threshold for r in outside)
        value = right / len(inside) + abstain / len(outside)
        if value > best_value:
            best, best_value = threshold, value
    return best
