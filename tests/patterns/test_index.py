"""Tests for the memory-mapped nearest-neighbour index of knelpunt vectors."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

import numpy as np
import pytest

from learning.patterns.index import VectorIndex

DIM = 32


def _unit(rows: np.ndarray) -> np.ndarray:
    rows = np.asarray(rows, dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def _random(n: int, seed: int = 0, dim: int = DIM) -> np.ndarray:
    return _unit(np.random.default_rng(seed).standard_normal((n, dim)))


def _clustered(n: int, seed: int = 0, clusters: int = 200, dim: int = 64) -> np.ndarray:
    """Knelpunt-like data: groups of related vectors that overlap, so lists do not align."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((clusters, dim))
    members = rng.integers(0, clusters, n)
    return _unit(centres[members] + rng.standard_normal((n, dim)))


def _exact(vectors: np.ndarray, ids: np.ndarray, query: np.ndarray, k: int) -> list[int]:
    scores = vectors @ (query / np.linalg.norm(query))
    order = np.lexsort((ids, -np.round(scores, 6)))
    return ids[order[:k]].tolist()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "knelpunten.usearch"


def test_small_index_returns_exact_top_k(path: Path) -> None:
    vectors = _random(500)
    ids = np.arange(1000, 1500, dtype=np.int64)
    index = VectorIndex.build(path, ids, vectors)
    queries = _random(20, seed=1)
    for query in queries:
        hits = index.search(query, k=5)
        assert [i for i, _ in hits] == _exact(vectors, ids, query, 5)
        expected = [float(vectors[i - 1000] @ query) for i, _ in hits]
        assert [s for _, s in hits] == pytest.approx(expected, abs=1e-5)
        assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)


def test_an_item_finds_itself_first(path: Path) -> None:
    vectors = _random(100)
    index = VectorIndex.build(path, np.arange(100), vectors)
    assert index.search(vectors[42], k=1)[0][0] == 42
    assert index.search(vectors[42], k=1)[0][1] == pytest.approx(1.0, abs=1e-5)


def test_open_in_a_fresh_object_sees_what_was_built(path: Path) -> None:
    vectors = _random(300)
    ids = np.arange(300, dtype=np.int64) * 7
    built = VectorIndex.build(path, ids, vectors)
    reopened = VectorIndex.open(path)
    assert len(reopened) == 300
    query = _random(1, seed=5)[0]
    assert reopened.search(query, k=5) == built.search(query, k=5)


