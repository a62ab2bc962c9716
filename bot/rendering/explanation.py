"""An Explanation as terminal text: what `python -m bot ask --explain` prints after the answer."""

from __future__ import annotations

from bot.matching.calibration import BIAS
from bot.matching.explain import CandidateView, Explanation, Signal
from bot.matching.result import MatchStatus

#: Words listed at most; a long message has many, the heaviest decide.
MAX_WORDS = 12
#: The confidence model's line for the knowledge's own shift (self_calibration.py), when it has one.
OWN_SHIFT = "knowledge's own shift"
#: The confidence model's log-odds before any signal: with the shares listed, they sum to its log-odds.
STARTING_POINT = "starting point"


def decision_line(why: Explanation) -> str:
    """One sentence: what the bot did, and the rule that made it (shared with the Discord embed)."""
    if why.status is MatchStatus.ANSWERED and why.best is not None:
        outcome = f"Answered with {why.entry_id}"
    elif why.status is MatchStatus.AMBIGUOUS:
        outcome = "Asked which one was meant"
    else:
        outcome = "Not sure"
    return f"{outcome}: rule {why.rule or '(none)'}, {why.rule_text}."


def confidence_line(why: Explanation) -> str:
    answer, lead = why.threshold("answer"), why.threshold("lead")
    line = f"Confidence {why.confidence:.2f}" + (
        f" (answers from {answer:.2f})" if answer is not None else ""
    )
    line += f"; lead over the runner-up {why.lead:.2f}" + (f" (needs {lead:.2f})" if lead is not None else "")
    return line


def notes(why: Explanation) -> list[str]:
    """What else shaped the reading: spelling corrections, a follow-up, an out-of-scope word."""
    lines = []
    if why.corrections:
        lines.append("Read past typos: " + ", ".join(f"{typed} -> {read}" for typed, read in why.corrections))
    if why.used_context:
        lines.append("Read as a follow-up, with the previous question's words at a third of their weight.")
    if why.off_topic:
        lines.append("It names something outside what the bot covers, so confidence is 0.")
    if why.log_odds_shift:
        lines.append(
            f"Calibrated for this knowledge: its own held-out phrasings add {why.log_odds_shift:+.2f} "
            "to the confidence model's log-odds (0 for the knowledge the model was fitted on)."
        )
    return lines


def signal_text(signal: Signal) -> str:
    return f"{signal.label} {signal.value:.2f}"


def candidate_line(kind: str, candidate: CandidateView) -> str:
    parts = ", ".join(signal_text(s) for s in candidate.signals)
    return f"{kind}: {candidate.entry_id} (score {candidate.score:.2f}: {parts})"


def render_explanation(why: Explanation) -> str:
    lines = ["Why this answer", "=" * 15, decision_line(why), confidence_line(why), *notes(why)]
    if why.words:
        lines += [
            "",
            "Words (weight; B: the best candidate uses it, R: the runner-up does, ?: unknown word):",
        ]
        for word in why.words[:MAX_WORDS]:
            marks = ("B" if word.in_best else "-") + ("R" if word.in_runner_up else "-")
            lines.append(f"  {word.word:<24} {word.weight:5.2f}  {marks if word.known else '?'}")
        if len(why.words) > MAX_WORDS:
            lines.append(f"  ...and {len(why.words) - MAX_WORDS} lighter words")
    lines.append("")
    if why.best is not None:
        lines.append(candidate_line("Best", why.best))
    lines.append(candidate_line("Runner-up", why.runner_up) if why.runner_up else "Runner-up: none")
    if why.features:
        lines += ["", "Confidence model (value -> its share of the log-odds, by the signal's fitted shape):"]
        lines.append(f"  {STARTING_POINT:<24} {'':5} -> {BIAS:+.2f}")
        for feature in why.features:
            share = feature.contribution
            tail = f" -> {share:+.2f}" if share is not None else ""
            lines.append(f"  {feature.label:<24} {feature.value:5.2f}{tail}")
        if why.log_odds_shift:
            shift = f"{why.log_odds_shift:+.2f}"
            lines.append(f"  {OWN_SHIFT:<24} {'':5} -> {shift}")
    return "\n".join(lines) + "\n"
