"""Deciding what a reading of a question comes to: answered, ambiguous or unsure.

Four rules, tried in order; the one that fires is logged (at debug level, with the rule's
name in the record's ``rule`` attribute), so a surprising decision can be traced:

- ``no-candidate``: no candidate scores at least ``suggestion``: unsure, nothing suggested;
- ``confident``: confidence at least ``answer`` and a lead of at least ``lead``: answered;
- ``close-candidates``: confidence at least ``ambiguous`` and several candidates within
  ``close`` of the best: ambiguous ("did you mean");
- ``not-sure``: otherwise unsure, with the candidates as suggestions.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

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


def decide(question: str, reading: Reading, entry_ids: Sequence[str], limits: Thresholds) -> MatchResult:
    """The result for ``question`` read as ``reading``; ``entry_ids`` names the ranked entry numbers."""
    suggested = (s for s in reading.ranking if s.score >= limits.suggestion)
    candidates = tuple(Candidate(entry_ids[s.entry], round(s.score, 4)) for s in suggested)
    candidates = candidates[: tuning.MAX_SUGGESTIONS]
    if not candidates:
        return _fired("no-candidate", MatchResult(question, MatchStatus.UNSURE), 0.0, 0.0)
    sure = confidence(reading)
    lead = candidates[0].score - (candidates[1].score if len(candidates) > 1 else 0.0)
    if sure >= limits.answer and lead >= limits.lead:
        return _fired("confident", MatchResult(question, MatchStatus.ANSWERED, candidates), sure, lead)
    close = tuple(c for c in candidates if candidates[0].score - c.score < limits.close)
    if sure >= limits.ambiguous and len(close) > 1:
        return _fired("close-candidates", MatchResult(question, MatchStatus.AMBIGUOUS, close), sure, lead)
    return _fired("not-sure", MatchResult(question, MatchStatus.UNSURE, candidates), sure, lead)


def _fired(rule: str, result: MatchResult, sure: float, lead: float) -> MatchResult:
    if log.isEnabledFor(logging.DEBUG):
        log.debug(
            "%s by rule %s (confidence %.3f, lead %.3f): %r",
            result.status.value,
            rule,
            sure,
            lead,
            result.question[:80],
            extra={"rule": rule},
        )
    return result
