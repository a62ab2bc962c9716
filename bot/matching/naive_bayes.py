"""Each candidate's multinomial naive-Bayes probability among the candidates, equal priors.

An entry's "document" is all its phrasings: how often they use the question's terms. One
good phrasing wins the first stage's F1; an entry whose phrasings keep using the question's
words ("do" and "work" in "what does an MLE do at work") wins the Bayes share. Smoothing is
additive, as ``alpha`` in scikit-learn's MultinomialNB.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from bot.matching.tuning import BAYES_ALPHA


def bayes_shares(
    shares: Sequence[float],
    counts: Sequence[Sequence[int]],
    totals: Sequence[int],
    vocabulary_size: int,
    alpha: float = BAYES_ALPHA,
) -> list[float]:
    """The candidates' probabilities, summing to 1.

    ``counts`` holds, per candidate, how many of its phrasings use each of the question's terms,
    ``totals`` the sum of all its term counts. A term counts by ``shares``, the share of its
    full weight it carries, so a follow-up's borrowed words count a third.
    """
    smoothing = alpha * vocabulary_size
    logs = []
    for total, held in zip(totals, counts, strict=True):
        denominator = math.log(total + smoothing)
        logs.append(
            sum([share * (math.log(n + alpha) - denominator) for share, n in zip(shares, held, strict=True)])
        )
    peak = max(logs, default=0.0)
    odds = [math.exp(x - peak) for x in logs]
    summed = sum(odds)
    return [x / summed for x in odds]
