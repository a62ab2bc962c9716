from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from bot.knowledge.models import Entry, KnowledgeSnapshot
from bot.matching.index import build_index
from bot.matching.matcher import Matcher
from bot.matching.overlap import PhraseOverlap
from bot.matching.rerank import Reranker, ScoredEntry
from bot.matching.tuning import RANKED
from bot.matching.weighting import weigh
from tests.support.matching_sample import SNAPSHOT


def _rank(snapshot: KnowledgeSnapshot, question: str) -> tuple[list[str], list[ScoredEntry]]:
    """The entry ids, and the question's ranking: the first stage's best, re-ranked."""
    index, analyzer = build_index(snapshot)
    weights = weigh(index, analyzer.analyze(question))
    known = index.known(weights)
    first = PhraseOverlap(index.postings, index.phrase_weight, index.phrase_entry)
    return list(index.entry_ids), Reranker(index).rerank(
        weights, known, first.best(known, sum(weights.values()), RANKED)
    )


def test_with_few_phrasings_per_entry_only_the_phrasings_rank() -> None:
    """Naive Bayes and the classifier need several phrasings of each entry to learn from."""
    _, ranking = _rank(SNAPSHOT, "ml engineer salary")
    assert ranking and all(s.bayes == 0.0 and s.learned == 0.0 for s in ranking)
    assert all(s.score == s.phrase_score for s in ranking)


def test_the_ranking_is_best_first_and_scores_stay_within_bounds() -> None:
    ids, ranking = _rank(SNAPSHOT, "tensorflow versus pytorch which one")
    assert ids[ranking[0].entry] == "tensorflow-vs-pytorch"
    assert [s.score for s in ranking] == sorted((s.score for s in ranking), reverse=True)
    assert all(0.0 <= s.coverage <= 1.0 and 0.0 < s.phrase_score <= 1.0 for s in ranking)


def test_words_of_the_answer_count_towards_coverage_but_not_fully() -> None:
    ids, ranking = _rank(SNAPSHOT, "html answer")  # "answer" is only in the answers ("Answer about ...")
    top = ranking[0]
    assert ids[top.entry] == "html-basics"
    assert 0.5 < top.coverage < 1.0


@settings(max_examples=300, deadline=None)
@given(
    question=st.lists(st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=6), min_size=1),
    phrasing=st.lists(
        st.sampled_from(["ml", "c++", "c#", "$", "engin", "größe", "ü", "data", "Zeta"]), min_size=1
    ),
)
def test_the_shape_is_token_sort_ratio_of_the_terms(question: list[str], phrasing: list[str]) -> None:
    """Re-ranking sorts the terms itself and compares with fuzz.ratio: token_sort_ratio, computed faster."""
    ours = fuzz.ratio(" ".join(sorted(question)), " ".join(sorted(phrasing)))
    assert ours == fuzz.token_sort_ratio(" ".join(question), " ".join(phrasing))


def test_the_classifier_tells_entries_apart_by_their_function_words() -> None:
    """Phrasings that differ only in words no index term keeps ("your" name, "my" name): the
    classifier reads them (Analysis.wording), so the question's own decide between the entries."""

    def entry(entry_id: str, whose: str) -> Entry:
        said = [f"what is {whose} name", f"{whose} name please", f"say {whose} name", f"{whose} name is what"]
        said += [f"give me {whose} name", f"share {whose} name"]
        return Entry(entry_id, said[0], "a", "names", alternates=tuple(said[1:]))

    snapshot = KnowledgeSnapshot(entries=(entry("bot-name", "your"), entry("user-name", "my")))
    matcher = Matcher(snapshot, dense=False, calibrate_self=False)
    asked = (("can you tell me your name", "bot-name"), ("do you know my name", "user-name"))
    for question, expected in asked:
        ranking = matcher.match(question).decision.reading.ranking
        assert matcher.index.entry_ids[ranking[0].entry] == expected
        assert ranking[0].phrase_score == ranking[1].phrase_score  # the index's terms cannot tell
        assert ranking[0].learned > 0.6
