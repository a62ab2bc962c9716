"""How much of a message's words an entry's phrasings hold: what tells a slot from a topic.

A word most of an entry's phrasings use names its thing or a slot of it ("germany" for pay abroad);
one they hardly use is new to it. Every follow-up rule that weighs words against entries reads them here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property

from bot.knowledge.models import Entry
from bot.matching.followup.cues import PAY
from bot.matching.followup.reader import Reader
from bot.matching.followup.turns import Turn
from bot.matching.tuning import CONTEXT_DECAY, NAME_SHARE, SLOT_SHARE, TYPED_SHARE
from bot.matching.weighting import weigh


class Phrasings:
    """The shares of one matcher's entries' phrasings that use each term (built with it, immutable)."""

    def __init__(self, reader: Reader) -> None:
        self._reader = reader
        self._numbers = {entry_id: n for n, entry_id in enumerate(reader.index.entry_ids)}

    # Read on first use: spell-correcting them loads wordfreq's English list (a third of a second), which
    # a question that is no follow-up never needs (a one-question `python -m bot ask`).
    @cached_property
    def pay(self) -> frozenset[str]:
        return frozenset(self._reader.analyzer.analyze(" ".join(sorted(PAY))).terms)

    def share(self, entry: Entry, term: str) -> float:
        """The share of the entry's phrasings (its keywords counting as one) that use the term."""
        known = self._reader.index.term_ids.get(term)
        if known is None:
            return 0.0
        return self._reader.index.term_count(self._numbers[entry.id], known) / (len(entry.phrasings) + 1)

    def holds(self, entry: Entry, weights: Mapping[str, float]) -> float:
        """The weight of ``weights`` the entry's phrasings hold, each term by the share using it."""
        return sum(w * self.share(entry, t) for t, w in weights.items())

    def about_pay(self, entry: Entry) -> bool:
        """Whether the entry is about pay: at least SLOT_SHARE of its phrasings name it."""
        return any(self.share(entry, term) >= SLOT_SHARE for term in self.pay)

    def kept(self, new: Mapping[str, float], last: Entry) -> dict[str, float]:
        """The last entry's question less the new words and the words naming its thing (NAME_SHARE)."""
        said = self._reader.analyzer.analyze(last.question, correct_spelling=False)
        return {
            t: w
            for t, w in weigh(self._reader.index, said).items()
            if t not in new and self.share(last, t) < NAME_SHARE
        }

    def context(self, turns: Sequence[Turn], scale: float, decay: float = CONTEXT_DECAY) -> dict[str, float]:
        """The earlier turns' words (as typed, and the answering entry's question), newest strongest."""
        reader = self._reader
        weights: dict[str, float] = {}
        for age, turn in enumerate(reversed(turns)):
            entry = reader.snapshot.entry(turn.entry_id) if turn.entry_id else None
            said = (
                [(turn.question, 1.0)]
                if entry is None
                else [(turn.question, TYPED_SHARE), (entry.question, 1.0)]
            )
            for words, share in said:
                analysis = reader.analyzer.analyze(
                    words, correct_spelling=entry is None or words != entry.question
                )
                for term, weight in weigh(reader.index, analysis, share * scale * decay**age).items():
                    weights[term] = max(weights.get(term, 0.0), weight)
        return weights
