"""Deciding what a reading of a question comes to: answered, ambiguous or unsure.

Four rules, tried in order; the one that fires is logged (at debug level, with the rule's
name in the record's ``rule`` attribute), so a surprising decision can be traced:

- ``no-candidate``: no candidate scores at least ``suggestion``: unsure, nothing suggested;
- ``confident``: confidence at least ``answer`` and a lead of at least ``lead``: answered;
- ``close-candidates``: confidence at least ``ambiguous`` and several candidates within
  ``close`` of the best: ambiguous ("did you mean");
- ``not-sure``: otherwise unsure, with the candidates as suggestions: those that share a word
  with the question or come close by meaning (a keyboard mash is near nothing; its "closest
  topics" would be noise).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.matching import tuning
from bot.matching.confidence import confidence
from bot.matching.features import Reading
from bot.matching.result import Candidate, MatchResult, MatchStatus

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Where the matcher draws its lines; the defaults and their sources are in tuning.py."""

    answer: float = tuning.ANSWER_CONFIDENCE  # confidence needed to answer
    ambiguous: float = tuning.AMBIGUOUS_CONFIDENCE  # confidence needed to offer "did you mean"
    lead: float = tuning.MIN_LEAD  # a tie (a lead smaller than this) is never answered
    close: float = tuning.CLOSE_SCORES  # candidates whose scores differ by less than this are "close"
    real_question: float = tuning.REAL_QUESTION_SCORE  # a non-small-talk candidate this good beats a greeting
    suggestion: float = tuning.SUGGESTION_SCORE  # below this score a candidate is not even suggested
    meaning_only: float = tuning.SUGGESTION_MEANING  # a candidate sharing no word needs this similarity
    #: Added to the confidence model's log-odds: the knowledge's own calibration (self_calibration.py),
    #: 0 for the knowledge the model was fitted on. Not a line: the explanation shows it apart.
    log_odds_shift: float = 0.0


#: What each rule means, in words a person reading an explanation understands.
RULES = {
    "no-candidate": "no entry came close enough even to suggest",
    "confident": "confident enough, and far enough ahead of the runner-up, to answer",
    "close-candidates": "a few entries came close to each other, so it asked which one was meant",
    "not-sure": "not confident enough to answer, so it said so and suggested the closest topics",
}


@dataclass(frozen=True, slots=True)
class Decision:
    """Why a reading came to its result: the rule that fired and the numbers it weighed."""

    rule: str
    confidence: float
    lead: float
    reading: Reading
    thresholds: Thresholds


def decide(question: str, reading: Reading, entry_ids: Sequence[str], limits: Thresholds) -> MatchResult:
    """The result for ``question`` read as ``reading``; ``entry_ids`` names the ranked entry numbers.

    The result carries its ``Decision`` (``MatchResult.decision``), which explanations read.
    """
    suggested = [s for s in reading.ranking if s.score >= limits.suggestion][: tuning.MAX_SUGGESTIONS]
    candidates = tuple(Candidate(entry_ids[s.entry], round(s.score, 4)) for s in suggested)
    if not candidates:
        nothing = Decision("", 0.0, 0.0, reading, limits)
        return _fired("no-candidate", question, MatchStatus.UNSURE, (), nothing)
    sure = confidence(reading, limits.log_odds_shift)
    lead = candidates[0].score - (candidates[1].score if len(candidates) > 1 else 0.0)
    decided = Decision("", sure, lead, reading, limits)
    if sure >= limits.answer and lead >= limits.lead:
        return _fired("confident", question, MatchStatus.ANSWERED, candidates, decided)
    close = tuple(c for c in candidates if candidates[0].score - c.score < limits.close)
    if sure >= limits.ambiguous and len(close) > 1:
        return _fired("close-candidates", question, MatchStatus.AMBIGUOUS, close, decided)
    evidenced = tuple(
        c
        for c, s in zip(candidates, suggested, strict=True)
        if s.phrase_score > 0 or s.semantic >= limits.meaning_only
    )
    return _fired("not-sure", question, MatchStatus.UNSURE, evidenced, decided)


def _fired(
    rule: str, question: str, status: MatchStatus, candidates: tuple[Candidate, ...], decided: Decision
) -> MatchResult:
    if log.isEnabledFor(logging.DEBUG):
        log.debug(
            "%s by rule %s (confidence %.3f, lead %.3f): %r",
            status.value,
            rule,
            decided.confidence,
            decided.lead,
            question[:80],
            extra={"rule": rule},
        )
    return MatchResult(question, status, candidates, decision=replace(decided, rule=rule))
