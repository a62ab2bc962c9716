"""Nearest entry centroids in a large base without comparing the question with all of them.

A coarse quantiser, as in an inverted-file (IVF) vector index: k-means groups the centroids
into cells, each cell's rows are stored together (in int8 with a scale per row: a quarter of
the memory, and turned back into float32 twenty times faster than float16), and a question
is compared with the cells' centres, then with the rows of its few nearest cells only. With
100,000 entries that is about 2,000 rows a question instead of 100,000, in numpy alone.
The search is approximate: an entry in a cell that is not probed is not found (bench/scale.py
measures the recall against the exact search).
"""

from __future__ import annotations

import math

import numpy as np

from bot.matching import tuning


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)


def _products(rows: np.ndarray, query: np.ndarray) -> np.ndarray:
    """``rows @ query`` on this thread: OpenBLAS splits a product of a few thousand rows over its
    threads, and on a busy machine waking the second one costs milliseconds (bench/scale.py saw a
    12 ms median for 3,000 rows, 0.05 ms on one thread); einsum stays on the calling thread."""
    return np.einsum("ij,j->i", rows, query)


def _nearest_centre(rows: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Each row's closest centre by cosine, in chunks so the score matrix stays small."""
    out = np.empty(len(rows), dtype=np.int64)
    step = max(1, tuning.COARSE_SCORE_CELLS // max(len(centres), 1))
    for start in range(0, len(rows), step):
        out[start : start + step] = np.argmax(rows[start : start + step] @ centres.T, axis=1)
    return out


def spherical_kmeans(rows: np.ndarray, cells: int, iterations: int, seed: int = 0) -> np.ndarray:
    """``cells`` unit centres for unit ``rows``: Lloyd's iterations on cosine, seeded, so reproducible.

    A cell left empty restarts at a random row; its centre is the normalised mean of its rows.
    """
    from scipy.sparse import csr_matrix  # the cells' sums as one sparse product, far faster than np.add.at

    rng = np.random.default_rng(seed)
    centres = rows[rng.choice(len(rows), size=cells, replace=False)].copy()
    everyone = np.arange(len(rows))
    for _ in range(iterations):
        assigned = _nearest_centre(rows, centres)
        members = csr_matrix((np.ones(len(rows), rows.dtype), (assigned, everyone)), shape=(cells, len(rows)))
        sums = np.asarray(members @ rows)
        empty = ~sums.any(axis=1)
        sums[empty] = rows[rng.choice(len(rows), size=int(empty.sum()))]
        centres = _unit(sums)
    return centres


class CoarseQuantiser:
    """Unit rows grouped by k-means cell; immutable once built."""

    def __init__(
        self, centres: np.ndarray, order: np.ndarray, bounds: np.ndarray, rows: np.ndarray, scales: np.ndarray
    ) -> None:
        self._centres = centres  # float32, cells x dimensions
        self._order = order  # row numbers, grouped by cell
        self._bounds = bounds  # cell c's rows are order[bounds[c]:bounds[c + 1]]
        self._rows = rows  # int8, the rows in ``order``: row * scale is the row
        self._scales = scales  # float32, one a row

    @classmethod
    def build(cls, rows: np.ndarray, *, seed: int = 0) -> CoarseQuantiser:
        """Cells for ``rows`` (unit vectors, one per entry): about sqrt(probes x rows) of them.

        That many cells balances the two costs of a search, the centres and the probed cells'
        rows. k-means learns them on a sample of COARSE_SAMPLE_PER_CELL rows a cell, then every
        row joins its nearest centre.
        """
        cells = max(1, min(len(rows), round(math.sqrt(tuning.COARSE_PROBES * len(rows)))))
        rng = np.random.default_rng(seed)
        sample_size = min(len(rows), cells * tuning.COARSE_SAMPLE_PER_CELL)
        sample = rows[np.sort(rng.choice(len(rows), size=sample_size, replace=False))]
        centres = spherical_kmeans(sample, cells, tuning.COARSE_ITERATIONS, seed).astype(np.float32)
        assigned = _nearest_centre(rows, centres)
        order = np.argsort(assigned, kind="stable")
        bounds = np.searchsorted(assigned[order], np.arange(cells + 1))
        ordered = rows[order]
        scales = np.maximum(np.abs(ordered).max(axis=1), 1e-12) / 127
        quantised = np.rint(ordered / scales[:, None]).astype(np.int8)
        return cls(centres, order.astype(np.int32), bounds, quantised, scales.astype(np.float32))

    @property
    def cells(self) -> int:
        return len(self._centres)

    def rows(self) -> np.ndarray:
        """Every row in its original order, as stored (to within 1/254 of each row's largest value)."""
        out = np.empty(self._rows.shape, dtype=np.float32)
        out[self._order] = self._rows * self._scales[:, None]
        return out

    def nearest(self, query: np.ndarray, count: int, probes: int = tuning.COARSE_PROBES) -> list[int]:
        """The ``count`` rows closest to ``query`` among the ``probes`` cells nearest to it, closest first."""
        probes = min(probes, self.cells)
        if count <= 0 or probes <= 0:
            return []
        by_cell = _products(self._centres, query)
        cells = np.argpartition(-by_cell, probes - 1)[:probes]
        bounds = self._bounds
        slices = [slice(int(bounds[c]), int(bounds[c + 1])) for c in np.sort(cells).tolist()]
        positions = np.concatenate([np.arange(s.start, s.stop) for s in slices])
        if not len(positions):
            return []
        stored = np.concatenate([self._rows[s] for s in slices]).astype(np.float32)
        sims = _products(stored, query) * self._scales[positions]
        count = min(count, len(sims))
        chosen = np.argpartition(-sims, count - 1)[:count]
        chosen = chosen[np.argsort(-sims[chosen], kind="stable")]
        return self._order[positions[chosen]].tolist()

    def nbytes(self) -> int:
        parts = (self._centres, self._order, self._bounds, self._rows, self._scales)
        return sum(part.nbytes for part in parts)
