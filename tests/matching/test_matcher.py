from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.knowledge.models import Entry, KnowledgeSnapshot
from bot.matching.matcher import Matcher
from bot.matching.result import MatchResult, MatchStatus
from tests.support.matching_sample import SNAPSHOT

_SHARED = Matcher(SNAPSHOT)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return _SHARED


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("What does a machine learning engineer do?", "ml-engineer-role"),
        ("ml eng tc in nyc??", "salary-by-location"),
        ("mashine lerning enginer salery in new york", "salary-by-location"),
        ("tf vs torch", "tensorflow-vs-pytorch"),
        ("pytorh?", "tool-pytorch"),
        ("<@123456> is a PhD worth it", "masters-or-phd"),
        ("hello", "greeting"),
    ],
)
def test_clear_questions_are_answered(matcher: Matcher, question: str, entry_id: str) -> None:
    result = matcher.match(question)
    assert result.status is MatchStatus.ANSWERED
    assert result.entry_id == entry_id


def test_a_real_question_beats_the_greeting_before_it(matcher: Matcher) -> None:
    assert matcher.match("hey bot! what does an ai engineer do?").entry_id == "ai-engineer-role"


def test_question_buried_in_context_is_found(matcher: Matcher) -> None:
    message = (
        "So I finished my bootcamp last year and my parents keep asking about grad school. "
        "Honestly I am lost. Is a PhD worth it for machine learning?"
    )
    assert matcher.match(message).entry_id == "masters-or-phd"


def test_two_equally_good_candidates_are_ambiguous() -> None:
    twins = KnowledgeSnapshot(
        entries=(
            *SNAPSHOT.entries,
            Entry(id="keras-history", question="What is Keras?", answer="History.", category="tools"),
            Entry(id="keras-usage", question="What is Keras?", answer="Usage.", category="tools"),
        ),
        synonyms=SNAPSHOT.synonyms,
    )
    result = Matcher(twins).match("what is keras")
    assert result.status is MatchStatus.AMBIGUOUS
    assert result.entry_id is None
    assert set(result.suggestions) == {"keras-history", "keras-usage"}


@pytest.mark.parametrize(
    "question",
    [
        "how much does a nurse earn",
        "What's the weather like in Paris today?",
        "asdfghjkl",
        "🙂",
        "",
        "@everyone free nitro",
    ],
)
def test_out_of_scope_is_never_answered(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).status is not MatchStatus.ANSWERED


def test_html_is_not_read_as_ml(matcher: Matcher) -> None:
    assert matcher.match("do i need html").suggestions[0] == "html-basics"


def test_unsure_offers_the_closest_suggestions(matcher: Matcher) -> None:
    result = matcher.match("how much does a nurse earn")
    assert result.status is MatchStatus.UNSURE
    assert result.suggestions and result.suggestions[0] in {"salary-comparison", "salary-by-location"}


def test_follow_up_uses_the_previous_entry(matcher: Matcher) -> None:
    alone = matcher.match("and in nyc?")
    followed = matcher.match("and in nyc?", previous="salary-comparison")
    assert alone.status is not MatchStatus.ANSWERED or alone.entry_id == "salary-by-location"
    assert followed.entry_id == "salary-by-location"


def test_follow_up_swaps_the_role(matcher: Matcher) -> None:
    result = matcher.match("what about ai engineers?", previous="ml-engineer-role")
    assert result.entry_id == "ai-engineer-role"


def test_a_follow_up_that_stands_alone_ignores_the_context(matcher: Matcher) -> None:
    result = matcher.match("What is TensorFlow?", previous="salary-by-location")
    assert result.entry_id == "tool-tensorflow"
    assert not result.used_context


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=10_000))
def test_any_text_gives_a_valid_result(text: str) -> None:
    result = _SHARED.match(text)
    assert isinstance(result, MatchResult)
    assert result.status in set(MatchStatus)
    assert len(result.candidates) <= 3
    assert all(0.0 <= c.score <= 1.0 for c in result.candidates)
    assert (result.entry_id is not None) == (result.status is MatchStatus.ANSWERED)


def test_an_off_topic_phrase_blocks_the_answer() -> None:
    entries = (
        Entry("tech-stack", "Which tech stack do ML engineers use?", "a", "tools"),
        Entry("debugging", "How do I trace errors in a training job?", "a", "tools"),
    )
    matcher = Matcher(KnowledgeSnapshot(entries=entries, off_topic=("stack trace",)))
    assert matcher.match("which tech stack do ml engineers use").status is MatchStatus.ANSWERED
    stack_trace = matcher.match("how do i read this stack trace from my training job")
    assert stack_trace.status is not MatchStatus.ANSWERED


def _pay_and_tools(synonyms: dict[str, tuple[str, ...]]) -> KnowledgeSnapshot:
    entries = (
        Entry(
            id="salary",
            question="What does a machine learning engineer earn?",
            answer="A lot.",
            category="pay",
        ),
        Entry(
            id="tools", question="Should I learn PyTorch or TensorFlow?", answer="PyTorch.", category="tools"
        ),
    )
    return KnowledgeSnapshot(entries=entries, synonyms=synonyms)


def test_a_rebuilt_matcher_reads_a_text_again_with_the_new_knowledge() -> None:
    """Texts read are remembered per matcher: a reload (a new matcher) never reuses the old readings."""
    question = "what does an mle earn"
    before = Matcher(_pay_and_tools({}), calibrate_self=False)
    first = before.best_reading(question)
    after = Matcher(_pay_and_tools({"machine learning engineer": ("mle",)}), calibrate_self=False)
    reloaded = after.best_reading(question)
    assert "mle" in first.weights and "mle" not in reloaded.weights
    assert {"machin", "learn", "engin"} <= reloaded.weights.keys()
    assert before.best_reading(question) == first  # the old matcher still reads it its own way


def test_a_text_read_again_reads_the_same_and_its_vector_is_shared_read_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    matcher = Matcher(_pay_and_tools({}), calibrate_self=False)
    text = "i build models. what does a machine learning engineer earn?"
    first = matcher.best_reading(text)
    analysis, vector = matcher._read("what does a machine learning engineer earn?")
    assert not vector.flags.writeable
    assert matcher._read("what does a machine learning engineer earn?")[1] is vector
    assert matcher.best_reading(text) == first
    monkeypatch.setattr("bot.matching.matcher.READ_TEXT_CACHE_SIZE", 1)
    matcher._read("pytorch or tensorflow")
    assert list(matcher._read_texts) == ["pytorch or tensorflow"]
    assert matcher._read("what does a machine learning engineer earn?")[0] == analysis
