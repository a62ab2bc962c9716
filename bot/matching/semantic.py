"""Meaning as well as words: static sentence embeddings from wordllama's shipped weights.

wordllama (MIT) ships 256-dimensional token embeddings in its wheel, distilled from the token
embeddings of Llama 2 models (see README, "Matching"). A text's vector is the mean of its
tokens' vectors, normalised, so two texts compare by a dot product and nothing downloads or
runs a network: the weights are read from the installed package's folder. They are read
directly (safetensors and tokenizers, wordllama's own dependencies) rather than through
``WordLlama.load``, which gives the same vectors (tests/matching/test_semantic.py checks it)
but configures the root logger on import and costs more start-up time.

The vectors give each entry two things the lexical stages lack: its phrasings' meaning (so
"pivot into alignment work" meets "how do I get into AI safety") and a centroid, the mean of
its phrasings' vectors, over which any base can be searched for candidates the words missed.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import overload

import numpy as np

from bot.knowledge.models import KnowledgeSnapshot
from bot.matching import tuning
from bot.matching.analyzer import Analysis, TextAnalyzer
from bot.matching.artefacts import ArtefactCache, cached, code_parts, fingerprint, text_parts
from bot.matching.coarse import CoarseQuantiser

_WEIGHTS = Path("weights") / "l2_supercat_256.safetensors"
_TOKENIZER = Path("tokenizers") / "l2_supercat_tokenizer_config.json"
#: What the tokenizer's normalizer turns a space into, and puts in front of the text.
_SPACE = "\u2581"
#: Where the one segment of :meth:`Embedder.embed`'s reduceat starts.
_FIRST = np.zeros(1, dtype=np.intp)


def package_folder() -> Path:
    """The installed wordllama package's folder, found without importing it."""
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("wordllama is not installed (pip install -e .)")
    return Path(next(iter(spec.submodule_search_locations)))


