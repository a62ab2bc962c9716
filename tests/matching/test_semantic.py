from __future__ import annotations

import logging

import numpy as np
import pytest

from bot.knowledge.models import Entry, KnowledgeSnapshot
from bot.matching import tuning
from bot.matching.matcher import Matcher
from bot.matching.semantic import (
    EmbeddingTexts,
    SemanticIndex,
    combined,
    embedder,
    embedding_text,
    package_folder,
)

TEXTS = ["how much do machine learning engineers earn", "best pizza topping", "", "pytorch or tensorflow"]


def test_vectors_are_wordllamas_own_loaded_offline_from_the_installed_package() -> None:
    from wordllama import WordLlama

    logging.getLogger().handlers.clear()  # wordllama's import configures the root logger
    theirs = WordLlama.load(cache_dir=package_folder(), disable_download=True).embed(TEXTS[:2], norm=True)
    ours = embedder().embed_many(TEXTS[:2])
    assert np.allclose(ours, theirs, atol=1e-3)
    assert np.allclose(embedder().embed(TEXTS[0]), ours[0], atol=1e-6)


def test_vectors_are_unit_length_and_empty_text_is_zero() -> None:
    vectors = embedder().embed_many(TEXTS)
    assert vectors.shape == (4, embedder().dimensions)
    assert np.allclose(np.linalg.norm(vectors[[0, 1, 3]], axis=1), 1.0)
    assert not vectors[2].any()


def test_meaning_without_shared_words_is_closer_than_unrelated_text() -> None:
    pay, unrelated = embedder().embed_many(["ml engineer salary", "how to bake sourdough bread"])
    question = embedder().embed("how much do machine learning developers get paid")
    assert question @ pay > question @ unrelated + 0.2


def _index() -> SemanticIndex:
    texts = ["ml engineer salary", "how much do ml engineers earn", "pytorch or tensorflow", "keras vs torch"]
    return SemanticIndex.build(texts, [0, 0, 1, 1], 2)


def test_an_entry_is_as_close_as_its_closest_phrasing_and_found_by_its_centroid() -> None:
    index = _index()
    query = embedder().embed("what is the pay of an ml engineer")
    pay, tools = index.similarities(query, [0, 1])
    assert pay > tools
    assert pay == pytest.approx(float((embedder().embed_many(["ml engineer salary"]) @ query).max()), abs=0.1)
    assert index.nearest(query, 1) == [0]
    assert index.nearest(query, 5) == [0, 1]


def test_a_large_base_keeps_token_ids_and_pools_the_same_phrasing_vectors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    query = embedder().embed("what is the pay of an ml engineer")
    vectors = _index()
    monkeypatch.setattr(tuning, "SEMANTIC_PHRASING_LIMIT", 3)
    compact = _index()
    assert compact.similarities(query, [1, 0]) == pytest.approx(vectors.similarities(query, [1, 0]), abs=1e-6)
    assert compact.nbytes() < vectors.nbytes() / 2
    assert compact.nearest(query, 1) == [0]


def _index_exact_centroids() -> np.ndarray:
    vectors = embedder().embed_many(["ml engineer salary", "how much do ml engineers earn"])
    first = vectors.sum(axis=0) / np.linalg.norm(vectors.sum(axis=0))
    vectors = embedder().embed_many(["pytorch or tensorflow", "keras vs torch"])
    return np.stack([first, vectors.sum(axis=0) / np.linalg.norm(vectors.sum(axis=0))])


def test_a_large_base_finds_nearest_centroids_through_the_coarse_quantiser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tuning, "SEMANTIC_EXACT_LIMIT", 1)
    index = _index()
    query = embedder().embed("what is the pay of an ml engineer")
    assert index.nearest(query, 2) == [0, 1]
    assert np.allclose(index.centroids, _index_exact_centroids(), atol=0.01)
    phrasings = embedder().embed_many(["ml engineer salary", "how much do ml engineers earn"])
    assert index.similarities(query, [0]) == pytest.approx([float((phrasings @ query).max())], abs=1e-6)


def test_a_follow_up_vector_leans_to_the_new_words() -> None:
    earlier, now = embedder().embed_many(["ml engineer salary", "pytorch or tensorflow"])
    mixed = combined([earlier, now], [1 / 3, 1.0])
    assert np.linalg.norm(mixed) == pytest.approx(1.0)
    assert mixed @ now > mixed @ earlier


def test_the_matcher_ranks_by_meaning_when_no_word_is_shared() -> None:
    entries = (
        Entry(id="salary", question="What does an ML engineer earn?", answer="A lot.", category="pay"),
        Entry(
            id="tools", question="Should I learn PyTorch or TensorFlow?", answer="PyTorch.", category="tools"
        ),
    )
    reading = Matcher(KnowledgeSnapshot(entries=entries)).best_reading("how much money do they make")
    assert [s.entry for s in reading.ranking] == [0, 1]
    assert reading.features.semantic > 0.3


def test_a_matcher_without_dense_scoring_ranks_by_words_alone() -> None:
    entries = (
        Entry(id="salary", question="What does an ML engineer earn?", answer="A lot.", category="pay"),
        Entry(
            id="tools", question="Should I learn PyTorch or TensorFlow?", answer="PyTorch.", category="tools"
        ),
    )
    matcher = Matcher(KnowledgeSnapshot(entries=entries), dense=False)
    assert matcher.semantic is None
    assert not matcher.best_reading("how much money do they make").ranking  # no shared word, no meaning
    reading = matcher.best_reading("pytorch or tensorflow")
    assert reading.ranking[0].entry == 1
    assert reading.features.semantic == 0.0


