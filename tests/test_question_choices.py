from __future__ import annotations

from pathlib import Path

from bot.knowledge.models import Entry, KnowledgeSnapshot
from bot.question_choices import MAX_TYPED_WORDS, ChoiceIndex, question_choices
from bot.service import AnswerService
from tests.support.sample_knowledge import SNAPSHOT


def test_nothing_typed_lists_the_first_questions_in_order() -> None:
    choices = question_choices(SNAPSHOT, "  ")
    assert [value for _, value in choices] == [e.id for e in SNAPSHOT.entries]


def test_typed_text_matches_questions_and_alternates_fuzzily() -> None:
    assert question_choices(SNAPSHOT, "phd")[0] == ("Do I need a PhD?", "masters-or-phd")
    assert question_choices(SNAPSHOT, "job duties")[0][1] == "ml-engineer-role"
    assert question_choices(SNAPSHOT, "salary locaton")[0][1] == "salary-by-location"


def test_each_entry_appears_once_even_when_several_phrasings_match() -> None:
    values = [value for _, value in question_choices(SNAPSHOT, "machine learning engineer")]
    assert len(values) == len(set(values))


def test_gibberish_offers_nothing() -> None:
    assert question_choices(SNAPSHOT, "zzqxj") == []


def test_at_most_25_choices_with_names_up_to_100_characters() -> None:
    entries = tuple(
        Entry(id=f"e{n}", question=f"Question number {n} " + "long " * 40, answer="a", category="c")
        for n in range(40)
    )
    choices = question_choices(KnowledgeSnapshot(entries=entries), "question number")
    assert len(choices) == 25
    assert all(1 <= len(name) <= 100 for name, _ in choices)
    assert len(question_choices(KnowledgeSnapshot(entries=entries), "")) == 25


def test_only_the_start_of_a_long_input_is_scored() -> None:
    typed = "what does a machine learning engineer do " + "zzqxj " * 200
    capped = " ".join(typed.split()[:MAX_TYPED_WORDS])

    choices = question_choices(SNAPSHOT, typed)

    assert choices == question_choices(SNAPSHOT, capped)
    assert choices[0][1] == "ml-engineer-role"


def test_a_prepared_index_answers_as_a_one_off_and_is_rebuilt_with_each_snapshot() -> None:
    index = ChoiceIndex(SNAPSHOT)
    for typed in ("", "phd", "sal", "salary locaton", "ml eng", "zzqxj"):
        assert index.choices(typed) == question_choices(SNAPSHOT, typed)
    service = AnswerService(Path("."), SNAPSHOT)
    before = service.state.choices
    service.replace(KnowledgeSnapshot(entries=(Entry("rust", "Is Rust worth learning?", "a", "c"),)))
    assert service.state.choices is not before
    assert service.state.choices.choices("rust") == [("Is Rust worth learning?", "rust")]


def test_typos_and_prefixes_mid_word_still_find_the_entry() -> None:
    index = ChoiceIndex(SNAPSHOT)
    assert index.choices("salar")[0][1].startswith("salary")
    assert index.choices("phd")[0][1] == "masters-or-phd"
