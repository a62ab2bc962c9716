from __future__ import annotations

import numpy as np
import pytest

from bot.matching.classifier import EntryClassifier, features

#: Two entries that share "ml" and "engineer"; only "field"/"subset" or "job"/"day" tell them apart.
SAMPLES = [
    ("ml", "field", "subset", "ai"),
    ("ml", "field", "ai", "differ"),
    ("ml", "subset", "ai"),
    ("field", "ml", "engineer"),
    ("ml", "engineer", "job", "day"),
    ("ml", "engineer", "job"),
    ("engineer", "day", "work"),
    ("job", "ml", "engineer", "work"),
]
LABELS = [0, 0, 0, 0, 1, 1, 1, 1]


def test_features_are_terms_and_adjacent_pairs() -> None:
    pairs = ["ml engineer", "engineer salari"]
    assert features(("ml", "engineer", "salari")) == ["ml", "engineer", "salari", *pairs]


def test_the_distinguishing_words_decide() -> None:
    trained = EntryClassifier(SAMPLES, LABELS)
    field, job = trained.probabilities({"ml": 1.0, "engineer": 1.0, "field": 1.0}, [0, 1])
    assert field > 0.8 and field + job == pytest.approx(1.0)
    field, job = trained.probabilities({"ml": 1.0, "engineer": 1.0, "day": 1.0}, [0, 1])
    assert job > 0.8


def test_only_the_candidates_asked_for_share_the_probability() -> None:
    samples = [*SAMPLES, ("pytorch", "tensorflow"), ("torch", "tensorflow", "versus")]
    trained = EntryClassifier(samples, [*LABELS, 2, 2])
    (only,) = trained.probabilities({"pytorch": 1.0}, [2])
    assert only == pytest.approx(1.0)
    assert trained.probabilities({"pytorch": 1.0}, []) == []


def test_a_borrowed_word_counts_less_than_a_new_one() -> None:
    """A follow-up carries the previous question's words at a third of their weight."""
    trained = EntryClassifier(SAMPLES, LABELS)
    field_first, _ = trained.probabilities({"field": 1.0, "day": 1 / 3}, [0, 1])
    _, day_first = trained.probabilities({"field": 1 / 3, "day": 1.0}, [0, 1])
    assert field_first > 0.5 and day_first > 0.5


def test_words_it_never_saw_give_no_preference() -> None:
    trained = EntryClassifier(SAMPLES, LABELS)
    assert trained.probabilities({"banana": 1.0}, [0, 1]) == [0.5, 0.5]


def test_nothing_is_trained_for_one_entry_or_too_many() -> None:
    assert EntryClassifier.train(SAMPLES[:4], [0, 0, 0, 0]) is None
    assert EntryClassifier.train(SAMPLES, LABELS, max_entries=1) is None


def test_the_embedding_decides_where_the_words_do_not() -> None:
    """Trained with the phrasings' vectors, the question's vector counts: same words, other meaning."""
    samples = [("ml", "engineer")] * 8
    vectors = np.repeat(np.eye(4, dtype=np.float32)[:2], 4, axis=0)
    trained = EntryClassifier(samples, LABELS, vectors=vectors)
    words = {"ml": 1.0, "engineer": 1.0}
    near_first, _ = trained.probabilities(words, [0, 1], np.eye(4, dtype=np.float32)[0])
    _, near_second = trained.probabilities(words, [0, 1], np.eye(4, dtype=np.float32)[1])
    assert near_first > 0.6 and near_second > 0.6
    assert trained.probabilities(words, [0, 1]) == pytest.approx([0.5, 0.5])
    assert trained.best(words, 1, np.eye(4, dtype=np.float32)[1]) == [1]