def test_a_matcher_without_dense_scoring_reads_a_greeting_before_unknown_words() -> None:
    """Without embeddings the words after a greeting may rank nothing: the greeting is not the answer."""
    entries = (
        Entry(id="hello", question="Hello there!", answer="Hi!", category="chat"),
        Entry(id="salary", question="What does an ML engineer earn?", answer="A lot.", category="pay"),
    )
    snapshot = KnowledgeSnapshot(entries=entries, small_talk_categories=frozenset({"chat"}))
    matcher = Matcher(snapshot, dense=False)
    assert matcher.best_reading("hello").ranking[0].entry == 0
    assert not matcher.best_reading("hello! zyxwvut quorbl").ranking


def test_no_token_holds_a_space_after_another_character_so_words_tokenize_alone() -> None:
    """What the embedder's word cache relies on: no BPE merge crosses a space."""
    vocabulary = embedder()._tokenizer.get_vocab()
    assert not [token for token in vocabulary if "\u2581" in token.lstrip("\u2581")]


@pytest.mark.parametrize(
    "text",
    [
        "how much do machine learning engineers earn in münchen 2024",
        "c++ or c# for ml $$$",
        "two  spaces and a trailing one ",
        " leading space",
        "a <s> special token",
        "x<s>y z",
        "a \u2581 lower block and a\u2581glued one",
        "",
    ],
)
def test_a_question_embeds_the_same_from_remembered_word_ids_as_from_the_tokenizer(text: str) -> None:
    encoder = embedder()
    tokenizer_ids = encoder._tokenizer.encode(text, add_special_tokens=False).ids
    first = encoder.embed(text)
    assert encoder._question_ids(text) == tokenizer_ids  # a second time, from the words remembered
    assert np.array_equal(encoder.embed(text), first)
    for word in text.split(" "):  # a word remembered alone is a text of its own
        assert encoder._question_ids(word) == encoder._tokenizer.encode(word, add_special_tokens=False).ids


def test_the_word_cache_starts_over_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    encoder = embedder()
    monkeypatch.setattr(tuning, "EMBED_WORD_CACHE_SIZE", 4)
    encoder._word_ids.clear()
    encoder.embed("one two three")
    assert set(encoder._word_ids) == {"one", "two", "three"}
    vector = encoder.embed("four five")
    assert set(encoder._word_ids) == {"four", "five"}
    assert np.array_equal(vector, encoder.embed("four five"))


@pytest.mark.parametrize("text", [*TEXTS, "a", "what do ml engineers earn in 2024 " * 12])
def test_one_text_embeds_bit_for_bit_as_pooled_with_many(text: str) -> None:
    encoder = embedder()
    ids = encoder._tokenizer.encode(text, add_special_tokens=False).ids
    pooled = encoder.pooled(np.asarray(ids, dtype=np.int64), np.asarray([len(ids)], dtype=np.int64))[0]
    assert np.array_equal(encoder.embed(text), pooled)


def test_a_large_base_reads_its_embedding_texts_a_slice_at_a_time_as_a_whole_list_gives_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entries = (
        Entry(id="pay", question="ML eng comp?", answer="a", category="c", alternates=("what do MLEs earn",)),
        Entry(id="tools", question="PyTorch or TF?", answer="b", category="c"),
        Entry(id="bread", question="how to bake sourdough", answer="c", category="c", alternates=("", "rye")),
    )
    snapshot = KnowledgeSnapshot(entries=entries, synonyms={"tensorflow": ("tf",)})
    analyzer = Matcher(snapshot, dense=False).analyzer
    lazy = EmbeddingTexts(snapshot, analyzer)
    whole = [
        embedding_text(analyzer.analyze(p, correct_spelling=False)) for e in entries for p in e.phrasings
    ]
    assert len(lazy) == 6 and lazy[0:6] == whole and lazy[2:4] == whole[2:4] and lazy[1] == whole[1]
    assert "tensorflow" in lazy[2]
    assert lazy.owners.tolist() == [0, 0, 1, 2, 2, 2]
    eager = SemanticIndex.build(whole, [0, 0, 1, 2, 2, 2], 3)
    monkeypatch.setattr(tuning, "SEMANTIC_PHRASING_LIMIT", 3)  # the large path, which reads the slices
    streamed = SemanticIndex.of(snapshot, analyzer)
    query = embedder().embed("machine learning engineer salary")
    assert np.allclose(
        streamed.similarities(query, [0, 1, 2]), eager.similarities(query, [0, 1, 2]), atol=1e-6
    )
    assert np.allclose(streamed.centroids, eager.centroids, atol=1e-6)


def test_a_text_whose_words_are_partly_remembered_gets_the_tokenizers_ids_and_remembers_the_rest() -> None:
    encoder = embedder()
    encoder._word_ids.clear()
    encoder.embed("machine learning engineer")
    text = "machine learning zxqvbn engineer münchen zxqvbn"
    assert encoder._question_ids(text) == encoder._tokenizer.encode(text, add_special_tokens=False).ids
    assert set(encoder._word_ids) == {"machine", "learning", "engineer", "zxqvbn", "münchen"}
