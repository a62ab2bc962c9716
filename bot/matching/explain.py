"""What decided a question's answer, read from the matcher's own record of it (``MatchResult.decision``).

The explanation is built generically: every field of ``Features`` and of ``ScoredEntry`` is listed by
name, with its share of the confidence model's log-odds when the model weighs it, so a signal added to
the matcher (a semantic similarity, say) appears in explanations without a change here.
`python -m bot ask --explain` and the "Why this answer?" button both show what ``explain`` returns.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from bot.matching.confidence import contributions
from bot.matching.decision import RULES, Decision
from bot.matching.followup import ON_TOPIC_RULE, ON_TOPIC_TEXT
from bot.matching.matcher import Matcher
from bot.matching.rerank import ScoredEntry
from bot.matching.result import MatchStatus

#: Plain names of the signals; one without an entry here is shown by its field name.
SIGNAL_LABELS = {
    "score": "phrase match",
    "coverage": "question covered",
    "margin": "lead over runner-up",
    "unknown_share": "unknown words",
    "log_terms": "length (log words)",
    "precision": "best phrasing held",
    "bayes": "naive Bayes share",
    "learned": "classifier share",
    "phrase_score": "phrase match",
}


@dataclass(frozen=True, slots=True)
class Signal:
    """One number the matcher weighed: a feature of the reading or a candidate's score part."""

    name: str
    value: float
    #: What it adds to the confidence model's log-odds at this value (its fitted shape's step there);
    #: None when the model does not weigh it.
    contribution: float | None = None

    @property
    def label(self) -> str:
        return SIGNAL_LABELS.get(self.name, self.name.replace("_", " "))


@dataclass(frozen=True, slots=True)
class Word:
    """A word of the question as the matcher read it, with its weight."""

    word: str
    weight: float  # IDF (rarer words weigh more); a previous question's words count a third
    known: bool  # the knowledge uses it at all
    in_best: bool  # the best candidate's phrasings or keywords use it
    in_runner_up: bool


@dataclass(frozen=True, slots=True)
class CandidateView:
    entry_id: str
    question: str
    score: float
    signals: tuple[Signal, ...]  # every part of its score that the ranking recorded


@dataclass(frozen=True, slots=True)
class Explanation:
    question: str
    status: MatchStatus
    entry_id: str | None  # the answering entry, when answered
    rule: str  # the decision rule that fired (bot/matching/decision.py), "" when none was recorded
    confidence: float
    lead: float  # the best candidate's score less the runner-up's
    thresholds: tuple[Signal, ...]  # the matcher's lines (answer, ambiguous, lead, ...), by name
    words: tuple[Word, ...]  # heaviest first
    features: tuple[Signal, ...]  # the best candidate's features, as the confidence model weighs them
    best: CandidateView | None
    runner_up: CandidateView | None
    corrections: tuple[tuple[str, str], ...] = ()  # (typed, read as)
    used_context: bool = False  # read with the previous question (a follow-up)
    off_topic: bool = False  # it names something the bot does not cover
    #: added to the confidence model's log-odds for this knowledge (self_calibration.py); 0 for ours
    log_odds_shift: float = 0.0

    @property
    def rule_text(self) -> str:
        rules = {**RULES, ON_TOPIC_RULE: ON_TOPIC_TEXT}
        return rules.get(self.rule, self.rule or "no decision was recorded")

    def threshold(self, name: str) -> float | None:
        return next((t.value for t in self.thresholds if t.name == name), None)


def explain(matcher: Matcher, question: str, previous: str | None = None) -> Explanation:
    """Match ``question`` (``previous``: the entry the asker was last answered with) and say why."""
    result = matcher.match(question, previous)
    decision = result.decision
    analysis = matcher.analyzer.analyze(question)
    if decision is None:
        return Explanation(
            question,
            result.status,
            result.entry_id,
            "",
            0.0,
            0.0,
            (),
            (),
            (),
            None,
            None,
            analysis.corrections,
        )
    reading = decision.reading
    ranking = reading.ranking
    best = ranking[0] if ranking else None
    runner_up = ranking[1] if len(ranking) > 1 else None
    return Explanation(
        question=question,
        status=result.status,
        entry_id=result.entry_id,
        rule=decision.rule,
        confidence=decision.confidence,
        lead=decision.lead,
        thresholds=_thresholds(decision),
        words=_words(
            matcher, question, previous if result.used_context else None, reading.weights, best, runner_up
        ),
        features=_features(decision) if best is not None else (),
        best=_candidate(matcher, best),
        runner_up=_candidate(matcher, runner_up),
        corrections=analysis.corrections,
        used_context=result.used_context,
        off_topic=reading.off_topic,
        log_odds_shift=decision.thresholds.log_odds_shift,
    )


def _thresholds(decision: Decision) -> tuple[Signal, ...]:
    limits = decision.thresholds
    lines = (f.name for f in dataclasses.fields(limits) if f.name != "log_odds_shift")  # not a line
    return tuple(Signal(name, getattr(limits, name)) for name in lines)


def _features(decision: Decision) -> tuple[Signal, ...]:
    features = decision.reading.features
    shares = contributions(features)
    return tuple(
        Signal(f.name, getattr(features, f.name), shares.get(f.name)) for f in dataclasses.fields(features)
    )


def _candidate(matcher: Matcher, scored: ScoredEntry | None) -> CandidateView | None:
    if scored is None:
        return None
    entry_id = matcher.index.entry_ids[scored.entry]
    entry = matcher.snapshot.entry(entry_id)
    signals = tuple(
        Signal(f.name, getattr(scored, f.name))
        for f in dataclasses.fields(scored)
        if f.name not in ("entry", "score") and isinstance(getattr(scored, f.name), float)
    )
    return CandidateView(entry_id, entry.question if entry else entry_id, scored.score, signals)


def _words(
    matcher: Matcher,
    question: str,
    previous: str | None,
    weights: Mapping[str, float],
    best: ScoredEntry | None,
    runner_up: ScoredEntry | None,
) -> tuple[Word, ...]:
    """The reading's terms as the words they came from, heaviest first."""
    analyzer, index = matcher.analyzer, matcher.index
    spelled: dict[str, str] = {}
    earlier = matcher.snapshot.entry(previous) if previous else None
    texts = [question] + ([earlier.question] if earlier is not None else [])
    for text in texts:
        analysis = analyzer.analyze(text, correct_spelling=text is question)
        for term, word in zip(analysis.terms, analysis.words, strict=True):
            spelled.setdefault(term, word)

    def uses(scored: ScoredEntry | None, term_id: int | None) -> bool:
        return scored is not None and term_id is not None and index.term_count(scored.entry, term_id) > 0

    words = []
    for term, weight in weights.items():
        term_id = index.term_ids.get(term)
        words.append(
            Word(
                spelled.get(term, term),
                weight,
                term_id is not None,
                uses(best, term_id),
                uses(runner_up, term_id),
            )
        )
    return tuple(sorted(words, key=lambda word: -word.weight))