def test_open_of_a_missing_file_fails(path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        VectorIndex.open(path)


def test_empty_index_returns_nothing(path: Path) -> None:
    index = VectorIndex.build(path, np.zeros(0, dtype=np.int64), np.zeros((0, DIM)))
    assert len(index) == 0
    assert index.search(_random(1)[0], k=5) == []
    assert VectorIndex.open(path).search(_random(1)[0]) == []


def test_added_items_are_searchable_at_once_here_and_in_other_workers(path: Path) -> None:
    vectors = _random(200)
    index = VectorIndex.build(path, np.arange(200), vectors)
    other_worker = VectorIndex.open(path)
    new = _random(3, seed=9)
    index.add(np.array([500, 501, 502]), new)
    assert len(index) == 203
    assert index.search(new[1], k=1)[0][0] == 501
    assert other_worker.search(new[2], k=1)[0][0] == 502
    assert len(other_worker) == 203


def test_add_of_a_known_id_replaces_its_vector(path: Path) -> None:
    vectors = _random(200)
    index = VectorIndex.build(path, np.arange(200), vectors)
    index.add(np.array([7]), vectors[150:151])
    hits = index.search(vectors[7], k=200)
    assert len(index) == 200
    assert [i for i, _ in hits].count(7) == 1
    top_two = {i for i, _ in index.search(vectors[150], k=2)}
    assert top_two == {7, 150}


def test_removed_items_are_no_longer_suggested(path: Path) -> None:
    vectors = _random(200)
    index = VectorIndex.build(path, np.arange(200), vectors)
    index.add(np.array([900]), _random(1, seed=3))
    index.remove(np.array([42, 900]))
    assert 42 not in [i for i, _ in VectorIndex.open(path).search(vectors[42], k=10)]
    assert 900 not in [i for i, _ in index.search(_random(1, seed=3)[0], k=10)]
    assert len(index) == 199


def test_approximate_search_recalls_the_exact_neighbours(path: Path) -> None:
    data = _clustered(20_200)
    vectors, queries = data[:20_000], data[20_000:]
    ids = np.arange(20_000, dtype=np.int64)
    # 100 lists of ~200, 16 scanned per query: on this data one list alone recalls only ~0.88.
    index = VectorIndex.build(path, ids, vectors, exact_limit=1_000, list_size=200, nprobe=16)
    found = 0
    for query in queries:
        truth = set(_exact(vectors, ids, query, 5))
        found += len(truth & {i for i, _ in index.search(query, k=5)})
    assert found / (5 * len(queries)) >= 0.95


def test_search_is_deterministic(path: Path) -> None:
    data = _clustered(5_020)
    vectors, queries = data[:5_000], data[5_000:]
    VectorIndex.build(path, np.arange(5_000), vectors, exact_limit=100, list_size=100)
    first = [VectorIndex.open(path, nprobe=4).search(q) for q in queries]
    second = [VectorIndex.open(path, nprobe=4).search(q) for q in queries]
    assert first == second


def test_rebuild_replaces_the_file_atomically_and_folds_in_the_delta(path: Path) -> None:
    old = _random(100)
    index = VectorIndex.build(path, np.arange(100), old)
    reader = VectorIndex.open(path)
    added = _random(2, seed=4)
    index.add(np.array([100, 101]), added)
    assert index.pending == 2

    # The database rebuild saw knelpunt 100 but not 101, which was saved meanwhile.
    new = np.vstack([_random(100, seed=8), added[:1]])
    VectorIndex.build(path, np.arange(101), new)

    assert sorted(p.name for p in path.parent.iterdir()) == sorted(
        [path.name, path.name + ".delta", path.name + ".lock"]
    )
    assert reader.pending == 1
    assert len(reader) == 102
    assert reader.search(new[3], k=1)[0][0] == 3
    assert reader.search(added[1], k=1)[0][0] == 101


def test_a_worker_keeps_answering_from_a_replaced_file(path: Path) -> None:
    vectors = _random(100)
    reader = VectorIndex.build(path, np.arange(100), vectors)
    mapped = reader._main  # the view a worker holds while the file is replaced under it
    VectorIndex.build(path, np.arange(50), vectors[:50])
    assert mapped is not None
    assert int(mapped.search(vectors[80:81], 1)[1][0, 0]) == 80
    assert reader.search(vectors[80], k=1)[0][0] != 80


def _add_from_another_process(path: Path, start: int, vectors: np.ndarray) -> None:
    index = VectorIndex.open(path)
    for offset, vector in enumerate(vectors):
        index.add(np.array([start + offset]), vector[None, :])


def test_concurrent_writers_lose_no_records(path: Path) -> None:
    VectorIndex.build(path, np.arange(10), _random(10))
    batches = [(path, 1000 * (w + 1), _random(50, seed=w + 20)) for w in range(2)]
    ctx = mp.get_context("spawn")
    workers = [ctx.Process(target=_add_from_another_process, args=b) for b in batches]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    index = VectorIndex.open(path)
    assert len(index) == 110
    for _, start, vectors in batches:
        assert index.search(vectors[17], k=1)[0][0] == start + 17


def test_rejects_mismatched_input(path: Path) -> None:
    with pytest.raises(ValueError, match="one row per id"):
        VectorIndex.build(path, np.arange(3), _random(2))
    with pytest.raises(ValueError, match="unique"):
        VectorIndex.build(path, np.array([1, 1]), _random(2))
    index = VectorIndex.build(path, np.arange(2), _random(2))
    with pytest.raises(ValueError, match="dimensions"):
        index.add(np.array([5]), _random(1, dim=DIM + 1))
    with pytest.raises(ValueError, match="dimensions"):
        index.search(np.ones(DIM + 1))


def test_rebuild_keeps_a_removal_the_database_read_missed(path: Path) -> None:
    vectors = _random(50)
    index = VectorIndex.build(path, np.arange(50), vectors)
    index.remove(np.array([10]))
    # The rebuild read the database before knelpunt 10 was withdrawn, so it still holds it.
    rebuilt = VectorIndex.build(path, np.arange(50), vectors)
    assert 10 not in [i for i, _ in rebuilt.search(vectors[10], k=5)]
    # A rebuild without it makes the removal record redundant.
    VectorIndex.build(path, np.delete(np.arange(50), 10), np.delete(vectors, 10, axis=0))
    assert rebuilt.pending == 0
    assert len(rebuilt) == 49


def _mapped_file_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssFile:"):
            return int(line.split()[1])
    raise AssertionError("no RssFile in /proc/self/status")


def test_warming_up_maps_the_whole_index_in_and_keeps_the_answers(path: Path) -> None:
    data = _clustered(40_020)
    vectors, queries = data[:40_000], data[40_000:]
    VectorIndex.build(path, np.arange(40_000), vectors, exact_limit=100, list_size=200)
    index = VectorIndex.open(path, nprobe=2)  # 200 lists, 2 scanned per search
    mapped = _mapped_file_kb()

    index.warm()

    assert _mapped_file_kb() - mapped >= 0.8 * vectors.nbytes / 1024  # 10 MB of vectors
    cold = VectorIndex.open(path, nprobe=2)
    assert [index.search(q) for q in queries] == [cold.search(q) for q in queries]
