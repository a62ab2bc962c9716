"""The knowledge's own log-odds shift: 0 for ours and for a small edit of it, its own for a foreign base."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest

from bench import clinc150
from bot.config import load_settings
from bot.knowledge.loader import load_knowledge
from bot.knowledge.models import KnowledgeSnapshot
from bot.matching import calibration, self_calibration, tuning
from bot.matching.artefacts import ArtefactCache
from bot.matching.explain import explain
from bot.matching.matcher import Matcher
from bot.matching.result import MatchStatus
from bot.rendering.explanation import OWN_SHIFT, render_explanation

#: CLINC150 intents written as a knowledge folder: every sixth intent, ten utterances each.
FOREIGN_INTENTS = 25


def never_built(snapshot: KnowledgeSnapshot) -> Matcher:
    raise AssertionError("held-out rebuilds were not expected here")


def build(kept: KnowledgeSnapshot) -> Matcher:
    return Matcher(kept, calibrate_self=False)


@pytest.fixture(scope="module")
def shipped() -> KnowledgeSnapshot:
    return load_knowledge(load_settings({}).knowledge_dir)


@pytest.fixture(scope="module")
def foreign(tmp_path_factory: pytest.TempPathFactory) -> tuple[KnowledgeSnapshot, list[tuple[str, str]]]:
    """A knowledge folder nobody here wrote (CLINC150 intents, real YAML), and its intents' test queries."""
    folder = tmp_path_factory.mktemp("foreign")
    data = clinc150.load()
    entries = clinc150.knowledge(data["train"], 10).entries[::6][:FOREIGN_INTENTS]
    rows = [
        {
            "id": e.id,
            "question": e.question,
            "alternates": list(e.alternates),
            "category": "help",
            "answer": e.answer,
        }
        for e in entries
    ]
    (folder / "faq").mkdir()
    (folder / "faq" / "help.yaml").write_text(json.dumps({"entries": rows}, indent=1), encoding="utf-8")
    ids = {e.id for e in entries}
    test = [
        (text, intent.replace("_", "-")) for text, intent in data["test"] if intent.replace("_", "-") in ids
    ]
    return load_knowledge(folder), test


def test_the_shipped_knowledge_is_never_rebuilt_and_shifts_nothing(shipped: KnowledgeSnapshot) -> None:
    assert self_calibration.knowledge_digest(shipped) == calibration.SELF_CALIBRATION_DIGEST, (
        "run `python -m bench.calibrate --write`: calibration.py names another knowledge"
    )
    assert self_calibration.entry_digests(shipped) == calibration.SELF_CALIBRATION_ENTRIES
    assert self_calibration.own_shift(shipped, never_built) == 0.0
    assert Matcher(shipped).thresholds.log_odds_shift == 0.0


