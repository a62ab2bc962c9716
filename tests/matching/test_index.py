from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.knowledge.models import Entry, KnowledgeSnapshot
from bot.matching.analyzer import TextAnalyzer
from bot.matching.artefacts import ArtefactCache
from bot.matching.index import FlatLists, PhraseIndex, build_index, phrase_wordings

SNAPSHOT = KnowledgeSnapshot(
    entries=(
        Entry("pytorch", "What is PyTorch?", "A framework.", "tools", alternates=("pytorch engineer jobs",)),
        Entry("ml-role", "What does an ML engineer do?", "Builds models.", "roles", keywords=("duties",)),
    ),
    synonyms={"machine learning": ("ml",)},
)


@pytest.fixture(scope="module")
def built():
    return build_index(SNAPSHOT)


def test_flat_lists_cut_one_array_into_lists() -> None:
    lists = FlatLists.of([1, 2, 3, 4, 5], [2, 0, 3])
    assert [list(lists[i]) for i in range(len(lists))] == [[1, 2], [], [3, 4, 5]]
    lists.append([6])
    assert list(lists[3]) == [6]


def test_rarer_terms_weigh_more(built) -> None:
    index, _ = built
    idf = {term: index.idf[number] for term, number in index.term_ids.items()}
    assert idf["pytorch"] > idf["engin"]  # "engineer" is in both entries
    assert index.unknown_weight == pytest.approx(idf["pytorch"])  # like a term of a single entry


def test_postings_list_each_terms_phrasings_in_order(built) -> None:
    index, _ = built
    assert list(index.phrase_entry) == [0, 0, 1]
    assert list(index.postings[index.term_ids["engin"]]) == [1, 2]
    assert index.phrasings()[1] == ("pytorch", "engin", "job")
    assert index.phrase_weight[0] == pytest.approx(index.idf[index.term_ids["pytorch"]])


def test_term_counts_count_phrasings_and_keywords(built) -> None:
    index, _ = built
    pytorch, duties = index.term_ids["pytorch"], index.term_ids["duti"]
    assert index.term_count(0, pytorch) == 2
    assert index.term_count(1, duties) == 1
    assert index.term_count(1, pytorch) == 0
    assert list(index.entry_total) == [4, 4]  # pytorch twice, engineer, job; three words and a keyword


