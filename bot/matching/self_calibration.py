"""A knowledge base's own shift of the confidence model's log-odds, read from held-out phrasings.

The confidence model (confidence.py) is fitted on questions about the shipped knowledge, and its line
does not transfer: on a base other moderators write (CLINC150 with ten utterances per intent, say) it
abstains on most questions it ranks right. So at build the matcher also asks the knowledge itself:
for each of a few deterministic splits it holds out one phrasing of every entry that has at least
three and every phrasing of a fifth of the entries, rebuilds without them and asks the second: not
covered, so a right reply is no answer (the first only stay out of the rebuild).
The knowledge's shift is the largest of ``SELF_CALIBRATION_SHIFTS`` that still abstains on
``SELF_CALIBRATION_NOT_COVERED_FLOOR`` of the not-covered questions (``best_shift`` says why not the
best sum of the answered-right and abstained shares), less the shipped knowledge's own
(``SELF_CALIBRATION_REFERENCE``, which bench/calibrate.py generates), so the shipped knowledge's
is 0 by construction; and it is applied only beyond ``SELF_CALIBRATION_DEAD_BAND`` (less the band),
so that a moderator's small edit moves nothing.
A base too small to read a shift from, or so large that its rebuilds would take long, gets none.

Each split picks its entries and phrasings by a hash of the seed and the entry's id, so an edit of
one entry changes that entry's held-out questions only. The shipped knowledge (its digest is the
one calibration.py was fitted on) is never rebuilt, and a base's result is kept in the artefact
cache under its digest, so only the first build of a changed knowledge pays for the rebuilds.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import numpy as np

from bot.knowledge.models import Entry, KnowledgeSnapshot
from bot.matching import calibration, tuning
from bot.matching.artefacts import ArtefactCache, cached, code_parts, fingerprint, text_parts
from bot.matching.confidence import log_odds
from bot.matching.decision import Thresholds
from bot.matching.result import MatchResult


class Asked(Protocol):
    """What the held-out questions are asked of: a matcher built without them."""

    thresholds: Thresholds

    def match(self, question: str) -> MatchResult: ...


#: Builds the matcher of a held-out knowledge (the same settings, no shift of its own).
Build = Callable[[KnowledgeSnapshot], Asked]


@dataclass(frozen=True, slots=True)
class Reading:
    """One held-out question as asked: its log-odds (-inf when it can never be answered) and what it was."""

    log_odds: float
    in_scope: bool  # held out of a kept entry (else: its entry was withheld, so nothing covers it)


def _words(entry: Entry) -> tuple[str, ...]:
    """What matching reads of an entry."""
    return (
        entry.id,
        entry.question,
        entry.answer,
        entry.category,
        *entry.alternates,
        "\x1d",
        *entry.keywords,
    )


def knowledge_digest(snapshot: KnowledgeSnapshot) -> str:
    """A SHA-256 over what matching reads of the knowledge: entries' words, synonyms, off-topic words."""
    return fingerprint(
        "knowledge",
        text_parts(_words(e) for e in snapshot.entries),
        text_parts([canonical, *variants] for canonical, variants in sorted(snapshot.synonyms.items())),
        text_parts([snapshot.off_topic, sorted(snapshot.small_talk_categories)]),
    )


def entry_digests(snapshot: KnowledgeSnapshot) -> tuple[str, ...]:
    """A short digest of each entry's words, in order (calibration.py keeps the shipped knowledge's)."""
    return tuple(fingerprint("entry", text_parts([_words(e)]))[:12] for e in snapshot.entries)


def near_shipped(snapshot: KnowledgeSnapshot) -> bool:
    """Whether all but ``SELF_CALIBRATION_EDITED_SHARE`` of the shipped knowledge's entries, as
    calibration.py was fitted on, are in ``snapshot`` unchanged: moderators' edits of ours and what
    they add to it, not another base. Entries they add do not count against it: each added entry
    would otherwise, past a few, make every reload pay the held-out rebuilds (fifty added entries
    cost 50 reloads of about 3.5 s each)."""
    shipped = set(calibration.SELF_CALIBRATION_ENTRIES)
    same = sum(digest in shipped for digest in set(entry_digests(snapshot)))
    return bool(shipped) and same >= (1 - tuning.SELF_CALIBRATION_EDITED_SHARE) * len(shipped)


def _rank(seed: int, *parts: str) -> int:
    return int.from_bytes(hashlib.sha256("\x1f".join((str(seed), *parts)).encode()).digest()[:8], "big")


