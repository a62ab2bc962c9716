from __future__ import annotations

import numpy as np

from bot.matching.coarse import CoarseQuantiser, spherical_kmeans


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def _clustered(count: int, clusters: int, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((clusters, 32))
    return _unit(centres[rng.integers(clusters, size=count)] + 0.3 * rng.standard_normal((count, 32)))


def _exact(rows: np.ndarray, query: np.ndarray, count: int) -> list[int]:
    return np.argsort(-(rows @ query), kind="stable")[:count].tolist()


def test_kmeans_brings_the_centres_closer_to_the_rows_and_is_reproducible() -> None:
    rows = _clustered(2_000, 40)
    centres = spherical_kmeans(rows, 40, iterations=10)
    assert np.allclose(np.linalg.norm(centres, axis=1), 1.0)
    assert np.array_equal(centres, spherical_kmeans(rows, 40, iterations=10))
    start = spherical_kmeans(rows, 40, iterations=0)  # the rows it starts from
    closeness = [np.mean(np.max(rows @ c.T, axis=1)) for c in (start, centres)]
    assert closeness[1] > closeness[0] + 0.05


def test_probing_every_cell_is_the_exact_search() -> None:
    rows = _clustered(500, 10)
    quantiser = CoarseQuantiser.build(rows)
    query = _clustered(1, 10, seed=9)[0]
    assert quantiser.nearest(query, 5, probes=quantiser.cells) == _exact(rows, query, 5)
    assert np.allclose(quantiser.rows(), rows, atol=np.abs(rows).max() / 200)


def test_a_few_probed_cells_find_nearly_every_nearest_row() -> None:
    rows = _clustered(5_000, 50)
    quantiser = CoarseQuantiser.build(rows)
    assert quantiser.cells < 500
    queries = _clustered(100, 50, seed=11)
    found = [len(set(quantiser.nearest(q, 3)) & set(_exact(rows, q, 3))) / 3 for q in queries]
    assert np.mean(found) >= 0.95
    assert quantiser.nbytes() < rows.nbytes / 2  # int8 rows and small cells
