"""A forum post read as one question: the title as its own sentence, then the first message."""

from __future__ import annotations

from bot.exts.forums._cog import post_question


def test_the_title_becomes_a_sentence_before_the_first_message() -> None:
    assert post_question("ML engineer salary", "Hi all, what do they earn?") == (
        "ML engineer salary. Hi all, what do they earn?"
    )
    assert (
        post_question("How much do ML engineers earn?", "In NYC.") == "How much do ML engineers earn? In NYC."
    )


def test_without_a_first_message_the_title_alone_is_the_question() -> None:
    assert post_question("  TensorFlow   or PyTorch ", "") == "TensorFlow or PyTorch"


def test_a_long_post_is_cut_like_any_question() -> None:
    assert len(post_question("Title", "word " * 1000)) <= 1000
