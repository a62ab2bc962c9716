from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from bot.knowledge.models import Entry, KnowledgeSnapshot
from bot.matching.analysed import analysed
from bot.matching.artefacts import ArtefactCache
from bot.matching.tuning import DECODED_AT_ONCE

SNAPSHOT = KnowledgeSnapshot(entries=(Entry("pytorch", "What is PyTorch?", "A framework.", "tools"),))
#: More lists than one decoding step reads, some of them empty, words repeated across steps.
LISTS = [tuple(f"w{(n + k) % 7}" for k in range(n % 4)) for n in range(2 * DECODED_AT_ONCE + 5)]


def test_word_lists_read_back_from_the_cache_are_the_ones_built(tmp_path: Path) -> None:
    cache = ArtefactCache(tmp_path)
    assert list(analysed(cache, "analyses", SNAPSHOT, lambda: iter(LISTS))) == LISTS  # built, stored
    assert list(analysed(cache, "analyses", SNAPSHOT, lambda: iter(()))) == LISTS  # read back


def test_without_a_cache_each_list_is_handed_over_as_it_is_analysed() -> None:
    produced: list[tuple[str, ...]] = []

    def build() -> Iterator[tuple[str, ...]]:
        for words in LISTS:
            produced.append(words)
            yield words

    lists = analysed(None, "analyses", SNAPSHOT, build)
    assert next(lists) == LISTS[0]
    assert len(produced) == 1  # not every analysis of the knowledge held at once