def held_out(
    snapshot: KnowledgeSnapshot, seed: int
) -> tuple[KnowledgeSnapshot, list[tuple[str, str | None]]]:
    """The knowledge without a fifth of its entries and one phrasing of each other entry with three
    or more, and those held-out questions (each with the entry it came from, None when withheld)."""
    entries = snapshot.entries
    withheld = set(sorted((e.id for e in entries), key=lambda i: _rank(seed, i))[: max(1, len(entries) // 5)])
    kept, questions = [], []
    for entry in entries:
        phrasings = entry.phrasings
        if entry.id in withheld:
            questions += [(p, None) for p in phrasings[: tuning.SELF_CALIBRATION_NOT_COVERED]]
        elif len(phrasings) >= 3:
            phrasing = phrasings[1 + _rank(seed, entry.id, "phrasing") % (len(phrasings) - 1)]
            questions.append((phrasing, entry.id))
            kept.append(replace(entry, alternates=tuple(a for a in entry.alternates if a != phrasing)))
        else:
            kept.append(entry)
    return replace(snapshot, entries=tuple(kept)), questions


def readings(matcher: Asked, questions: Sequence[tuple[str, str | None]]) -> list[Reading]:
    """Each question's log-odds as the decision weighs it, measured from the answer line (0 at it)."""
    limits = matcher.thresholds
    line = math.log(limits.answer / (1 - limits.answer))
    out = []
    for text, entry_id in questions:
        result = matcher.match(text)
        decision = result.decision
        usable = (
            decision is not None
            and bool(result.candidates)
            and decision.lead >= limits.lead
            and not decision.reading.off_topic
        )
        z = log_odds(decision.reading.features) + limits.log_odds_shift - line if usable else -math.inf
        out.append(Reading(z, entry_id is not None))
    return out


def best_shift(asked: Sequence[Reading]) -> float:
    """The largest shift of the grid that still abstains on ``SELF_CALIBRATION_NOT_COVERED_FLOOR`` of
    the not-covered questions (the smallest when none does).

    A floor, not the best sum of the two shares: a withheld entry's phrasings sit near its neighbours',
    and a sum that weighs them as much as the in-scope ones reads the overlap of the two (how close the
    base's entries are to each other), not how sure the model is on this base. The in-scope side
    saturates where the not-covered one is still falling, so the sum's best lies wherever they cross;
    on CLINC150 with every utterance it read -1.5 where its validation queries want 0 to +0.5, and it
    moved by a point from one split to the next. A share of the not-covered questions is a quantile
    of their readings: it moves little from split to split, and less the shipped knowledge's own
    (``SELF_CALIBRATION_REFERENCE``) it asks a base to abstain on them as ours does at its line.
    """
    outside = [r.log_odds for r in asked if not r.in_scope]
    floor = tuning.SELF_CALIBRATION_NOT_COVERED_FLOOR
    abstaining = [
        s
        for s in tuning.SELF_CALIBRATION_SHIFTS
        if sum(z + s < 0 for z in outside) >= floor * max(len(outside), 1)
    ]
    return max(abstaining, default=min(tuning.SELF_CALIBRATION_SHIFTS))


def splits_for(snapshot: KnowledgeSnapshot) -> int:
    """How many held-out splits are rebuilt: ``SELF_CALIBRATION_SPLITS``, fewer for a large base (each
    rebuilds nearly all its phrasings), 0 when it is too small or too large to measure."""
    entries = snapshot.entries
    phrasings = sum(len(e.phrasings) for e in entries)
    if len(entries) < tuning.SELF_CALIBRATION_MIN_ENTRIES or phrasings > tuning.SELF_CALIBRATION_REBUILT:
        return 0
    return min(tuning.SELF_CALIBRATION_SPLITS, tuning.SELF_CALIBRATION_REBUILT // phrasings)


def held_out_readings(snapshot: KnowledgeSnapshot, build: Build, splits: int | None = None) -> list[Reading]:
    """The not-covered held-out questions of each split (``splits_for`` the knowledge unless given),
    asked of the knowledge built without them: all ``best_shift`` reads. (The in-scope ones are still
    held out of the rebuilt knowledge, as the floor was measured, but not asked.)"""
    asked: list[Reading] = []
    for seed in range(splits_for(snapshot) if splits is None else splits):
        kept, questions = held_out(snapshot, seed)
        asked += readings(build(kept), [(text, entry) for text, entry in questions if entry is None])
    return asked


def raw_shift(snapshot: KnowledgeSnapshot, build: Build) -> float:
    """The knowledge's best shift by its held-out phrasings, before the shipped knowledge's is taken off."""
    return best_shift(held_out_readings(snapshot, build))


def applied(raw: float) -> float:
    """The shift the decision uses: beyond the dead band around the shipped knowledge's, less the band."""
    difference = raw - calibration.SELF_CALIBRATION_REFERENCE
    beyond = abs(difference) - tuning.SELF_CALIBRATION_DEAD_BAND
    return math.copysign(beyond, difference) if beyond > 0 else 0.0


def own_shift(
    snapshot: KnowledgeSnapshot, build: Build, cache: ArtefactCache | None = None, *, settings: object = ()
) -> float:
    """The log-odds shift for ``snapshot``: 0 for the knowledge the model was fitted on, for a base too
    small or too large to measure, and within the dead band; else read from its held-out phrasings
    (``build`` makes their matchers, with ``settings``: part of the cache key), through ``cache``."""
    if not splits_for(snapshot):
        return 0.0
    digest = knowledge_digest(snapshot)
    if digest == calibration.SELF_CALIBRATION_DIGEST or near_shipped(snapshot):
        return 0.0
    arrays = cached(
        cache,
        "self-calibration",
        lambda: _key(digest, repr(settings)),
        lambda: {"raw": np.array(raw_shift(snapshot, build))},
    )
    return applied(float(arrays["raw"]))


def _key(digest: str, settings: str) -> str:
    """What the raw shift depends on: the knowledge, the matcher's settings, all of the matching code
    and calibration (every file of this package), the Python and the libraries that rank and embed."""
    code = sorted(Path(__file__).parent.glob("*.py"))
    libraries = ("PyStemmer", "wordllama", "tokenizers", "safetensors", "scikit-learn", "numpy")
    return fingerprint("self-calibration", digest, settings, *code_parts(code, libraries))
