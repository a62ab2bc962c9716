"""Suggestions for the /ask autocomplete: knowledge questions that fuzzily match what is typed so far.

Separate from the matcher on purpose: autocomplete sees half-typed words ("sal", "ml eng") and typos
mid-typing, so each typed word is scored against its best word of a phrasing (a prefix counts fully),
with the whole-string similarity as a tie-breaker.

Every keystroke is a request, so the work is prepared once per snapshot (``ChoiceIndex``, built with
the matcher in a worker thread): the sorted vocabulary of the phrasings, and each phrasing as the
positions of its words in it. A typed word is then scored against the vocabulary once (a prefix by
bisection, a typo by rapidfuzz over the vocabulary in C), and every phrasing takes the best of its
words with one numpy reduction. The whole-string similarity (WRatio, the costly part: about 40 ms
over all 3,800 phrasings) is computed only for the best phrasings of the most promising entries.
"""

from __future__ import annotations

import bisect
import functools

import numpy as np
from rapidfuzz import fuzz, process, utils

from bot import limits
from bot.knowledge.models import Entry, KnowledgeSnapshot

MIN_SCORE = 60.0
WHOLE_STRING_WEIGHT = 0.2
#: Only the start of what is typed is scored: a pasted essay must cost no more than a question.
MAX_TYPED_CHARS = 100
MAX_TYPED_WORDS = 8
#: The whole-string tie-breaker is computed for at most this many entries (the best by their words),
#: on each one's best phrasings: it moves a score by at most WHOLE_STRING_WEIGHT * 100 points.
TIE_BREAK_ENTRIES = 4 * limits.CHOICES
TIE_BREAK_PHRASINGS = 2
#: Typed words remembered with their scores: between keystrokes only the last word changes.
CACHED_WORDS = 256
_AFTER_EVERY_PREFIX = "\U0010ffff"


class ChoiceIndex:
    """The autocomplete's view of one snapshot, prepared once; ``choices`` per keystroke."""

    def __init__(self, snapshot: KnowledgeSnapshot) -> None:
        self.entries = tuple(e for e in snapshot.entries if 0 < len(e.id) <= limits.CHOICE_VALUE)
        self._names = tuple(_name(entry) for entry in self.entries)
        processed: list[str] = []
        words: list[list[str]] = []
        owners: list[int] = []
        for number, entry in enumerate(self.entries):
            for phrasing in entry.phrasings:
                text = utils.default_process(phrasing)
                if text.split():  # a phrasing with no words scores nothing
                    processed.append(text)
                    words.append(text.split())
                    owners.append(number)
        self._vocabulary = sorted({word for phrasing in words for word in phrasing})
        position = {word: i for i, word in enumerate(self._vocabulary)}
        self._phrasings = processed
        self._owners = np.asarray(owners, dtype=np.int64)
        # Phrasings are grouped by entry: entry n owns phrasings _bounds[n] to _bounds[n + 1].
        self._bounds = np.searchsorted(self._owners, np.arange(len(self.entries) + 1))
        self._word_ids = np.asarray([position[w] for phrasing in words for w in phrasing], dtype=np.int64)
        self._starts = np.cumsum([0] + [len(phrasing) for phrasing in words[:-1]], dtype=np.int64)
        self._word_scores = functools.lru_cache(maxsize=CACHED_WORDS)(self._score_word)

    def choices(self, typed: str, limit: int = limits.CHOICES) -> list[tuple[str, str]]:
        """(name, entry id) pairs, best first: names are canonical questions of 1-100 characters,
        values are entry ids (at most 100 characters). With nothing typed, the first questions in
        knowledge order."""
        query = " ".join(utils.default_process(typed[:MAX_TYPED_CHARS]).split()[:MAX_TYPED_WORDS])
        if not query:
            return [(self._names[n], self.entries[n].id) for n in range(min(limit, len(self.entries)))]
        if not self._phrasings:
            return []
        typed_words = query.split()
        per_word = np.zeros(len(self._phrasings))
        for word in typed_words:
            per_word += self._word_scores(word)
        per_word /= len(typed_words)
        ranked = self._rank(query, per_word, limit)
        return [(self._names[n], self.entries[n].id) for n in ranked]

    def _score_word(self, word: str) -> np.ndarray:
        """Each phrasing's best match for one typed word: 100 for a word it starts, else the typo
        similarity (``fuzz.ratio``) of its closest word."""
        scores = process.cdist([word], self._vocabulary, scorer=fuzz.ratio, dtype=np.float64)[0]
        low = bisect.bisect_left(self._vocabulary, word)
        high = bisect.bisect_left(self._vocabulary, word + _AFTER_EVERY_PREFIX, lo=low)
        scores[low:high] = 100.0
        best = np.maximum.reduceat(scores[self._word_ids], self._starts)
        best.flags.writeable = False  # shared through the cache
        return best

    def _rank(self, query: str, per_word: np.ndarray, limit: int) -> list[int]:
        """Entry numbers, best first, with a score of at least MIN_SCORE."""
        weight = 1 - WHOLE_STRING_WEIGHT
        # An entry's best phrasing by its words bounds its score: without the tie-breaker's 20 points
        # it cannot reach MIN_SCORE, so the tie-breaker is only computed for the entries that can.
        best = np.full(len(self.entries), -1.0)
        np.maximum.at(best, self._owners, per_word)
        hopeful = np.flatnonzero(weight * best + 100 * WHOLE_STRING_WEIGHT >= MIN_SCORE)
        hopeful = hopeful[np.argsort(-best[hopeful], kind="stable")][:TIE_BREAK_ENTRIES]
        chosen = np.zeros(len(self.entries), dtype=bool)
        chosen[hopeful] = True
        # The best TIE_BREAK_PHRASINGS phrasings of each chosen entry: sorted by entry, then by score.
        order = np.lexsort((-per_word, self._owners))
        place = np.arange(len(order)) - self._bounds[self._owners[order]]
        picked = order[(place < TIE_BREAK_PHRASINGS) & chosen[self._owners[order]]]
        whole = process.cdist([query], [self._phrasings[i] for i in picked], scorer=fuzz.WRatio)[0]
        scores = np.full(len(self.entries), -1.0)
        np.maximum.at(scores, self._owners[picked], weight * per_word[picked] + WHOLE_STRING_WEIGHT * whole)
        passing = np.flatnonzero(scores >= MIN_SCORE)
        return passing[np.argsort(-scores[passing], kind="stable")][:limit].tolist()


def question_choices(
    snapshot: KnowledgeSnapshot, typed: str, limit: int = limits.CHOICES
) -> list[tuple[str, str]]:
    """``ChoiceIndex(snapshot).choices(typed)`` for a one-off: a serving bot keeps the index built
    with its snapshot (``AnswerService.state.choices``) instead of building one per keystroke."""
    return ChoiceIndex(snapshot).choices(typed, limit)


def _name(entry: Entry) -> str:
    return limits.one_line(entry.question, limits.CHOICE_NAME) or entry.id
