"""Generated knowledge bases of any size, with questions that paraphrase their entries.

Each entry has a few topic words of its own (made-up words drawn with a Zipf
skew, so some are shared widely and most are rare) mixed with common domain
words, in ten phrasings. A generated question re-mixes an entry's words in a
new order with filler, so it matches that entry without copying a phrasing.
"""

from __future__ import annotations

import random
from itertools import accumulate
from pathlib import Path

import yaml

from bot.knowledge.models import Entry, KnowledgeSnapshot

_COMMON = "engineer salary learn model data skill job career python team role degree tool".split()
_FILLER = "how what do i the a is for to in my should you".split()
_SYLLABLES = [c + v for c in "bcdfgklmnprstvz" for v in "aeiou"]


def _words(rng: random.Random, count: int) -> list[str]:
    seen: dict[str, None] = {}
    while len(seen) < count:
        seen["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))] = None
    return list(seen)


class SyntheticKnowledge:
    def __init__(self, entries: int, phrasings: int = 10, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.vocabulary = _words(self.rng, max(entries * 2, 2_000))
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(self.vocabulary))]
        # Cumulative weights once: ``choices(..., weights)`` sums them again at every call (the same
        # draws, but quadratic: 100,000 entries took most of an hour).
        cumulative = list(accumulate(weights))
        self.topics = [
            list(dict.fromkeys(self.rng.choices(self.vocabulary, cum_weights=cumulative, k=4)))
            for _ in range(entries)
        ]
        self.phrasings = phrasings

    def _phrase(self, topic: list[str]) -> str:
        words = self.rng.sample(topic, k=min(len(topic), self.rng.randint(2, 3)))
        words += self.rng.sample(_COMMON, k=self.rng.randint(1, 3))
        words += self.rng.sample(_FILLER, k=self.rng.randint(0, 3))
        self.rng.shuffle(words)
        return " ".join(words)

    def entry(self, number: int) -> Entry:
        topic = self.topics[number]
        texts = [self._phrase(topic) for _ in range(self.phrasings)]
        return Entry(
            id=f"gen-{number}",
            question=texts[0].capitalize() + "?",
            alternates=tuple(texts[1:]),
            answer=f"A generated answer about {' '.join(topic)}.",
            category=f"gen-{number // 1000:03d}",
        )

    def snapshot(self) -> KnowledgeSnapshot:
        return KnowledgeSnapshot(entries=tuple(self.entry(n) for n in range(len(self.topics))))

    def questions(self, count: int) -> list[tuple[str, str]]:
        """(question, expected entry id) pairs."""
        picks = [self.rng.randrange(len(self.topics)) for _ in range(count)]
        return [(self._phrase(self.topics[n]), f"gen-{n}") for n in picks]

    def write(self, directory: Path, snapshot: KnowledgeSnapshot) -> None:
        """Write the snapshot as knowledge files (one faq file per thousand entries)."""
        faq = directory / "faq"
        faq.mkdir(parents=True, exist_ok=True)
        for category in snapshot.categories:
            entries = [
                {
                    "id": e.id,
                    "question": e.question,
                    "alternates": list(e.alternates),
                    "category": e.category,
                    "answer": e.answer,
                }
                for e in snapshot.entries_in(category)
            ]
            text = yaml.safe_dump({"entries": entries}, sort_keys=False, allow_unicode=True)
            (faq / f"{category}.yaml").write_text(text, encoding="utf-8")
