"""Deciding what a question asks: answered, ambiguous or unsure."""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge.models import KnowledgeSnapshot
from bot.matching.index import PhraseIndex, ScoredEntry
from bot.matching.normalize import clean, split_sentences
from bot.matching.result import Candidate, MatchResult, MatchStatus

#: Small talk ("hello", "thanks") answers a message only when it holds no real question.
SMALL_TALK_CATEGORY = "meta"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Where the matcher draws its lines; measured on the evaluation set in bench/."""

    answer: float = 0.55  # best phrasing's weighted F1 needed to answer
    coverage: float = 0.75  # share of the question's weight the answer must account for
    margin: float = 0.08  # lead over the runner-up needed to answer
    ambiguous: float = 0.40  # below this nothing is offered as "did you mean"
    suggestion: float = 0.15  # below this a candidate is not even suggested


_CONTEXT_SCALE = 1 / 3
_STATUS_ORDER = {MatchStatus.ANSWERED: 2, MatchStatus.AMBIGUOUS: 1, MatchStatus.UNSURE: 0}


class Matcher:
    """Matches questions against one knowledge snapshot; immutable and shareable."""

    def __init__(self, snapshot: KnowledgeSnapshot, thresholds: Thresholds | None = None) -> None:
        self.snapshot = snapshot
        self.thresholds = thresholds or Thresholds()
        self.index = PhraseIndex(snapshot)

    def match(self, question: str, previous: str | None = None) -> MatchResult:
        """Match one question; ``previous`` is the entry the same person was last answered with.

        A message is matched as a whole and sentence by sentence (a question is often
        buried in context). A follow-up that is unclear alone ("and in NYC?") is read
        again as the previous question with the new words added: the new words weigh
        fully, the previous question's at a third. One that stands alone is kept.
        """
        text = clean(question)
        parts = [text]
        sentences = split_sentences(text)
        if len(sentences) > 1:
            parts.extend(sentences)
        analyzer = self.index.analyzer
        results = [
            self._decide(question, self.index.rank(self.index.weigh(analyzer.analyze(p).terms)))
            for p in parts
        ]
        alone = max(results, key=self._preference)
        earlier = self.snapshot.entry(previous) if previous else None
        if earlier is None or alone.status is MatchStatus.ANSWERED:
            return alone
        weights = self.index.weigh(
            analyzer.analyze(earlier.question, correct_spelling=False).terms, _CONTEXT_SCALE
        )
        weights.update(self.index.weigh(analyzer.analyze(text).terms))
        followed = self._decide(question, self.index.rank(weights))
        if followed.status is MatchStatus.ANSWERED:
            return MatchResult(question, followed.status, followed.candidates, used_context=True)
        return alone

    def _preference(self, result: MatchResult) -> tuple[int, bool, float]:
        top = result.candidates[0].entry_id if result.candidates else None
        entry = self.snapshot.entry(top) if top else None
        real_question = entry is not None and entry.category != SMALL_TALK_CATEGORY
        return _STATUS_ORDER[result.status], real_question, result.score

    def _decide(self, question: str, ranking: list[ScoredEntry]) -> MatchResult:
        limits = self.thresholds
        candidates = tuple(
            Candidate(self.index.entry_ids[s.entry], round(s.score, 4))
            for s in ranking
            if s.score >= limits.suggestion
        )[:3]
        if not candidates:
            return MatchResult(question, MatchStatus.UNSURE)
        top = ranking[0]
        runner_up = ranking[1].score if len(ranking) > 1 else 0.0
        if (
            top.score >= limits.answer
            and top.coverage >= limits.coverage
            and (top.score - runner_up >= limits.margin)
        ):
            return MatchResult(question, MatchStatus.ANSWERED, candidates)
        if top.score >= limits.ambiguous and top.coverage >= limits.coverage:
            close = tuple(c for c in candidates if top.score - c.score < limits.margin * 2)
            if len(close) > 1:
                return MatchResult(question, MatchStatus.AMBIGUOUS, close)
        return MatchResult(question, MatchStatus.UNSURE, candidates)
