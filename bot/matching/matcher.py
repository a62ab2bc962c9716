"""Deciding what a question asks: answered, ambiguous or unsure."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from bot.knowledge.models import KnowledgeSnapshot
from bot.matching.analyzer import TextAnalyzer
from bot.matching.confidence import confidence
from bot.matching.index import PhraseIndex, ScoredEntry
from bot.matching.normalize import clean, split_sentences, without_salutation
from bot.matching.result import Candidate, MatchResult, MatchStatus

#: A follow-up is read with the previous question's words at this share of their weight.
_CONTEXT_SCALE = 1 / 3
#: ... and entries in the previous entry's category score this much higher ("and for AI engineers?"
#: after a question on ML engineers' skills is about skills).
_SAME_CATEGORY_BONUS = 1.2
#: Candidates ranked per reading: the right entry is nearly always among the first five by F1.
_RANKED = 5
_FOLLOW_UP_CUE = re.compile(r"\W*(?:and|also|but|so|ok(?:ay)? and|what about|how about|same for|what of)\b")


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Where the matcher draws its lines; measured with bench/compare.py."""

    answer: float = 0.5  # confidence needed to answer
    ambiguous: float = 0.35  # confidence needed to offer "did you mean"
    lead: float = 0.02  # a tie (a lead smaller than this) is never answered: it is "did you mean"
    close: float = 0.1  # candidates whose scores differ by less than this are "close"
    real_question: float = 0.4  # a non-small-talk candidate this good outranks a greeting
    suggestion: float = 0.15  # below this score a candidate is not even suggested


@dataclass(frozen=True, slots=True)
class Reading:
    """One way of reading a message (all of it, or one sentence): ranked entries and signals."""

    ranking: tuple[ScoredEntry, ...]
    unknown_share: float
    term_count: int
    off_topic: bool = False  # names something the bot does not cover ("lawyer", "printer")

    @property
    def features(self) -> tuple[float, ...]:
        """The signals bot.matching.confidence weighs, in its FEATURES order."""
        length = math.log1p(self.term_count)
        if not self.ranking:
            return 0.0, 0.0, 0.0, self.unknown_share, length, 0.0, 0.0
        top = self.ranking[0]
        runner_up = self.ranking[1].score if len(self.ranking) > 1 else 0.0
        margin = top.score - runner_up
        return top.phrase_score, top.coverage, margin, self.unknown_share, length, top.precision, top.bayes

    @property
    def confidence(self) -> float:
        return confidence(self.features) if self.ranking and not self.off_topic else 0.0


class Matcher:
    """Matches questions against one knowledge snapshot; immutable and shareable."""

    def __init__(self, snapshot: KnowledgeSnapshot, thresholds: Thresholds | None = None) -> None:
        self.snapshot = snapshot
        self.thresholds = thresholds or Thresholds()
        self.index = PhraseIndex(snapshot)
        #: Each off-topic phrase's terms, filed under one of them: a reading checks only its own terms'.
        self._off_topic: dict[str, list[frozenset[str]]] = {}
        for terms in self._off_topic_terms(snapshot.off_topic):
            self._off_topic.setdefault(min(terms), []).append(terms)

    @property
    def analyzer(self) -> TextAnalyzer:
        """The analyser questions are read with (spelling corrected against the knowledge)."""
        return self.index.analyzer

    def match(self, question: str, previous: str | None = None) -> MatchResult:
        """Match one question; ``previous`` is the entry the same person was last answered with.

        A follow-up is read again as the previous question with the new words added: the
        new words weigh fully, the previous question's at a third. That reading is used when
        the message is not answered alone, or when it opens like a follow-up ("and for
        seniors?", "what about AI engineers?"); a question that stands alone is kept as it is.
        """
        text = clean(question)
        alone = self._decide(question, self.best_reading(text))
        earlier = self.snapshot.entry(previous) if previous else None
        if earlier is None or (alone.status is MatchStatus.ANSWERED and not _FOLLOW_UP_CUE.match(text)):
            return alone
        analyzer = self.index.analyzer
        weights = self.index.weigh(analyzer.analyze(earlier.question, correct_spelling=False), _CONTEXT_SCALE)
        weights.update(self.index.weigh(analyzer.analyze(text)))
        followed = self._decide(question, self._reading(weights, earlier.category))
        if followed.status is MatchStatus.ANSWERED:
            return MatchResult(question, followed.status, followed.candidates, used_context=True)
        return alone

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
        return self._reading(self.index.weigh(self.index.analyzer.analyze(text)))

    def _off_topic_terms(self, phrases: tuple[str, ...]) -> tuple[frozenset[str], ...]:
        """Each off-topic word or phrase as the terms a question must hold to be off topic.

        A listed word the knowledge uses, or a phrase one of its phrasings uses whole, is
        ignored, so the list can never block a question the bot answers; "stack trace" stays
        listed though entries speak of a tech stack and of trace logs.
        """
        analyzer = self.index.analyzer
        terms = [frozenset(analyzer.analyze(p, correct_spelling=False).terms) for p in phrases]
        terms = [t for t in terms if t]
        used = self.index.used_together(terms)
        return tuple(t for t, in_knowledge in zip(terms, used, strict=True) if not in_knowledge)

    def _reading(self, weights: Mapping[str, float], category: str | None = None) -> Reading:
        """Rank the weighted terms; a follow-up favours entries in ``category``, the previous one's."""
        total = sum(weights.values())
        unknown = sum(w for t, w in weights.items() if not self.index.is_known(t))
        listed = (self._off_topic.get(term, ()) for term in weights)
        off_topic = any(terms <= weights.keys() for phrases in listed for terms in phrases)
        ranking = self.index.rank(weights, limit=_RANKED)
        if category is not None:
            entries = self.snapshot.entries
            ranking = [
                replace(s, score=min(s.score * _SAME_CATEGORY_BONUS, 1.0))
                if entries[s.entry].category == category
                else s
                for s in ranking
            ]
            ranking.sort(key=lambda s: (s.score, s.coverage), reverse=True)
        return Reading(tuple(ranking), unknown / total if total else 1.0, len(weights), off_topic)

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
        return real, reading.confidence

    def _decide(self, question: str, reading: Reading) -> MatchResult:
        limits = self.thresholds
        candidates = tuple(
            Candidate(self.index.entry_ids[s.entry], round(s.score, 4))
            for s in reading.ranking
            if s.score >= limits.suggestion
        )[:3]
        if not candidates:
            return MatchResult(question, MatchStatus.UNSURE)
        sure = reading.confidence
        lead = candidates[0].score - (candidates[1].score if len(candidates) > 1 else 0.0)
        if sure >= limits.answer and lead >= limits.lead:
            return MatchResult(question, MatchStatus.ANSWERED, candidates)
        close = tuple(c for c in candidates if candidates[0].score - c.score < limits.close)
        if sure >= limits.ambiguous and len(close) > 1:
            return MatchResult(question, MatchStatus.AMBIGUOUS, close)
        return MatchResult(question, MatchStatus.UNSURE, candidates)
