from __future__ import annotations

import pytest

from bot.matching.index import build_index
from bot.matching.weighting import unknown_share, weigh
from tests.support.matching_sample import SNAPSHOT

INDEX, ANALYZER = build_index(SNAPSHOT)


def test_known_terms_weigh_their_idf() -> None:
    weights = weigh(INDEX, ANALYZER.analyze("pytorch"))
    assert weights == {"pytorch": pytest.approx(INDEX.idf[INDEX.term_ids["pytorch"]])}


def test_an_unknown_rare_word_weighs_like_a_term_of_one_entry() -> None:
    assert weigh(INDEX, ANALYZER.analyze("zygote"))["zygot"] == pytest.approx(INDEX.unknown_weight)


def test_an_unknown_everyday_word_weighs_less_than_a_rare_one() -> None:
    assert unknown_share("week") < unknown_share("lawyer") <= 1.0
    assert unknown_share("the") == pytest.approx(0.35)  # the floor for the most everyday words


def test_a_scale_multiplies_every_weight() -> None:
    full = weigh(INDEX, ANALYZER.analyze("pytorch lawyer"))
    third = weigh(INDEX, ANALYZER.analyze("pytorch lawyer"), 1 / 3)
    assert third == {term: pytest.approx(weight / 3) for term, weight in full.items()}
