"""A question's terms with their weights: IDF when the knowledge has them, else by rarity.

A word the knowledge never uses weighs like a term of a single entry, less the more everyday
it is in English: "lawyer" in "lawyer salary" may well be the topic, "week" in "a typical
week" rarely is.
"""

from __future__ import annotations

from bot.matching.analyzer import Analysis, english_zipf
from bot.matching.index import PhraseIndex
from bot.matching.tuning import EVERYDAY_WEIGHT, EVERYDAY_ZIPF_RANGE


def unknown_share(word: str) -> float:
    """The share of a single entry's term weight an unknown word keeps: 1 if rare, less if everyday."""
    low, high = EVERYDAY_ZIPF_RANGE
    everyday = min(max((english_zipf(word) - low) / (high - low), 0.0), 1.0)
    return 1.0 - everyday * (1.0 - EVERYDAY_WEIGHT)


def weigh(index: PhraseIndex, analysis: Analysis, scale: float = 1.0) -> dict[str, float]:
    """Each distinct term of ``analysis`` with its weight, times ``scale``."""
    weights: dict[str, float] = {}
    for term, word in zip(analysis.terms, analysis.words, strict=True):
        known = index.term_ids.get(term)
        weight = index.idf[known] if known is not None else index.unknown_weight * unknown_share(word)
        weights[term] = weight * scale
    return weights