def test_one_edited_entry_of_a_copy_of_the_shipped_knowledge_keeps_the_shift_at_0(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(load_settings({}).knowledge_dir, folder)
    path = folder / "faq" / "education.yaml"
    entry = (
        "  - id: certifications\n    question: Which certifications help for AI and ML engineering jobs?\n"
    )
    text = path.read_text(encoding="utf-8")
    assert entry + "    alternates:\n" in text
    added = "      - which cert should an ml engineer get first\n"
    path.write_text(
        text.replace(entry + "    alternates:\n", entry + "    alternates:\n" + added), encoding="utf-8"
    )
    edited = load_knowledge(folder)
    assert self_calibration.knowledge_digest(edited) != calibration.SELF_CALIBRATION_DIGEST  # it is measured
    raw = self_calibration.raw_shift(edited, build)
    assert abs(raw - calibration.SELF_CALIBRATION_REFERENCE) <= tuning.SELF_CALIBRATION_DEAD_BAND
    assert self_calibration.near_shipped(edited)  # so it is not even measured
    assert self_calibration.own_shift(edited, never_built) == 0.0


def test_a_knowledge_with_more_than_a_few_entries_edited_is_measured(shipped: KnowledgeSnapshot) -> None:
    from dataclasses import replace

    allowed = int(tuning.SELF_CALIBRATION_EDITED_SHARE * len(shipped.entries))
    for edited_count, near in ((allowed, True), (allowed + 1, False)):
        entries = tuple(
            replace(e, alternates=(*e.alternates, "and one more way")) if n < edited_count else e
            for n, e in enumerate(shipped.entries)
        )
        assert self_calibration.near_shipped(replace(shipped, entries=entries)) is near
    assert not self_calibration.near_shipped(
        replace(shipped, entries=shipped.entries[: len(shipped.entries) // 2])
    )


def test_entries_added_to_the_shipped_knowledge_keep_it_ours(shipped: KnowledgeSnapshot) -> None:
    from dataclasses import replace

    added = tuple(
        replace(shipped.entries[0], id=f"added-{n}", question=f"A question moderators added, number {n}?")
        for n in range(len(shipped.entries))
    )
    grown = replace(shipped, entries=shipped.entries + added)
    assert self_calibration.near_shipped(grown)
    assert self_calibration.own_shift(grown, never_built) == 0.0


def test_a_foreign_knowledge_base_gets_its_own_shift_and_it_changes_decisions(
    foreign, tmp_path: Path
) -> None:
    snapshot, test = foreign
    cache = ArtefactCache(tmp_path / "cache")
    shifted, plain = Matcher(snapshot, cache=cache), Matcher(snapshot, calibrate_self=False)
    shift = shifted.thresholds.log_odds_shift
    assert shift > 0  # its own phrasings say the shipped line is too cautious for it
    assert plain.thresholds.log_odds_shift == 0.0
    before = [plain.match(text) for text, _ in test]
    after = [shifted.match(text) for text, _ in test]
    assert [r.suggestions[:1] for r in before] == [r.suggestions[:1] for r in after]  # the same ranking
    answered = [
        b.status is not MatchStatus.ANSWERED and a.status is MatchStatus.ANSWERED
        for b, a in zip(before, after, strict=True)
    ]
    assert any(answered)
    assert not any(
        b.status is MatchStatus.ANSWERED and a.status is not MatchStatus.ANSWERED
        for b, a in zip(before, after, strict=True)
    )
    right = sum(r.entry_id == intent for r, (_, intent) in zip(after, test, strict=True))
    assert right > sum(r.entry_id == intent for r, (_, intent) in zip(before, test, strict=True))
    # The explanation says so, and by how much.
    text = test[answered.index(True)][0]
    why = explain(shifted, text)
    assert why.log_odds_shift == shift and why.status is MatchStatus.ANSWERED
    assert OWN_SHIFT in render_explanation(why) and f"{shift:+.2f}" in render_explanation(why)
    assert "log_odds_shift" not in {t.name for t in why.thresholds}
    assert OWN_SHIFT not in render_explanation(explain(plain, text))


def test_a_warm_start_reads_the_shift_from_the_cache(foreign, tmp_path: Path) -> None:
    snapshot, _ = foreign
    cache = ArtefactCache(tmp_path / "cache")
    cold = self_calibration.own_shift(snapshot, build, cache)
    assert list((tmp_path / "cache").glob("self-calibration-*.npz"))
    assert self_calibration.own_shift(snapshot, never_built, cache) == cold != 0.0
    with pytest.raises(AssertionError, match="rebuilds"):  # other settings: another key, rebuilt
        self_calibration.own_shift(snapshot, never_built, cache, settings=("another answer line",))


def test_a_base_too_small_to_measure_is_not_shifted() -> None:
    from tests.support.matching_sample import SNAPSHOT

    assert len(SNAPSHOT.entries) < tuning.SELF_CALIBRATION_MIN_ENTRIES
    assert self_calibration.own_shift(SNAPSHOT, never_built) == 0.0


def test_an_edit_moves_only_its_own_entrys_held_out_questions(shipped: KnowledgeSnapshot) -> None:
    from dataclasses import replace

    entry = shipped.entries[10]
    edited = replace(entry, alternates=(*entry.alternates, "one more way to ask it"))
    other = replace(shipped, entries=tuple(edited if e.id == entry.id else e for e in shipped.entries))
    for seed in range(tuning.SELF_CALIBRATION_SPLITS):
        _, before = self_calibration.held_out(shipped, seed)
        _, after = self_calibration.held_out(other, seed)
        assert {q for q in before if q[0] not in edited.phrasings} == {
            q for q in after if q[0] not in edited.phrasings
        }


def _asked(outside: list[float], inside: tuple[float, ...] = ()) -> list[self_calibration.Reading]:
    return [self_calibration.Reading(z, False) for z in outside] + [
        self_calibration.Reading(z, True) for z in inside
    ]


def test_the_shift_is_the_largest_that_still_abstains_on_the_floor_of_the_not_covered() -> None:
    floor = tuning.SELF_CALIBRATION_NOT_COVERED_FLOOR
    outside = [n / 10 - 2.0 for n in range(40)]  # -2.0 .. +1.9, evenly
    shift = self_calibration.best_shift(_asked(outside))
    abstained = [sum(z + s < 0 for z in outside) / len(outside) for s in (shift, shift + 0.5)]
    assert abstained[0] >= floor > abstained[1]
    # Far from every entry (never usable): nothing holds the line down.
    assert self_calibration.best_shift(_asked([-math.inf] * 10)) == max(tuning.SELF_CALIBRATION_SHIFTS)
    # Not covered yet surer than any shift can reject: the most cautious one.
    assert self_calibration.best_shift(_asked([9.0] * 10)) == min(tuning.SELF_CALIBRATION_SHIFTS)


def test_the_in_scope_questions_cannot_pull_the_shift_below_the_floor() -> None:
    # A summed criterion (answered right + abstained) reads where the two sides cross, so in-scope
    # readings that are all sure let it lower the line for the not-covered ones' sake; a floor does not.
    outside = [n / 10 - 2.0 for n in range(40)]
    plain = self_calibration.best_shift(_asked(outside))
    assert self_calibration.best_shift(_asked(outside, (3.5,) * 40)) == plain
    assert self_calibration.best_shift(_asked(outside, (-0.5,) * 40)) == plain
