from __future__ import annotations

import pytest

from bot.matching.normalize import asking_sentences, introduces_only, refers_back, without_salutation


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("hi bot, what are you for?", "what are you for?"),
        ("hey all! tf or torch", "tf or torch"),
        ("good morning everyone, how much do mles make", "how much do mles make"),
        ("heyy, dumb question", "dumb question"),
        ("hello", ""),
        ("yo", ""),
    ],
)
def test_a_greeting_in_front_is_dropped(text: str, rest: str) -> None:
    assert without_salutation(text) == rest


@pytest.mark.parametrize("text", ["high salary?", "hiring outlook for mles", "yolo models"])
def test_words_that_only_start_like_a_greeting_stay(text: str) -> None:
    assert without_salutation(text) == text


@pytest.mark.parametrize(
    ("rest", "introduces"),
    [
        ("im a data analyst from kenya, glad i found this place.", True),
        ("hope everyone is having a good week", True),
        ("just joined, been reading the channels for a while", True),
        ("im a data analyst, what should i learn first", False),
        ("i need help with my stats homework", False),
        ("just wondering how long it takes to get job ready", False),
        ("say @everyone for me", False),
        ("ml engineer salary in nyc", False),
    ],
)
def test_what_follows_a_greeting_may_only_introduce_who_greets(rest: str, introduces: bool) -> None:
    assert introduces_only(rest) is introduces


@pytest.mark.parametrize(
    ("sentences", "asked"),
    [
        (["i train models.", "what does an mle own?", "thanks!"], ["what does an mle own?"]),
        (["is a phd worth it?", "or a masters?"], []),  # every sentence asks: none stands out
        (["i am a nurse.", "i want to move into ml."], []),  # none asks
        (["what is pytorch?"], []),
    ],
)
def test_the_asking_sentences_are_those_with_a_question_mark_when_only_some_have_one(
    sentences: list[str], asked: list[str]
) -> None:
    assert asking_sentences(sentences) == asked


@pytest.mark.parametrize(
    ("sentence", "points_back"),
    [
        ("what do ml engineers earn there?", True),
        ("how much do those skills matter?", True),
        ("is it worth it?", True),
        ("what does an ml engineer earn in berlin?", False),
        ("thesis ideas for ml?", False),  # a word that only starts like "these"
    ],
)
def test_a_sentence_that_names_what_an_earlier_one_said_refers_back(sentence: str, points_back: bool) -> None:
    assert refers_back(sentence) is points_back
