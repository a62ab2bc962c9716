from __future__ import annotations

import pytest

from bot.matching.analyzer import TextAnalyzer, stem
from tests.support.matching_sample import ENTRIES, SYNONYMS

VOCABULARY = [word.lower() for e in ENTRIES for text in e.phrasings for word in text.replace("?", "").split()]


@pytest.fixture(scope="module")
def analyzer() -> TextAnalyzer:
    return TextAnalyzer(SYNONYMS, VOCABULARY)


def test_synonyms_are_rewritten_longest_first(analyzer: TextAnalyzer) -> None:
    assert (
        analyzer.analyze("ml eng tc in nyc").terms
        == analyzer.analyze("machine learning engineer salary new york").terms
    )


def test_symbol_synonyms_survive_normalisation(analyzer: TextAnalyzer) -> None:
    assert stem("salary") in analyzer.analyze("$$ for an mle?").terms


@pytest.mark.parametrize(
    ("typo", "word"),
    [("mashine", "machine"), ("lerning", "learning"), ("salery", "salary"), ("pytorh", "pytorch")],
)
def test_rare_misspellings_are_corrected(analyzer: TextAnalyzer, typo: str, word: str) -> None:
    assert analyzer.correct(typo) == word


@pytest.mark.parametrize("word", ["lawyer", "html", "ml", "nurse", "player", "weather"])
def test_real_words_are_never_corrected_into_domain_words(analyzer: TextAnalyzer, word: str) -> None:
    assert analyzer.correct(word) is None


def test_stopwords_and_numbers_are_not_terms(analyzer: TextAnalyzer) -> None:
    assert analyzer.analyze("so guys, what is the 2024 salary?").terms == (stem("salary"),)


def test_the_wording_keeps_function_words_in_order_once_but_not_numbers(analyzer: TextAnalyzer) -> None:
    """What the classifier reads: "who made you" and "what is your name" differ in little else."""
    wording = analyzer.analyze("so what is the 2024 salary, what is it?").wording
    assert wording == tuple(map(stem, ("so", "what", "is", "the", "salary", "it")))


def test_questions_are_corrected_but_knowledge_is_not(analyzer: TextAnalyzer) -> None:
    assert analyzer.analyze("salery", correct_spelling=False).terms == ("saleri",)
    assert analyzer.analyze("salery").corrections == (("salery", "salary"),)


@pytest.mark.parametrize(
    ("stretched", "plain"),
    [("salaryyy for an mle", "salary for an mle"), ("sooo what is tf", "so what is tf"), ("plsss", "pls")],
)
def test_letters_typed_over_and_over_read_as_the_word(
    analyzer: TextAnalyzer, stretched: str, plain: str
) -> None:
    assert analyzer.analyze(stretched).rewritten == analyzer.analyze(plain).rewritten


def test_a_number_glued_to_its_unit_is_a_number_and_a_word(analyzer: TextAnalyzer) -> None:
    """ "100k" weighed like a rare word the knowledge never uses; "6yoe" hid "yoe"."""
    assert analyzer.analyze("100k tc for an mle").terms == analyzer.analyze("tc for an mle").terms
    assert analyzer.analyze("mle with 6yrs").rewritten == analyzer.analyze("mle with 6 yrs").rewritten
    assert analyzer.analyze("a 4090").rewritten == ("a", "4090")  # no unit: left as typed


@pytest.mark.parametrize(
    "text", ["what about at 40?", "im 45 and new to this", "switching in my late 30s", "a 52 yo student"]
)
def test_a_grown_ups_age_reads_as_the_word_age(analyzer: TextAnalyzer, text: str) -> None:
    assert "age" in analyzer.analyze(text).terms


@pytest.mark.parametrize(
    "text",
    ["at 40k a year", "at 40 hours a week", "10 years of experience", "im 15 and curious", "the 2024 pay"],
)
def test_other_numbers_stay_numbers(analyzer: TextAnalyzer, text: str) -> None:
    assert "age" not in analyzer.analyze(text).terms


def test_a_dropped_g_is_put_back_only_where_the_ing_word_is_the_knowledges() -> None:
    """ "lookin" is English enough to escape spelling correction, so it weighed as an unknown word."""
    analyzer = TextAnalyzer({}, ["how", "is", "the", "job", "market", "looking", "coding", "begin", "within"])
    assert (
        analyzer.analyze("hows the job market lookin").terms
        == analyzer.analyze("hows the job market looking").terms
    )
    assert analyzer.analyze("codin").rewritten == ("coding",)
    assert analyzer.analyze("begin within").rewritten == ("begin", "within")  # words of their own
    assert analyzer.analyze("cousin").rewritten == ("cousin",)  # "cousing" is no knowledge word
