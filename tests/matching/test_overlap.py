from __future__ import annotations

from array import array

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.matching.index import FlatLists
from bot.matching.overlap import PhraseMatch, PhraseOverlap

# Terms 0..4; phrasings 0-1 belong to entry 0, 2-4 to entry 1, 5 to entry 2.
PHRASES = [[0, 1], [0, 2], [0, 1, 3], [3, 4], [1, 3], [4]]
ENTRIES = array("i", [0, 0, 1, 1, 1, 2])


def _overlap(dense_limit: int) -> PhraseOverlap:
    postings = [array("i", (n for n, terms in enumerate(PHRASES) if t in terms)) for t in range(5)]
    weights = array("d", (float(len(terms)) for terms in PHRASES))  # every term weighs 1
    return PhraseOverlap(postings, weights, ENTRIES, dense_limit=dense_limit)


@pytest.mark.parametrize("dense_limit", [0, 100], ids=["inverted index", "numpy"])
def test_entries_come_by_their_best_phrasing(dense_limit: int) -> None:
    best = _overlap(dense_limit).best({1: 1.0, 3: 1.0}, total=2.0, limit=5)
    assert best == [
        PhraseMatch(entry=1, f1=1.0, precision=1.0, closest=(4, 2, 3)),
        PhraseMatch(entry=0, f1=0.5, precision=0.5, closest=(0,)),
    ]


@pytest.mark.parametrize("dense_limit", [0, 100], ids=["inverted index", "numpy"])
def test_ties_go_to_the_earlier_entry(dense_limit: int) -> None:
    # "1" alone is half of phrasing 0 (entry 0) and of phrasing 4 (entry 1): F1 2/3 for both.
    (first,) = _overlap(dense_limit).best({1: 1.0}, total=1.0, limit=1)
    assert (first.entry, first.f1) == (0, pytest.approx(2 / 3))
    both = _overlap(dense_limit).best({1: 1.0}, total=1.0, limit=5)
    assert [(m.entry, m.closest) for m in both] == [(0, (0,)), (1, (4, 2))]


@pytest.mark.parametrize("dense_limit", [0, 100], ids=["inverted index", "numpy"])
def test_no_known_terms_no_matches(dense_limit: int) -> None:
    assert _overlap(dense_limit).best({}, total=3.0, limit=5) == []


@settings(max_examples=200, deadline=None)
@given(
    phrases=st.lists(
        st.tuples(st.integers(0, 5), st.sets(st.integers(0, 7), min_size=1, max_size=4)),
        min_size=1,
        max_size=30,
    ),
    question=st.dictionaries(st.integers(0, 7), st.sampled_from([1.0, 2.0, 0.5]), min_size=1, max_size=6),
    limit=st.integers(1, 6),
)
def test_numpy_and_the_inverted_index_rank_alike(
    phrases: list[tuple[int, set[int]]], question: dict[int, float], limit: int
) -> None:
    """Both ways give the same entries, F1s, precisions and closest phrasings (weights sum exactly here)."""
    phrases.sort(key=lambda phrase: phrase[0])  # an entry's phrasings are numbered adjacently
    entries = array("i", (entry for entry, _ in phrases))
    postings = [array("i", (n for n, (_, terms) in enumerate(phrases) if t in terms)) for t in range(8)]
    weights = array("d", (float(len(terms)) for _, terms in phrases))
    total = sum(question.values()) + 1.0
    ranked = [
        PhraseOverlap(postings, weights, entries, dense_limit=dense_limit).best(question, total, limit)
        for dense_limit in (0, 1_000)
    ]
    assert ranked[0] == ranked[1]


@settings(max_examples=100, deadline=None)
@given(
    phrases=st.lists(
        st.tuples(st.integers(0, 5), st.sets(st.integers(0, 7), min_size=1, max_size=4)),
        min_size=1,
        max_size=30,
    ),
    question=st.dictionaries(st.integers(0, 7), st.sampled_from([1.0, 2.0, 0.3]), min_size=1, max_size=6),
)
def test_postings_in_two_flat_arrays_rank_as_a_list_of_arrays_does(
    phrases: list[tuple[int, set[int]]], question: dict[int, float]
) -> None:
    phrases.sort(key=lambda phrase: phrase[0])
    entries = array("i", (entry for entry, _ in phrases))
    postings = [array("i", (n for n, (_, terms) in enumerate(phrases) if t in terms)) for t in range(8)]
    flat = FlatLists.of([n for posting in postings for n in posting], map(len, postings))
    weights = array("d", (float(len(terms)) for _, terms in phrases))
    total = sum(question.values()) + 1.0
    for dense_limit in (0, 1_000):
        listed = PhraseOverlap(postings, weights, entries, dense_limit=dense_limit).best(question, total, 5)
        assert (
            PhraseOverlap(flat, weights, entries, dense_limit=dense_limit).best(question, total, 5) == listed
        )
