"""What following up needs of the matcher."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import numpy as np

from bot.knowledge.models import KnowledgeSnapshot
from bot.matching.analyzer import Analysis, TextAnalyzer
from bot.matching.decision import Thresholds
from bot.matching.features import Reading
from bot.matching.index import PhraseIndex
from bot.matching.result import MatchResult


class Reader(Protocol):
    """What following up needs of the matcher."""

    snapshot: KnowledgeSnapshot
    index: PhraseIndex
    thresholds: Thresholds

    @property
    def analyzer(self) -> TextAnalyzer: ...

    def reading_of(
        self,
        weights: Mapping[str, float],
        category: str | None = None,
        vector: np.ndarray | None = None,
        wording: Mapping[str, float] | None = None,
    ) -> Reading: ...

    def vector_of(self, analysis: Analysis) -> np.ndarray: ...

    def decide(self, question: str, reading: Reading) -> MatchResult: ...
