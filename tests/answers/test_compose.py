from __future__ import annotations

from bot.answers.compose import AMBIGUOUS_TITLE, UNSURE_TITLE, compose_answer
from bot.knowledge.models import Entry, KnowledgeSnapshot, Source
from bot.matching.result import Candidate, MatchResult, MatchStatus

SOURCE = Source("BLS", "https://www.bls.gov/", "May 2024")
SNAPSHOT = KnowledgeSnapshot(
    entries=(
        Entry("pay", "How much?", "It depends.", "salary", related=("where", "gone"), sources=(SOURCE,)),
        Entry("where", "Where?", "Cities.", "salary"),
        Entry("when", "When?", "Now.", "career"),
    )
)


def test_answered_shows_the_entry_its_sources_and_existing_related_questions() -> None:
    answer = compose_answer(MatchResult("q", MatchStatus.ANSWERED, (Candidate("pay", 0.9),)), SNAPSHOT)
    assert (answer.title, answer.body, answer.entry_id, answer.sources) == (
        "How much?",
        "It depends.",
        "pay",
        (SOURCE,),
    )
    assert [link.entry_id for link in answer.related] == ["where"]


def test_ambiguous_offers_the_candidates() -> None:
    result = MatchResult("q", MatchStatus.AMBIGUOUS, (Candidate("where", 0.6), Candidate("when", 0.58)))
    answer = compose_answer(result, SNAPSHOT)
    assert (answer.title, answer.entry_id) == (AMBIGUOUS_TITLE, None)
    assert [link.question for link in answer.suggestions] == ["Where?", "When?"]


def test_unsure_never_answers_but_suggests() -> None:
    answer = compose_answer(MatchResult("q", MatchStatus.UNSURE, (Candidate("when", 0.3),)), SNAPSHOT)
    assert (answer.title, answer.entry_id, answer.sources) == (UNSURE_TITLE, None, ())
    assert [link.entry_id for link in answer.suggestions] == ["when"]
    assert compose_answer(MatchResult("q", MatchStatus.UNSURE), SNAPSHOT).suggestions == ()