class Embedder:
    """Texts to unit vectors; thread-safe once loaded (one per process, :func:`embedder`), and unchanging
    but for the token ids it remembers of questions' words."""

    def __init__(self, folder: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        # float16 in the file, float32 here (32 MB): converting the rows a question gathers cost more
        # than the rest of pooling them.
        #: The token vectors, tokens x dimensions (read only).
        self.table = load_file(str(folder / _WEIGHTS))["embedding.weight"].astype(np.float32)
        tokenizer = Tokenizer.from_file(str(folder / _TOKENIZER))
        tokenizer.no_padding()
        tokenizer.no_truncation()
        self._tokenizer = tokenizer
        self.dimensions = int(self.table.shape[1])
        #: The smallest integer type that holds every token id (two bytes for wordllama's 32,000).
        self.id_type = np.uint16 if self.table.shape[0] <= 2**16 else np.int32
        # A word's token ids, for questions (:meth:`_question_ids`); cleared whole when full (thread-safe).
        self._word_ids: dict[str, tuple[int, ...]] = {}

    def embed(self, text: str) -> np.ndarray:
        """One text's unit vector (float32); zeros for a text without tokens.

        The same operations as :meth:`pooled` on one text, without its bookkeeping for many.
        """
        ids = self._question_ids(text)
        if not ids:
            return np.zeros(self.dimensions, dtype=np.float32)
        # Bit for bit what :meth:`pooled` gives: the rows summed in order (a plain sum adds them
        # pairwise), divided in float32 (its float64 quotient rounds to the same float32), the norm
        # summed pairwise as np.linalg.norm does, in fewer numpy calls.
        mean = np.add.reduceat(self.table[ids], _FIRST, axis=0)[0]
        mean /= np.float32(len(ids))
        mean /= np.maximum(np.sqrt(np.add.reduce(mean * mean)), np.float32(1e-12))
        return mean

    def _question_ids(self, text: str) -> list[int]:
        """The text's token ids, from the ids remembered for its words when all of them are.

        The tokenizer has no pre-tokenizer: it turns spaces into "▁" and runs BPE over the
        whole text, but no token of its vocabulary holds a "▁" after another character
        (tests/matching/test_semantic.py checks it), so no merge crosses a space and a text's ids
        are its space-separated words' ids one after another. Calling the tokenizer costs more
        than everything else embedding a question does; most words of a question were seen before.
        """
        words = text.split(" ")
        known = self._word_ids
        try:
            return [i for word in words for i in known[word]]
        except KeyError:
            pass
        if all(words) and _SPACE not in text and "<" not in text:  # "<s>" would be a special token
            # Only the words not remembered go through the tokenizer: a long message's one new word
            # costs a call over that word, not over the whole message.
            parts = {word: known.get(word) for word in words}
            new = [word for word, ids in parts.items() if ids is None]
            encoding = self._tokenizer.encode(" ".join(new), add_special_tokens=False)
            ids = encoding.ids
            starts = [n for n, token in enumerate(encoding.tokens) if token.startswith(_SPACE)]
            if len(starts) == len(new):  # always, but for words the normalizer reads differently
                for word, (start, end) in zip(new, pairwise([*starts, len(ids)]), strict=True):
                    parts[word] = tuple(ids[start:end])
                if len(known) + len(new) > tuning.EMBED_WORD_CACHE_SIZE:
                    known.clear()
                known.update((word, parts[word]) for word in new)
                return [i for word in words for i in parts[word]]
        return self._tokenizer.encode(text, add_special_tokens=False).ids

    def embed_many(self, texts: Sequence[str]) -> np.ndarray:
        """Many texts' unit vectors, one row each."""
        rows = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for start in range(0, len(texts), tuning.EMBED_BATCH):
            ids = self.token_ids(texts[start : start + tuning.EMBED_BATCH])
            rows[start : start + len(ids)] = self._pooled(ids)
        return rows

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Each text's token ids (what :meth:`pooled` turns into its vector)."""
        return [e.ids for e in self._tokenizer.encode_batch(list(texts), add_special_tokens=False)]

    def _pooled(self, ids: Sequence[Sequence[int]]) -> np.ndarray:
        lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        flat = np.fromiter((t for i in ids for t in i), dtype=np.int64, count=int(lengths.sum()))
        return self.pooled(flat, lengths)

    def pooled(self, flat: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """The normalised mean of each text's token vectors: ``flat`` holds the texts' ids one
        after another, ``lengths`` how many are each text's."""
        rows = np.zeros((len(lengths), self.dimensions), dtype=np.float32)
        filled = lengths > 0
        if filled.any():
            starts = np.concatenate(([0], np.cumsum(lengths[filled])[:-1]))
            sums = np.add.reduceat(self.table[flat], starts, axis=0)
            rows[filled] = sums / lengths[filled, None]
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        return rows / np.maximum(norms, 1e-12)


def embedding_text(analysis: Analysis) -> str:
    """What is embedded: the cleaned words, spell-corrected (questions) and with synonyms rewritten.

    Static embeddings know "tensorflow" far better than "tf", and "machine learning" than "mle":
    the knowledge's synonyms say which is which.
    """
    return " ".join(analysis.rewritten or analysis.tokens)


def combined(vectors: Sequence[np.ndarray], shares: Sequence[float]) -> np.ndarray:
    """The unit vector of the vectors weighted by ``shares`` (a follow-up's earlier question counts less)."""
    total = sum(share * vector for vector, share in zip(vectors, shares, strict=True))
    norm = float(np.linalg.norm(total))
    return total / norm if norm else total


def _key(snapshot: KnowledgeSnapshot) -> str:
    """Everything the vectors depend on: the phrasings as written and the synonyms, the code that
    analyses and embeds them (and the Python whose Unicode tables it uses), the phrasing limit, and
    the versions of the stemmer, of the weights and of the libraries that read them."""
    code = ("analyzer.py", "normalize.py", "stopwords.py", "tuning.py", "semantic.py")
    libraries = ("PyStemmer", "wordllama", "tokenizers", "safetensors")
    return fingerprint(
        "semantic",
        *code_parts((Path(__file__).with_name(name) for name in code), libraries),
        (package_folder() / _WEIGHTS).stat().st_size,
        tuning.SEMANTIC_PHRASING_LIMIT,
        text_parts([canonical, *variants] for canonical, variants in snapshot.synonyms.items()),
        text_parts(entry.phrasings for entry in snapshot.entries),
    )


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)


def _bulk_centroids(
    texts: Sequence[str], owners: np.ndarray, entries: int
) -> tuple[np.ndarray, PhrasingTokens]:
    """A large base's centroids and its phrasings' token ids, in chunks.

    Sums of rows are sparse products here (texts x tokens counts times the token table, entries x
    texts times the texts' vectors), twenty times faster than numpy's reduceat at a million
    phrasings. The vectors are the same up to float rounding as :meth:`Embedder.pooled` gives.
    """
    from scipy.sparse import csr_matrix  # only large bases need it

    encoder = embedder()
    table = encoder.table
    sums = np.zeros((entries, encoder.dimensions), dtype=np.float32)
    chunks = []
    step = tuning.EMBED_BATCH * 16
    for start in range(0, len(texts), step):
        ids = encoder.token_ids(texts[start : start + step])
        lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        flat = np.fromiter((t for i in ids for t in i), dtype=np.int64, count=int(lengths.sum()))
        offsets = np.concatenate(([0], np.cumsum(lengths)))
        counts = csr_matrix((np.ones(len(flat), np.float32), flat, offsets), shape=(len(ids), len(table)))
        vectors = _unit(counts @ table)  # a mean's direction is its sum's
        owned = owners[start : start + len(ids)] - owners[start]  # a chunk's entries, from its first
        members = csr_matrix(
            (np.ones(len(ids), np.float32), (owned, np.arange(len(ids)))),
            shape=(int(owned[-1]) + 1, len(ids)),
        )
        sums[owners[start] : owners[start] + members.shape[0]] += members @ vectors
        chunks.append((flat.astype(encoder.id_type), lengths))
    return _unit(sums), PhrasingTokens.of(chunks)


@cache
def embedder() -> Embedder:
    """The process's embedder: the weights (16 MB) are read once and shared by every matcher."""
    return Embedder(package_folder())


class PhrasingTokens:
    """Every phrasing's token ids, two bytes each: a phrasing's vector is pooled from them on demand.

    Stored vectors cost 1 KB a phrasing (a gigabyte for a million); the ids of the same
    phrasing take about 20 bytes and give the very same vector (:meth:`Embedder.pooled`).
    """

    def __init__(self, ids: np.ndarray, offsets: np.ndarray) -> None:
        self._ids = ids  # phrasing p's are ids[offsets[p]:offsets[p + 1]]
        self._offsets = offsets

    @classmethod
    def of(cls, chunks: Sequence[tuple[np.ndarray, np.ndarray]]) -> PhrasingTokens:
        """From chunks of phrasings in phrasing order: their ids one after another, and how many each has."""
        lengths = np.concatenate([lengths for _, lengths in chunks]) if chunks else np.zeros(0, np.int64)
        ids = np.concatenate([ids for ids, _ in chunks]) if chunks else np.zeros(0, embedder().id_type)
        offsets = np.concatenate(([0], np.cumsum(lengths)))
        # Four bytes an offset while they fit (8 MB less at a million phrasings).
        return cls(ids, offsets.astype(np.int32) if offsets[-1] < 2**31 else offsets)

    def closest(self, query: np.ndarray, spans: Sequence[tuple[int, int]]) -> list[float]:
        """For each ``(start, end)`` run of phrasings (none empty), its phrasings' largest cosine
        with ``query``: their vectors pooled in one go, a few dozen of them for a question."""
        if not spans:
            return []
        offsets = self._offsets
        flat = np.concatenate([self._ids[offsets[start] : offsets[end]] for start, end in spans])
        lengths = np.concatenate([np.diff(offsets[start : end + 1]) for start, end in spans]).astype(np.int64)
        cosines = embedder().pooled(flat.astype(np.int64), lengths) @ query
        firsts = np.cumsum([0] + [end - start for start, end in spans[:-1]])
        return np.maximum.reduceat(cosines, firsts).tolist()

    def nbytes(self) -> int:
        return self._ids.nbytes + self._offsets.nbytes


class EmbeddingTexts(Sequence[str]):
    """Every phrasing's :func:`embedding_text`, analysed when a slice of them is read.

    A large base's million texts, held at once, cost a few hundred megabytes while building (and
    much of it stays in the process's heap after): built a chunk at a time, a few thousand are.
    """

    def __init__(self, snapshot: KnowledgeSnapshot, analyzer: TextAnalyzer) -> None:
        self._phrasings = [p for e in snapshot.entries for p in e.phrasings]
        self._analyzer = analyzer
        counts = np.fromiter((len(e.phrasings) for e in snapshot.entries), np.int64, len(snapshot.entries))
        #: Each phrasing's entry number, in phrasing order.
        self.owners = np.repeat(np.arange(len(counts), dtype=np.int64), counts)

    def __len__(self) -> int:
        return len(self._phrasings)

    @overload
    def __getitem__(self, at: int) -> str: ...
    @overload
    def __getitem__(self, at: slice) -> list[str]: ...
    def __getitem__(self, at: int | slice) -> str | list[str]:
        if isinstance(at, slice):
            return [self._text(p) for p in self._phrasings[at]]
        return self._text(self._phrasings[at])

    def _text(self, phrasing: str) -> str:
        return embedding_text(self._analyzer.analyze(phrasing, correct_spelling=False))


class SemanticIndex:
    """Each phrasing's vector (or its token ids) and each entry's centroid; immutable once built.

    ``phrase_entry`` gives each phrasing's entry number, an entry's phrasings adjacently, as in
    the phrase index. Up to ``tuning.SEMANTIC_PHRASING_LIMIT`` phrasings their vectors are kept
    (1 KB each); a larger base keeps their token ids (:class:`PhrasingTokens`) and pools the
    vectors of the few candidates a question has. Up to ``tuning.SEMANTIC_EXACT_LIMIT`` entries the
    nearest centroids are found by comparing all of them; a larger base searches them through a
    coarse quantiser (coarse.py), which keeps them in float16.
    """

    def __init__(
        self,
        centroids: np.ndarray,
        vectors: np.ndarray | PhrasingTokens,
        bounds: np.ndarray,
        quantiser: CoarseQuantiser | None = None,
    ) -> None:
        self._centroids = centroids  # float32, or nothing (0 rows) when the quantiser holds them
        self._vectors = vectors
        self._bounds = bounds  # entry n's phrasings are rows bounds[n]:bounds[n + 1]
        self._quantiser = quantiser

    @classmethod
    def build(cls, texts: Sequence[str], phrase_entry: Sequence[int], entries: int) -> SemanticIndex:
        """Embeds ``texts`` in batches, so a large base never holds all its phrasing vectors at once."""
        owners = np.asarray(phrase_entry, dtype=np.int64)
        encoder = embedder()
        bounds = np.searchsorted(owners, np.arange(entries + 1))
        stored: np.ndarray | PhrasingTokens
        if len(owners) > tuning.SEMANTIC_PHRASING_LIMIT:
            centroids, stored = _bulk_centroids(texts, owners, entries)
        else:
            sums = np.zeros((entries, encoder.dimensions), dtype=np.float32)
            kept = []
            step = tuning.EMBED_BATCH * 16
            for start in range(0, len(texts), step):
                vectors = encoder.embed_many(texts[start : start + step])
                np.add.at(sums, owners[start : start + step], vectors)
                kept.append(vectors)
            centroids = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
            stored = np.concatenate(kept) if kept else np.zeros((0, encoder.dimensions), np.float32)
        if entries <= tuning.SEMANTIC_EXACT_LIMIT:
            return cls(centroids, stored, bounds)
        quantiser = CoarseQuantiser.build(centroids)
        return cls(np.zeros((0, encoder.dimensions), np.float32), stored, bounds, quantiser)

    @classmethod
    def of(
        cls, snapshot: KnowledgeSnapshot, analyzer: TextAnalyzer, cache: ArtefactCache | None = None
    ) -> SemanticIndex:
        """Every entry's question and alternates, embedded as :func:`embedding_text` gives them.

        With ``cache``, the vectors built before from the same phrasings are read instead; the key
        is the phrasings as written with everything that turns them into text to embed (artefacts.py),
        so a warm start neither analyses nor embeds them. A large base (token ids, a quantiser) is
        built every time.
        """

        def texts() -> tuple[list[str], list[int]]:
            pairs = [
                (n, embedding_text(analyzer.analyze(p, correct_spelling=False)))
                for n, e in enumerate(snapshot.entries)
                for p in e.phrasings
            ]
            return [t for _, t in pairs], [n for n, _ in pairs]

        entries = len(snapshot.entries)
        phrasings = sum(len(e.phrasings) for e in snapshot.entries)
        if phrasings > tuning.SEMANTIC_PHRASING_LIMIT or entries > tuning.SEMANTIC_EXACT_LIMIT:
            lazy = EmbeddingTexts(snapshot, analyzer)
            return cls.build(lazy, lazy.owners, entries)

        def embedded() -> dict[str, np.ndarray]:
            return cls.build(*texts(), entries).arrays()

        arrays = cached(cache, "semantic", lambda: _key(snapshot), embedded)
        return cls(arrays["centroids"], arrays["vectors"], arrays["bounds"])

    def arrays(self) -> dict[str, np.ndarray]:
        """What a small base's index is made of (stored vectors, exact centroids), to cache."""
        if not isinstance(self._vectors, np.ndarray) or self._quantiser is not None:
            raise ValueError("only a small base's semantic index is kept in the artefact cache")
        return {"centroids": self._centroids, "vectors": self._vectors, "bounds": self._bounds}

    @property
    def centroids(self) -> np.ndarray:
        """Each entry's centroid, one row each (as the coarse quantiser stores them, when it does)."""
        return self._quantiser.rows() if self._quantiser is not None else self._centroids

    @property
    def phrasing_vectors(self) -> np.ndarray | None:
        """Every phrasing's vector, in the snapshot's order; None for a large base (token ids kept)."""
        return self._vectors if isinstance(self._vectors, np.ndarray) else None

    def similarities(self, query: np.ndarray, entries: Sequence[int]) -> list[float]:
        """Each of ``entries``' cosine with ``query``: its closest phrasing's (zero without phrasings)."""
        spans = [(int(self._bounds[entry]), int(self._bounds[entry + 1])) for entry in entries]
        if isinstance(self._vectors, PhrasingTokens):
            found = iter(self._vectors.closest(query, [(start, end) for start, end in spans if end > start]))
            return [next(found) if end > start else 0.0 for start, end in spans]
        stored = self._vectors
        filled = [(start, end) for start, end in spans if end > start]
        if not filled:
            return [0.0] * len(spans)
        # One product per entry, as before (BLAS rounds a row's product by where it falls in its block).
        cosines = np.concatenate([stored[start:end] @ query for start, end in filled])
        firsts = np.cumsum([0] + [end - start for start, end in filled[:-1]])
        found = iter(np.maximum.reduceat(cosines, firsts).tolist())
        return [next(found) if end > start else 0.0 for start, end in spans]

    def nearest(self, query: np.ndarray, count: int) -> list[int]:
        """The ``count`` entries whose centroids are closest to ``query``, closest first.

        Exact up to SEMANTIC_EXACT_LIMIT entries, through the coarse quantiser above.
        """
        if self._quantiser is not None:
            return self._quantiser.nearest(query, count)
        if count <= 0 or not len(self._centroids):
            return []
        sims = self._centroids @ query
        count = min(count, len(sims))
        chosen = np.argpartition(-sims, count - 1)[:count]
        return chosen[np.argsort(-sims[chosen], kind="stable")].tolist()

    def nbytes(self) -> int:
        """The arrays' size: centroids, phrasing vectors or token ids, the quantiser's cells."""
        stored = self._vectors.nbytes() if isinstance(self._vectors, PhrasingTokens) else self._vectors.nbytes
        quantised = self._quantiser.nbytes() if self._quantiser is not None else 0
        return self._centroids.nbytes + stored + self._bounds.nbytes + quantised
