"""Matching a question: reading it in a few ways, ranking each reading, deciding on the best.

The stages: analyse and weigh the question's terms (analyzer.py, weighting.py), rank every
entry by its best phrasing (overlap.py), re-rank the best few (rerank.py), read the result's
signals (features.py) and decide (decision.py). This module chooses what to read: the whole
message or one sentence, past a greeting, and a follow-up with the previous question.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from bot.knowledge.models import KnowledgeSnapshot
from bot.matching.analyzer import TextAnalyzer
from bot.matching.confidence import confidence
from bot.matching.decision import Thresholds, decide
from bot.matching.features import Reading
from bot.matching.followup import FollowUps, Turn
from bot.matching.index import build_index
from bot.matching.normalize import clean, split_sentences, without_salutation
from bot.matching.off_topic import OffTopicPhrases
from bot.matching.overlap import PhraseOverlap
from bot.matching.rerank import Reranker, ScoredEntry
from bot.matching.result import MatchResult
from bot.matching.tuning import RANKED, SAME_CATEGORY_BONUS
from bot.matching.weighting import weigh


class Matcher:
    """Matches questions against one knowledge snapshot; immutable and shareable."""

    def __init__(self, snapshot: KnowledgeSnapshot, thresholds: Thresholds | None = None) -> None:
        self.snapshot = snapshot
        self.thresholds = thresholds or Thresholds()
        self.index, self._analyzer = build_index(snapshot)
        self._overlap = PhraseOverlap(self.index.postings, self.index.phrase_weight, self.index.phrase_entry)
        self._reranker = Reranker(self.index)
        self._off_topic = OffTopicPhrases(snapshot.off_topic, self._analyzer, self.index)
        self._follow_ups = FollowUps(self)

    @property
    def analyzer(self) -> TextAnalyzer:
        """The question analyzer: it spell-corrects against the words the knowledge uses."""
        return self._analyzer

    def match(self, question: str, previous: str | Sequence[Turn] | None = None) -> MatchResult:
        """Match one question; ``previous`` is the conversation so far: its turns, oldest first, or
        just the entry the same person was last answered with.

        A message that stands alone is answered alone; a follow-up is read with the earlier turns
        (bot/matching/followup.py).
        """
        text = clean(question)
        alone = self.decide(question, self.best_reading(text))
        if isinstance(previous, str):
            earlier = self.snapshot.entry(previous)
            previous = [Turn(earlier.question, earlier.id)] if earlier is not None else []
        return self._follow_ups.read(question, text, alone, previous or ())

    def best_reading(self, text: str) -> Reading:
        """The most telling reading of cleaned text: the whole message or one of its sentences.

        A question is often buried in context ("I'm a nurse. Can I switch into ML?"), and a
        real question outranks the greeting in front of it ("hello! what does an MLE do?").
        A greeting that opens the message is left out of the whole-message reading when what
        follows it reads as anything at all ("hi bot, what are you for?" asks for help).
        """
        whole = self._text_reading(text)
        question = without_salutation(text)
        if question and question != text:
            rest = self._text_reading(question)
            whole = rest if rest.ranking else whole
        sentences = split_sentences(text)
        readings = [whole, *map(self._text_reading, sentences)] if len(sentences) > 1 else [whole]
        return max(readings, key=self._preference)

    def _text_reading(self, text: str) -> Reading:
        return self.reading_of(weigh(self.index, self._analyzer.analyze(text)))

    def reading_of(self, weights: Mapping[str, float], category: str | None = None) -> Reading:
        """Rank the weighted terms; a follow-up favours entries in ``category``, the previous one's."""
        total = sum(weights.values())
        unknown = sum(w for t, w in weights.items() if not self.index.is_known(t))
        off_topic = self._off_topic.named_in(weights.keys())
        ranking = self._rank(weights)
        if category is not None:
            entries = self.snapshot.entries
            ranking = [
                replace(s, score=min(s.score * SAME_CATEGORY_BONUS, 1.0))
                if entries[s.entry].category == category
                else s
                for s in ranking
            ]
            ranking.sort(key=lambda s: (s.score, s.coverage), reverse=True)
        return Reading(tuple(ranking), unknown / total if total else 1.0, len(weights), off_topic, weights)

    def decide(self, question: str, reading: Reading) -> MatchResult:
        return decide(question, reading, self.index.entry_ids, self.thresholds)

    def _rank(self, weights: Mapping[str, float]) -> list[ScoredEntry]:
        """The best RANKED entries: by their best phrasings' F1 first, then re-ranked."""
        total = sum(weights.values())
        if not total:
            return []
        known = self.index.known(weights)
        return self._reranker.rerank(weights, known, self._overlap.best(known, total, RANKED))

    def _preference(self, reading: Reading) -> tuple[bool, float]:
        if not reading.ranking:
            return False, 0.0
        top = reading.ranking[0]
        entry = self.snapshot.entry(self.index.entry_ids[top.entry])
        real = (
            entry is not None
            and not self.snapshot.is_small_talk(entry)
            and top.score >= self.thresholds.real_question
        )
        return real, confidence(reading)