@pytest.mark.parametrize("table_cells", [0, 1_000])
def test_many_term_counts_are_each_term_count_with_the_table_or_without(
    table_cells: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.matching.index.DENSE_COUNT_CELLS", table_cells)
    index, _ = build_index(SNAPSHOT)
    assert (index._count_table is not None) == bool(table_cells)
    terms = list(index.term_ids.values())
    counts = index.term_counts([1, 0, 1], terms)
    assert counts == [[index.term_count(entry, term) for term in terms] for entry in (1, 0, 1)]
    assert counts[1][terms.index(index.term_ids["pytorch"])] == 2
    assert index.term_counts([0, 1], []) == [[], []]
    assert index.term_counts([], terms) == []


def test_words_only_in_an_answer_are_kept_apart(built) -> None:
    index, _ = built
    assert index.answer_terms(0) == {"framework"}
    assert not index.is_known("framework")


def test_used_together_needs_one_phrasing_for_several_terms(built) -> None:
    index, _ = built
    assert index.used_together([{"pytorch"}, {"pytorch", "job"}, {"pytorch", "duti"}, {"lawyer"}]) == [
        True,
        True,
        False,
        False,
    ]


def test_questions_are_spell_corrected_against_the_knowledge(built) -> None:
    _, analyzer = built
    assert analyzer.analyze("pytorh").corrections == (("pytorh", "pytorch"),)
    assert analyzer.analyze("ml").terms == ("machin", "learn")


def test_answer_only_terms_are_read_by_id_whether_other_entries_use_them_or_no_phrasing_does() -> None:
    snapshot = KnowledgeSnapshot(
        entries=(
            Entry("a", "What is PyTorch?", "PyTorch builds models for engineers.", "t"),
            Entry("b", "How to build models", "Mind the data.", "t"),
            Entry("c", "What about pizza", "Pizza.", "t"),
        )
    )
    index, _ = build_index(snapshot)
    assert index.answer_terms(0) == {"build", "model", "engin"}  # "pytorch" is its own phrasing's
    assert index.answer_terms(1) == {"mind", "data"} and index.answer_terms(2) == frozenset()
    asked = ["build", "pytorch", "engin", "data", "lawyer", "pizza"]
    ids = index.answer_ids(asked)
    assert ids[4] == -1 and len(set(ids[:4])) == 4
    for entry in range(3):
        expected = [term in index.answer_terms(entry) for term in asked]
        assert index.answer_holds(entry, ids) == expected
    assert index.answer_holds(0, ids) == [True, False, True, False, False, False]
    assert index.answer_holds(1, ids) == [False, False, False, True, False, False]
    assert not index.is_known("engin") and index.is_known("build")


def test_postings_in_flat_arrays_are_each_terms_phrasings_as_the_phrasings_hold_them() -> None:
    snapshot = KnowledgeSnapshot(
        entries=(
            Entry("a", "What is PyTorch?", "x", "t", alternates=("pytorch engineer jobs", "ml jobs")),
            Entry("b", "What does an ML engineer do?", "y", "t", keywords=("duties",)),
            Entry("c", "pytorch vs tensorflow for jobs", "z", "t"),
        )
    )
    index, _ = build_index(snapshot)
    phrasings = [set(index.phrase_terms[n]) for n in range(len(index.phrase_terms))]
    assert len(index.postings) == len(index.term_ids)
    for term in index.term_ids.values():
        assert list(index.postings[term]) == [n for n, held in enumerate(phrasings) if term in held]
    assert list(index.postings[index.term_ids["job"]]) == [1, 2, 4]
    assert list(index.postings[index.term_ids["duti"]]) == []  # a keyword is no phrasing


def test_each_phrasing_keeps_its_terms_in_order_as_ids() -> None:
    index, _ = build_index(SNAPSHOT)
    read = [tuple(index.terms[t] for t in index.phrase_terms[n]) for n in range(len(index.phrase_terms))]
    assert read == [("pytorch",), ("pytorch", "engin", "job"), ("machin", "learn", "engin")]
    assert index.phrasings() == read and list(index.phrase_entry) == [0, 0, 1]


def _everything(index: PhraseIndex, analyzer: TextAnalyzer) -> tuple[object, ...]:
    entries = range(len(index.entry_ids))
    return (
        index.terms,
        index.phrasings(),
        list(index.entry_total),
        [index.answer_terms(n) for n in entries],
        list(analyzer._word_counts.items()),  # its order settles spelling ties
    )


def test_an_index_read_from_the_cache_is_the_index_built(tmp_path: Path) -> None:
    cache = ArtefactCache(tmp_path)
    built = _everything(*build_index(SNAPSHOT))
    assert _everything(*build_index(SNAPSHOT, cache)) == built  # cold: analysed and stored
    (stored,) = tmp_path.glob("analyses-*.npz")
    written = stored.stat().st_mtime_ns
    assert _everything(*build_index(SNAPSHOT, cache)) == built  # warm: read, nothing written
    assert [p.stat().st_mtime_ns for p in tmp_path.glob("*.npz")] == [written]


def test_an_edited_answer_is_analysed_again(tmp_path: Path) -> None:
    cache = ArtefactCache(tmp_path)
    build_index(SNAPSHOT, cache)
    first, second = SNAPSHOT.entries
    edited = replace(SNAPSHOT, entries=(first, replace(second, answer="Builds models and pipelines.")))
    index, _ = build_index(edited, cache)
    assert "pipelin" in index.answer_terms(1)
    assert len(list(tmp_path.glob("analyses-*.npz"))) == 2


def test_wordings_read_from_the_cache_are_the_wordings_analysed(tmp_path: Path) -> None:
    cache = ArtefactCache(tmp_path)
    _, analyzer = build_index(SNAPSHOT)
    analysed = phrase_wordings(SNAPSHOT, analyzer)
    wordings = [("what", "is", "pytorch"), ("pytorch", "engin", "job")]
    wordings.append(("what", "doe", "an", "machin", "learn", "engin", "do"))  # "ml" is machine learning
    assert analysed == (wordings, [0, 0, 1])
    assert phrase_wordings(SNAPSHOT, analyzer, cache) == analysed
    assert phrase_wordings(SNAPSHOT, analyzer, cache) == analysed  # read back
    assert len(list(tmp_path.glob("wordings-*.npz"))) == 1
