from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from bot.knowledge.models import KnowledgeSnapshot
from bot.matching.index import build_index
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
