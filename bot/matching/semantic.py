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

import importlib.metadata
import importlib.util
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from bot.knowledge.models import KnowledgeSnapshot
from bot.matching import tuning
from bot.matching.analyzer import Analysis, TextAnalyzer
from bot.matching.artefacts import ArtefactCache, cached, fingerprint, text_parts

_WEIGHTS = Path("weights") / "l2_supercat_256.safetensors"
_TOKENIZER = Path("tokenizers") / "l2_supercat_tokenizer_config.json"


def package_folder() -> Path:
    """The installed wordllama package's folder, found without importing it."""
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("wordllama is not installed (pip install -e .)")
    return Path(next(iter(spec.submodule_search_locations)))


class Embedder:
    """Texts to unit vectors; immutable and thread-safe once loaded (one per process, :func:`embedder`)."""

    def __init__(self, folder: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self._table = load_file(str(folder / _WEIGHTS))["embedding.weight"]  # float16, tokens x 256
        tokenizer = Tokenizer.from_file(str(folder / _TOKENIZER))
        tokenizer.no_padding()
        tokenizer.no_truncation()
        self._tokenizer = tokenizer
        self.dimensions = int(self._table.shape[1])

    def embed(self, text: str) -> np.ndarray:
        """One text's unit vector (float32); zeros for a text without tokens.

        The same operations as :meth:`_pooled` on one list, without its bookkeeping for many.
        """
        ids = self._tokenizer.encode(text, add_special_tokens=False).ids
        row = np.zeros((1, self.dimensions), dtype=np.float32)
        if ids:
            sums = np.add.reduceat(self._table[ids].astype(np.float32), [0], axis=0)
            row[:] = sums / np.array([[len(ids)]], dtype=np.int64)
        return (row / np.maximum(np.linalg.norm(row, axis=1, keepdims=True), 1e-12))[0]

    def embed_many(self, texts: Sequence[str]) -> np.ndarray:
        """Many texts' unit vectors, one row each."""
        rows = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for start in range(0, len(texts), tuning.EMBED_BATCH):
            chunk = self._tokenizer.encode_batch(
                list(texts[start : start + tuning.EMBED_BATCH]), add_special_tokens=False
            )
            rows[start : start + len(chunk)] = self._pooled([e.ids for e in chunk])
        return rows

    def _pooled(self, ids: Sequence[Sequence[int]]) -> np.ndarray:
        """The normalised mean of each list's token vectors, all lists at once."""
        lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        rows = np.zeros((len(ids), self.dimensions), dtype=np.float32)
        filled = lengths > 0
        if filled.any():
            flat = np.fromiter(
                (t for token_ids in ids for t in token_ids), dtype=np.int64, count=int(lengths.sum())
            )
            starts = np.concatenate(([0], np.cumsum(lengths[filled])[:-1]))
            sums = np.add.reduceat(self._table[flat].astype(np.float32), starts, axis=0)
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
        sys.version,
        *(Path(__file__).with_name(name).read_bytes() for name in code),
        *(importlib.metadata.version(name) for name in libraries),
        (package_folder() / _WEIGHTS).stat().st_size,
        tuning.SEMANTIC_PHRASING_LIMIT,
        text_parts([canonical, *variants] for canonical, variants in snapshot.synonyms.items()),
        text_parts(entry.phrasings for entry in snapshot.entries),
    )


@cache
def embedder() -> Embedder:
    """The process's embedder: the weights (16 MB) are read once and shared by every matcher."""
    return Embedder(package_folder())


class SemanticIndex:
    """Each phrasing's vector and each entry's centroid; immutable once built.

    ``phrase_entry`` gives each phrasing's entry number, an entry's phrasings adjacently, as in
    the phrase index. Phrasing vectors are kept for bases of up to ``tuning.SEMANTIC_PHRASING_LIMIT``
    phrasings (a million of them would take a gigabyte); larger bases compare by centroid only.
    """

    def __init__(self, centroids: np.ndarray, vectors: np.ndarray | None, bounds: np.ndarray) -> None:
        self.centroids = centroids
        self._vectors = vectors
        self._bounds = bounds  # entry n's phrasing vectors are rows bounds[n]:bounds[n + 1]

    @classmethod
    def build(cls, texts: Sequence[str], phrase_entry: Sequence[int], entries: int) -> SemanticIndex:
        """Embeds ``texts`` in batches, so a large base never holds all its phrasing vectors at once."""
        owners = np.asarray(phrase_entry, dtype=np.int64)
        encoder = embedder()
        keep = len(owners) <= tuning.SEMANTIC_PHRASING_LIMIT
        sums = np.zeros((entries, encoder.dimensions), dtype=np.float32)
        kept = []
        step = tuning.EMBED_BATCH * 16
        for start in range(0, len(texts), step):
            vectors = encoder.embed_many(texts[start : start + step])
            np.add.at(sums, owners[start : start + step], vectors)
            if keep:
                kept.append(vectors)
        centroids = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
        vectors = np.concatenate(kept) if kept else np.zeros((0, encoder.dimensions), np.float32)
        return cls(centroids, vectors if keep else None, np.searchsorted(owners, np.arange(entries + 1)))

    @classmethod
    def of(
        cls, snapshot: KnowledgeSnapshot, analyzer: TextAnalyzer, cache: ArtefactCache | None = None
    ) -> SemanticIndex:
        """Every entry's question and alternates, embedded as :func:`embedding_text` gives them.

        With ``cache``, the vectors built before from the same phrasings are read instead; the key
        is the phrasings as written with everything that turns them into text to embed (artefacts.py),
        so a warm start neither analyses nor embeds them.
        """

        def embedded() -> dict[str, np.ndarray]:
            texts = [
                (n, embedding_text(analyzer.analyze(p, correct_spelling=False)))
                for n, e in enumerate(snapshot.entries)
                for p in e.phrasings
            ]
            return cls.build([t for _, t in texts], [n for n, _ in texts], len(snapshot.entries)).arrays()

        arrays = cached(cache, "semantic", lambda: _key(snapshot), embedded)
        return cls(arrays["centroids"], arrays["vectors"] if bool(arrays["kept"]) else None, arrays["bounds"])

    def arrays(self) -> dict[str, np.ndarray]:
        """What the index is made of, to keep in an artefact cache."""
        kept = self._vectors is not None
        vectors = self._vectors if kept else np.zeros((0, self.centroids.shape[1]), np.float32)
        return {
            "centroids": self.centroids,
            "vectors": vectors,
            "bounds": self._bounds,
            "kept": np.array(kept),
        }

    def similarities(self, query: np.ndarray, entries: Sequence[int]) -> list[float]:
        """Each of ``entries``' cosine with ``query``: its closest phrasing's, else its centroid's."""
        if self._vectors is None:
            return (self.centroids[np.asarray(entries, dtype=np.int64)] @ query).tolist() if entries else []
        out = []
        bounds = self._bounds
        for entry in entries:
            start, end = bounds[entry], bounds[entry + 1]
            block = self._vectors[start:end] if end > start else self.centroids[entry : entry + 1]
            out.append(float((block @ query).max()))
        return out

    def nearest(self, query: np.ndarray, count: int) -> list[int]:
        """The ``count`` entries whose centroids are closest to ``query``, closest first."""
        if count <= 0 or not len(self.centroids) or len(self.centroids) > tuning.SEMANTIC_RECALL_LIMIT:
            return []
        sims = self.centroids @ query
        count = min(count, len(sims))
        chosen = np.argpartition(-sims, count - 1)[:count]
        return chosen[np.argsort(-sims[chosen], kind="stable")].tolist()
