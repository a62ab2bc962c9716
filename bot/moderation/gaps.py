"""Grouping the questions the bot could not answer, so moderators see each missing topic once.

Paraphrases meet through the matcher's own text analysis (cleaning, synonyms, stems, stop words),
then rapidfuzz compares the resulting term lists, which tolerates word order and an extra word.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.matching.analyzer import TextAnalyzer
from bot.storage import GapQuestion

#: Two questions are the same when their terms overlap this much (token_set_ratio: one's terms nearly
#: contained in the other's) and their whole term lists are this close (token_sort_ratio), so a lone
#: shared word such as "salary" does not merge different questions.
SAME_TERMS = 80.0
SAME_LIST = 60.0


@dataclass(frozen=True, slots=True)
class GapGroup:
    """Paraphrases of one unanswered question, the most common wording first."""

    wordings: tuple[str, ...]
    count: int
    reasons: tuple[tuple[str, int], ...]
    last_asked: float

    @property
    def question(self) -> str:
        return self.wordings[0]


@dataclass
class _Cluster:
    key: str
    members: list[tuple[GapQuestion, str]]


def group_gaps(questions: Iterable[GapQuestion], analyzer: TextAnalyzer) -> list[GapGroup]:
    """Groups, most frequent first (ties: most recent first)."""
    keyed = [(question, question_key(question.text, analyzer)) for question in questions]
    frequency = Counter(key for _, key in keyed)
    keyed.sort(key=lambda pair: (-frequency[pair[1]], pair[1]))
    clusters: list[_Cluster] = []
    for question, key in keyed:
        home = next((c for c in clusters if same_question(c.key, key)), None)
        if home is None:
            clusters.append(_Cluster(key, [(question, key)]))
        else:
            home.members.append((question, key))
    groups = [_group(cluster) for cluster in clusters]
    groups.sort(key=lambda group: (-group.count, -group.last_asked))
    return groups


def question_key(text: str, analyzer: TextAnalyzer) -> str:
    """What two wordings of one question share: their sorted terms (cleaned, synonyms, stems)."""
    terms = analyzer.analyze(text).terms
    return " ".join(sorted(terms)) if terms else " ".join(text.casefold().split())


def same_question(left: str, right: str) -> bool:
    """Whether two ``question_key``s are the same question."""
    if left == right:
        return True
    if not left or not right:
        return False
    return fuzz.token_set_ratio(left, right) >= SAME_TERMS and fuzz.token_sort_ratio(left, right) >= SAME_LIST


def _group(cluster: _Cluster) -> GapGroup:
    wordings = Counter(" ".join(question.text.split()) for question, _ in cluster.members)
    reasons = Counter(question.reason for question, _ in cluster.members)
    return GapGroup(
        wordings=tuple(wording for wording, _ in wordings.most_common()),
        count=len(cluster.members),
        reasons=tuple(reasons.most_common()),
        last_asked=max(question.asked_at for question, _ in cluster.members),
    )
