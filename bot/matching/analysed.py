"""The knowledge's texts as analysed, kept between runs (artefacts.py), so a warm start analyses none.

Once the classifier and the embeddings come from the cache, analysing every phrasing, keyword and
answer for the index, and every phrasing's wording again for the classifier (read by the question
analyzer, which knows the knowledge's words), is most of what building a matcher costs: a quarter of
a second of a one-question `python -m bot ask`. The analyses are lists of words; a file holds the
distinct words once and each list as their numbers.

The lists are handed over one at a time, in the order of the texts, whether analysed now or read from
the cache: a base of 100,000 entries has over a million texts, and with all their analyses held at once
as tuples the process kept 1,044 MB resident after its build, against 477 MB this way (bench.scale).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator
from itertools import accumulate
from pathlib import Path

import numpy as np

from bot.knowledge.models import KnowledgeSnapshot
from bot.matching.artefacts import Arrays, ArtefactCache, code_parts, fingerprint, text_parts
from bot.matching.tuning import DECODED_AT_ONCE

WordLists = Iterator[tuple[str, ...]]

#: The code an analysis depends on, and the libraries it calls (the stemmer; wordfreq settles a
#: stretched word, "sooo").
_CODE = ("analyzer.py", "normalize.py", "stopwords.py", "tuning.py", "index.py", "analysed.py")
_LIBRARIES = ("PyStemmer", "rapidfuzz", "wordfreq")


def analysed(
    cache: ArtefactCache | None, kind: str, snapshot: KnowledgeSnapshot, build: Callable[[], WordLists]
) -> WordLists:
    """``build()``'s word lists one at a time, through ``cache`` under a key of the snapshot's texts
    and this code."""
    if cache is None:
        return build()
    return _decoded(cache.get_or_build(kind, key(kind, snapshot), lambda: _encoded(build())))


def key(kind: str, snapshot: KnowledgeSnapshot) -> str:
    """Everything an analysis of the knowledge depends on: every text analysed (phrasings, keywords,
    answers, the off-topic list), the synonyms, the analysing code and the Python running it."""
    folder = Path(__file__).parent
    return fingerprint(
        kind,
        *code_parts((folder / name for name in _CODE), _LIBRARIES),
        text_parts([canonical, *variants] for canonical, variants in snapshot.synonyms.items()),
        text_parts([entry.id, entry.answer, *entry.keywords] for entry in snapshot.entries),
        text_parts(entry.phrasings for entry in snapshot.entries),
        text_parts([snapshot.off_topic]),
    )


def _encoded(lists: Iterable[tuple[str, ...]]) -> Arrays:
    numbers: dict[str, int] = {}
    ids, lengths = array("i"), array("i")
    for words in lists:
        ids.extend([numbers.setdefault(word, len(numbers)) for word in words])
        lengths.append(len(words))
    return {
        "words": np.array(list(numbers), dtype=str),
        "ids": np.frombuffer(ids, dtype=np.int32),
        "lengths": np.frombuffer(lengths, dtype=np.int32),
    }


def _decoded(arrays: Arrays) -> WordLists:
    words = arrays["words"].tolist()
    ids, lengths = arrays["ids"], arrays["lengths"].tolist()
    ends = [0, *accumulate(lengths)]
    for first in range(0, len(lengths), DECODED_AT_ONCE):
        last = min(first + DECODED_AT_ONCE, len(lengths))
        start = ends[first]
        named = [words[n] for n in ids[start : ends[last]].tolist()]
        for end, length in zip(ends[first + 1 : last + 1], lengths[first:last], strict=True):
            yield tuple(named[end - length - start : end - start])
