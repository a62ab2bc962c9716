"""One reading of a message, and the signals of it that the confidence model weighs."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.matching.rerank import ScoredEntry


@dataclass(frozen=True, slots=True)
class Features:
    """The signals of a reading's best candidate; bot/matching/calibration.py weighs them by name."""

    score: float  # the best phrasing's weighted F1 with the question, blended with its shape
    coverage: float  # share of the question's weight the entry's own words account for
    margin: float  # lead of the best candidate's score over the runner-up's
    unknown_share: float  # share of the question's weight in words the knowledge never uses
    log_terms: float  # log(1 + number of content words): one-word questions are weaker evidence
    precision: float  # the largest share of one of the entry's phrasings the question holds
    bayes: float  # its naive-Bayes probability among the candidates
    semantic: float = 0.0  # cosine of the question's embedding with its closest phrasing's
    #: its probability among the candidates by the linear classifier (classifier.py); where the
    #: knowledge has none (too large, or too few phrasings to learn from) its Bayes share, and where
    #: it has neither, its share of the candidates' summed scores
    learned: float = 0.0


@dataclass(frozen=True, slots=True)
class Reading:
    """One way of reading a message (all of it, or one sentence): ranked entries and signals."""

    ranking: tuple[ScoredEntry, ...]
    unknown_share: float
    term_count: int
    off_topic: bool = False  # names something the bot does not cover ("lawyer", "printer")
    weights: Mapping[str, float] = field(default_factory=dict)  # the terms read, with their weights

    @property
    def features(self) -> Features:
        length = math.log1p(self.term_count)
        if not self.ranking:
            return Features(0.0, 0.0, 0.0, self.unknown_share, length, 0.0, 0.0, 0.0, 0.0)
        top = self.ranking[0]
        runner_up = self.ranking[1].score if len(self.ranking) > 1 else 0.0
        return Features(
            score=top.phrase_score,
            coverage=top.coverage,
            margin=top.score - runner_up,
            unknown_share=self.unknown_share,
            log_terms=length,
            precision=top.precision,
            bayes=top.bayes,
            semantic=top.semantic,
            learned=_learned_share(self.ranking),
        )


def _learned_share(ranking: tuple[ScoredEntry, ...]) -> float:
    """The best candidate's share by the classifier, else by naive Bayes, else by score among the candidates.

    The learned shares are softmaxes, never exactly 0: a 0 means the knowledge has no such model.
    """
    top = ranking[0]
    if top.learned or top.bayes:
        return top.learned or top.bayes
    total = sum(s.score for s in ranking)
    return top.score / total if total else 0.0
