"""How sure the matcher is that its best candidate answers the question.

A logistic model over seven signals of one reading of a message. Its weights
are fitted by ``python -m bench.calibrate`` on the `dev` half of the held-out
evaluation set (the `test` half is only ever reported) and pasted here, so
they are reproducible and reviewable rather than hand-tuned.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

#: The signals, in the order of WEIGHTS.
FEATURES = (
    "score",  # the best phrasing's weighted F1 with the question, blended with its shape
    "coverage",  # share of the question's weight the entry's own words account for
    "margin",  # lead of the best candidate's score over the runner-up's
    "unknown_share",  # share of the question's weight in words the knowledge never uses
    "log_terms",  # log(1 + number of content words): one-word questions are weaker evidence
    "precision",  # the largest share of one of the entry's phrasings the question holds
    "bayes",  # its naive-Bayes probability among the candidates
)
WEIGHTS = (1.1355, 6.3284, -2.2661, -2.0060, 1.0200, 9.6916, 1.9951)
BIAS = -13.5973


def confidence(features: Sequence[float]) -> float:
    """The probability, 0 to 1, that the best candidate is a right answer."""
    z = BIAS + sum(w * x for w, x in zip(WEIGHTS, features, strict=True))
    return 1 / (1 + math.exp(-z))
