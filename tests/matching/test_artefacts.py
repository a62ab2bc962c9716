from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pytest

from bot.config import load_settings
from bot.knowledge.loader import load_knowledge
from bot.knowledge.models import KnowledgeSnapshot
from bot.matching.artefacts import ArtefactCache, fingerprint, text_parts
from bot.matching.classifier import EntryClassifier
from bot.matching.matcher import Matcher
from bot.matching.tuning import ARTEFACT_CACHE_KEEP
from tests.matching.test_classifier import LABELS, SAMPLES

QUESTIONS = (
    "do I need a PhD?",
    "how much do ML engineers make in NYC?",
    "tf or torch?",
    "what does an MLE do all day",
    "hi! can a nurse switch into ai engineering?",
    "how do I fix my printer",
)


def arrays() -> dict[str, np.ndarray]:
    return {"weights": np.arange(6, dtype=np.float64).reshape(2, 3), "names": np.array(["ml", "salari nyc"])}


@pytest.fixture(scope="module")
def shipped() -> KnowledgeSnapshot:
    return load_knowledge(load_settings({}).knowledge_dir)


def decisions(matcher: Matcher) -> list[tuple[object, ...]]:
    out = []
    for question in QUESTIONS:
        result = matcher.match(question)
        out.append((result.status, result.entry_id, result.suggestions, result.score))
    return out


def test_stored_arrays_come_back_as_they_were(tmp_path: Path) -> None:
    cache = ArtefactCache(tmp_path / "cache")
    assert cache.load("classifier", "k1") is None
    cache.store("classifier", "k1", arrays())
    loaded = cache.load("classifier", "k1")
    assert loaded is not None and loaded.keys() == arrays().keys()
    assert all(np.array_equal(loaded[name], value) for name, value in arrays().items())
    assert cache.load("classifier", "k2") is None
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["classifier-k1.npz"]  # no temporary left


@pytest.mark.parametrize("damage", ["truncated", "garbage", "another key's file"])
def test_a_damaged_file_is_rebuilt_and_replaced(tmp_path: Path, damage: str) -> None:
    cache = ArtefactCache(tmp_path)
    cache.store("semantic", "k1", arrays())
    path = cache.path("semantic", "k1")
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif damage == "garbage":
        path.write_bytes(b"not a numpy archive")
    else:
        cache.store("semantic", "k2", {"weights": np.zeros(3)})
        os.replace(cache.path("semantic", "k2"), path)
    assert cache.load("semantic", "k1") is None
    built = []
    rebuilt = cache.get_or_build("semantic", "k1", lambda: built.append(1) or arrays())
    assert built == [1] and np.array_equal(rebuilt["weights"], arrays()["weights"])
    assert np.array_equal(cache.load("semantic", "k1")["weights"], arrays()["weights"])


def test_a_folder_that_cannot_be_written_only_costs_the_shortcut(tmp_path: Path) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("in the way")
    cache = ArtefactCache(blocked / "cache")
    built = cache.get_or_build("classifier", "k1", arrays)
    assert np.array_equal(built["weights"], arrays()["weights"])
    assert cache.load("classifier", "k1") is None


def test_only_the_most_recent_files_of_a_kind_are_kept(tmp_path: Path) -> None:
    cache = ArtefactCache(tmp_path)
    cache.store("semantic", "other", arrays())
    for n in range(ARTEFACT_CACHE_KEEP + 3):
        cache.store("classifier", f"k{n}", arrays())
        os.utime(cache.path("classifier", f"k{n}"), ns=(n * 10**9, n * 10**9))
    cache.store("classifier", "latest", arrays())
    kept = sorted(p.name for p in tmp_path.glob("classifier-*.npz"))
    assert len(kept) == ARTEFACT_CACHE_KEEP and "classifier-latest.npz" in kept
    assert "classifier-k0.npz" not in kept and cache.load("semantic", "other") is not None


def test_keys_tell_apart_sequences_that_join_to_the_same_text() -> None:
    assert fingerprint("ab", "c") != fingerprint("a", "bc")
    assert text_parts([("ml", "engineer")]) != text_parts([("ml engineer",)])
    assert fingerprint(text_parts([("ml", "engineer")])) != fingerprint(text_parts([("ml",), ("engineer",)]))


def test_a_cached_classifier_scores_as_the_trained_one(tmp_path: Path) -> None:
    trained = EntryClassifier(SAMPLES, LABELS)
    cache = ArtefactCache(tmp_path)
    EntryClassifier(SAMPLES, LABELS, cache)
    (stored,) = tmp_path.glob("classifier-*.npz")
    read = EntryClassifier(SAMPLES, LABELS, cache)
    question = {"ml": 1.0, "engineer": 1.0, "field": 1 / 3}
    assert read.probabilities(question, [0, 1]) == trained.probabilities(question, [0, 1])
    assert read.best(question, 2) == trained.best(question, 2)
    # Other phrasings are another key: the file trained on these is not read for them.
    EntryClassifier([*SAMPLES[:-1], ("job", "work")], LABELS, cache)
    assert len(list(tmp_path.glob("classifier-*.npz"))) == 2 and stored.exists()


def test_a_matcher_built_from_the_cache_answers_as_one_built_from_scratch(
    tmp_path: Path, shipped: KnowledgeSnapshot
) -> None:
    expected = decisions(Matcher(shipped))
    cache = ArtefactCache(tmp_path)
    assert decisions(Matcher(shipped, cache=cache)) == expected  # cold: builds and stores
    written = {p: p.stat().st_mtime_ns for p in tmp_path.glob("*.npz")}
    assert {p.name.split("-")[0] for p in written} == {"analyses", "wordings", "classifier", "semantic"}
    assert decisions(Matcher(shipped, cache=cache)) == expected  # warm: reads, writes nothing
    assert {p: p.stat().st_mtime_ns for p in tmp_path.glob("*")} == written


def test_changed_phrasings_or_synonyms_are_built_again(tmp_path: Path, shipped: KnowledgeSnapshot) -> None:
    cache = ArtefactCache(tmp_path)
    Matcher(shipped, cache=cache)
    first, *rest = shipped.entries
    reworded = replace(shipped, entries=(replace(first, alternates=(*first.alternates, "phd or not")), *rest))
    matcher = Matcher(reworded, cache=cache)
    assert matcher.match("phd or not").entry_id == first.id
    synonyms = {**shipped.synonyms, "doctorate": ("phd or not",)}
    Matcher(replace(shipped, synonyms=MappingProxyType(synonyms)), cache=cache)
    kinds = [p.name.split("-")[0] for p in tmp_path.glob("*.npz")]
    # New words are a new classifier and new embeddings. A synonym no phrasing uses leaves the
    # classifier's terms as they were (its key is its training samples), but not the embeddings' key,
    # nor the analyses' (a synonym may rewrite any text).
    assert sorted(kinds) == ["analyses"] * 3 + ["classifier"] * 2 + ["semantic"] * 3 + ["wordings"] * 3
