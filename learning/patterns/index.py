"""Nearest-neighbour index over knelpunt embeddings, memory-mapped and shared by all workers.

The server has no pgvector, so the index is a file: an inverted-file index (faiss IVF-Flat)
that every web worker maps read-only, so the operating system keeps one copy in its page cache
however many workers there are. Vectors are clustered into lists of about ``LIST_SIZE``; a
search scans the ``nprobe`` lists nearest to the query, in float32, so scores are exact
cosines and the work per query stays about the same from 20k to 1M knelpunten. Small corpora
get a single list, which makes the search an exact scan.

Knelpunten saved after the last rebuild go to an append-only delta file next to it, which
every search scans exactly; a periodic rebuild folds the delta back in.

Files for an index at ``path``::

    path          the faiss index file
    path.delta    append-only records (id, vector); a NaN vector marks a removed id
    path.lock     flock target for writers; never replaced, so every writer locks the same inode

The main file is only ever replaced by rename, never written in place, so a worker that still
maps the old file keeps a valid view until it notices the new one.
"""

from __future__ import annotations

import fcntl
import logging
import os
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import faiss
import numpy as np

if TYPE_CHECKING:
    from collections.abc import Iterator

logger = logging.getLogger(__name__)

# Up to this many vectors the index is one list, so a search is an exact scan (~5 ms of CPU at
# 20k x 512) and small corpora get the same answers as a brute-force search.
EXACT_LIMIT = 20_000
# Vectors per inverted list, and lists scanned per query, tuned with benchmarks/suggest.py at
# 1M knelpunten (1,000 lists): recall@5 vs exact on typed queries was 0.87 / 0.94 / 0.97 / 0.99
# at nprobe 8 / 16 / 32 / 64, for 2.5 / 4 / 7 / 14 ms of CPU per search. Lists scale with N,
# so the work per query stays ~32k vectors from 32k to 1M knelpunten.
LIST_SIZE = 1_000
NPROBE = 32
# k-means sees this many vectors per list at most: enough for stable centroids, and it keeps a
# 1M rebuild to ~1.5 minutes on two cores.
TRAINING_PER_LIST = 64
KMEANS_SEED = 1234
# Scores are rounded before ordering so that float noise between the main file and the exact
# delta scan cannot reorder near-identical neighbours; ties then fall back to the smaller id.
_SCORE_DECIMALS = 6
_MMAP = faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY


@dataclass(frozen=True)
class _FileState:
    """What a worker last saw of a file, to notice a rebuild or an append with one stat()."""

    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> _FileState | None:
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        return cls(st.st_ino, st.st_size, st.st_mtime_ns)


class VectorIndex:
    """Cosine top-k search over (id, vector) pairs; exact for up to ``EXACT_LIMIT`` items."""

    def __init__(self, path: Path, *, nprobe: int = NPROBE) -> None:
        """Use :meth:`open` or :meth:`build`; this only sets up an unopened instance."""
        self.path = Path(path)
        self.nprobe = nprobe
        # Threaded web workers share one instance; searches are milliseconds, so one lock
        # keeps the change tracking simple without costing throughput on two cores.
        self._lock = threading.RLock()
        self._main: faiss.IndexIVFFlat | None = None
        self._main_state: _FileState | None = None
        self._main_ids: np.ndarray | None = None
        self._ndim = 0
        self._delta_state: _FileState | None = None
        self._delta_offset = 0
        self._delta_row: dict[int, int] = {}
        self._delta_ids = np.zeros(0, dtype=np.int64)
        self._delta_vectors = np.zeros((0, 0), dtype=np.float32)
        self._delta_live = np.zeros(0, dtype=bool)

    # ----------------------------------------------------------------- construction

    @classmethod
    def build(
        cls,
        path: Path,
        ids: np.ndarray,
        vectors: np.ndarray,
        *,
        exact_limit: int = EXACT_LIMIT,
        list_size: int = LIST_SIZE,
        threads: int = 0,
        nprobe: int = NPROBE,
    ) -> VectorIndex:
        """Write a fresh index of exactly these items, replacing any previous one atomically.

        Delta records that the new file already holds (same id, same vector) are dropped; later
        ones, from knelpunten saved while the caller was reading the database, survive.
        ``threads=0`` uses every core: a 1M build takes ~1.5 minutes and ~2x the vectors' memory.
        """
        path = Path(path)
        ids, vectors = _check_items(ids, vectors)
        if len(np.unique(ids)) != len(ids):
            raise ValueError("ids must be unique")
        nlist = 1 if len(ids) <= exact_limit else max(1, round(len(ids) / list_size))
        with _omp_threads(threads or os.cpu_count() or 1):
            main = _ivf(vectors, nlist)
            if len(ids):
                main.add_with_ids(vectors, ids)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            faiss.write_index(main, str(tmp))
            _fsync(tmp)
            with _locked(path, fcntl.LOCK_EX):
                tmp.replace(path)
                _fsync(path.parent)
                _compact_delta(path, ids, vectors)
        finally:
            tmp.unlink(missing_ok=True)
        logger.info("Vector index %s rebuilt: %d items in %d lists", path, len(ids), nlist)
        return cls.open(path, nprobe=nprobe)

    @classmethod
    def open(cls, path: Path, *, nprobe: int = NPROBE) -> VectorIndex:
        """Map an existing index read-only; cheap, and shares its pages with other workers."""
        index = cls(path, nprobe=nprobe)
        if not index.path.exists():
            raise FileNotFoundError(index.path)
        index._refresh()
        return index

    # ----------------------------------------------------------------- writes

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Make these items searchable now, here and (on their next search) in other workers.

        An id that is already indexed gets the new vector: the delta overrides the main file.
        """
        ids, vectors = _check_items(ids, vectors, ndim=self._ndim)
        self._append(ids, vectors)

    def remove(self, ids: np.ndarray) -> None:
        """Stop suggesting these ids (a knelpunt withdrawn or merged) until they are re-added."""
        ids = np.asarray(ids, dtype=np.int64).reshape(-1)
        self._append(ids, np.full((len(ids), self._ndim), np.nan, dtype=np.float32))

    def _append(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if not len(ids):
            return
        records = np.empty(len(ids), dtype=_record_dtype(self._ndim))
        records["id"] = ids
        records["vector"] = vectors
        with _locked(self.path, fcntl.LOCK_EX):
            # One write() of whole records under the lock: readers never see half a record
            # and concurrent writers never interleave.
            fd = os.open(_delta_path(self.path), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, records.tobytes())
            finally:
                os.close(fd)
        with self._lock:
            self._refresh()

    # ----------------------------------------------------------------- reads

    def search(self, query: np.ndarray, k: int = 5) -> list[tuple[int, float]]:
        """The k most similar items as (id, cosine), best first, ties broken by smaller id."""
        with self._lock:
            return self._search(query, k)

    def _search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        self._refresh()
        query = np.ascontiguousarray(query, dtype=np.float32).reshape(-1)
        if query.shape[0] != self._ndim:
            raise ValueError(f"query has {query.shape[0]} dimensions, index {self._ndim}")
        if k <= 0:
            return []
        norm = float(np.linalg.norm(query))
        if norm == 0.0 or not np.isfinite(norm):
            return []
        query = query / norm
        candidates = self._search_main(query, k) + self._search_delta(query, k)
        candidates.sort(key=lambda item: (-round(item[1], _SCORE_DECIMALS), item[0]))
        return candidates[:k]

    def warm(self) -> None:
        """Touch every vector of the main file once, so first searches do not pay for it.

        The file is memory-mapped: a fresh worker's first searches at 1M knelpunten took up to
        ~120 ms of page faults each (their own work is ~6 ms). One full scan at start-up, in
        the warm-up thread, maps the pages in at once. It can take many seconds when the file
        must come from disk, so it runs outside the lock, with its own search parameters:
        searches meanwhile are answered as usual (paying the faults themselves).
        """
        with self._lock:
            self._refresh()
            main = self._main
        assert main is not None
        if not main.ntotal:
            return
        everything = faiss.SearchParametersIVF(nprobe=int(main.nlist))
        with _omp_threads(1):
            main.search(np.zeros((1, self._ndim), dtype=np.float32), 1, params=everything)

    def __len__(self) -> int:
        """Number of searchable items (main file plus new delta items, minus removed ones)."""
        with self._lock:
            self._refresh()
            assert self._main is not None
            in_main = np.isin(self._delta_ids, self._ids_in_main())
            return int(
                self._main.ntotal - np.count_nonzero(in_main) + np.count_nonzero(self._delta_live)
            )

    @property
    def pending(self) -> int:
        """Items waiting in the delta file; a rebuild is due when this grows into the thousands."""
        with self._lock:
            self._refresh()
            return len(self._delta_ids)

    def _search_main(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        assert self._main is not None
        size = int(self._main.ntotal)
        if size == 0:
            return []
        self._main.nprobe = min(self.nprobe, self._main.nlist)
        # Items the delta overrides (updated or removed) must not take a top-k slot, so ask for
        # a few more and widen the request in the rare case that is not enough.
        count = min(size, k + min(len(self._delta_ids), 4 * k))
        while True:
            with _omp_threads(1):
                scores, keys = self._main.search(query[None, :], count)
            found = keys[0] >= 0
            keys, scores = keys[0][found], scores[0][found].astype(np.float64)
            keep = ~np.isin(keys, self._delta_ids)
            if keep.sum() >= k or len(keys) < count or count >= size:
                return list(zip(keys[keep].tolist(), scores[keep].tolist(), strict=True))
            count = min(size, count * 4)

    def _search_delta(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        if not self._delta_live.any():
            return []
        live = np.flatnonzero(self._delta_live)
        scores = self._delta_vectors[live] @ query
        top = live[np.argsort(-scores, kind="stable")[:k]] if len(live) > k else live
        scores = self._delta_vectors[top] @ query
        return list(zip(self._delta_ids[top].tolist(), scores.astype(float).tolist(), strict=True))

    # ----------------------------------------------------------------- change tracking

    def _refresh(self) -> None:
        """Pick up a rebuilt main file or new delta records; two stat() calls when nothing moved."""
        main_state = _FileState.of(self.path)
        if main_state is not None and main_state != self._main_state:
            main = faiss.read_index(str(self.path), _MMAP)
            if not isinstance(main, faiss.IndexIVFFlat):
                raise ValueError(f"{self.path} is not a vector index")
            self._main = main
            self._main_state = main_state
            self._main_ids = None
            self._ndim = int(main.d)
        delta_state = _FileState.of(_delta_path(self.path))
        if delta_state == self._delta_state:
            return
        if (
            delta_state is None
            or self._delta_state is None
            or delta_state.inode != self._delta_state.inode
            or delta_state.size < self._delta_offset
        ):
            self._reset_delta()
        if delta_state is not None:
            self._read_delta_tail()
        self._delta_state = delta_state

    def _ids_in_main(self) -> np.ndarray:
        """All ids of the main file, sorted; read once per file and only when len() asks."""
        if self._main_ids is None:
            assert self._main is not None
            lists = self._main.invlists
            parts = [
                faiss.rev_swig_ptr(lists.get_ids(i), lists.list_size(i)).copy()
                for i in range(self._main.nlist)
                if lists.list_size(i)
            ]
            self._main_ids = np.sort(np.concatenate(parts)) if parts else np.zeros(0, np.int64)
        return self._main_ids

    def _reset_delta(self) -> None:
        self._delta_offset = 0
        self._delta_row = {}
        self._delta_ids = np.zeros(0, dtype=np.int64)
        self._delta_vectors = np.zeros((0, self._ndim), dtype=np.float32)
        self._delta_live = np.zeros(0, dtype=bool)

    def _read_delta_tail(self) -> None:
        dtype = _record_dtype(self._ndim)
        with _locked(self.path, fcntl.LOCK_SH), _delta_path(self.path).open("rb") as fh:
            fh.seek(self._delta_offset)
            data = fh.read()
        usable = len(data) - len(data) % dtype.itemsize
        records = np.frombuffer(data[:usable], dtype=dtype)
        self._delta_offset += usable
        if not len(records):
            return
        ids = self._delta_ids.tolist()
        vectors = list(self._delta_vectors)
        for record_id, vector in zip(records["id"].tolist(), records["vector"], strict=True):
            row = self._delta_row.get(record_id)
            if row is None:
                self._delta_row[record_id] = len(ids)
                ids.append(record_id)
                vectors.append(vector)
            else:
                vectors[row] = vector
        self._delta_ids = np.asarray(ids, dtype=np.int64)
        self._delta_vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, self._ndim)
        self._delta_live = ~np.isnan(self._delta_vectors).any(axis=1)


# --------------------------------------------------------------------- helpers


def _check_items(
    ids: np.ndarray, vectors: np.ndarray, ndim: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    ids = np.asarray(ids, dtype=np.int64).reshape(-1)
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if vectors.ndim != 2 or len(vectors) != len(ids):
        raise ValueError("vectors must be an (n, d) array with one row per id")
    if ndim and vectors.shape[1] != ndim:
        raise ValueError(f"vectors have {vectors.shape[1]} dimensions, index {ndim}")
    if vectors.shape[1] == 0:
        raise ValueError("vectors need at least one dimension")
    if (ids < 0).any():
        raise ValueError("ids must be non-negative")
    if not np.isfinite(vectors).all():
        raise ValueError("vectors must be finite")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    if not np.allclose(norms, 1.0, atol=1e-4):
        # Inner product equals cosine only for unit vectors; a zero vector stays zero.
        vectors = vectors / np.where(norms == 0, 1.0, norms)
    return ids, vectors


def _ivf(vectors: np.ndarray, nlist: int) -> faiss.IndexIVFFlat:
    """An empty IVF index whose lists are k-means clusters of (a sample of) the vectors."""
    ndim = vectors.shape[1]
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(ndim), ndim, nlist, faiss.METRIC_INNER_PRODUCT)
    if nlist == 1:
        # One list needs no training: every vector goes to it and a search scans it all.
        centroid = np.zeros((1, ndim), dtype=np.float32)
        centroid[0, 0] = 1.0
        index.quantizer.add(centroid)
        index.is_trained = True
        return index
    rng = np.random.default_rng(KMEANS_SEED)
    size = min(len(vectors), nlist * TRAINING_PER_LIST)
    sample = vectors[np.sort(rng.choice(len(vectors), size, replace=False))]
    index.cp.seed = KMEANS_SEED
    index.cp.max_points_per_centroid = TRAINING_PER_LIST
    index.train(sample)
    return index


@contextmanager
def _omp_threads(threads: int) -> Iterator[None]:
    """Run faiss with this many threads: all cores to build, one per web-worker search."""
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(threads)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def _record_dtype(ndim: int) -> np.dtype:
    return np.dtype([("id", "<i8"), ("vector", "<f4", (ndim,))])


def _delta_path(path: Path) -> Path:
    return path.with_name(path.name + ".delta")


@contextmanager
def _locked(path: Path, mode: int) -> Iterator[None]:
    lock_path = path.with_name(path.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, mode)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _compact_delta(path: Path, ids: np.ndarray, vectors: np.ndarray) -> None:
    """Drop delta records the new main file already holds; keep newer ones and removals."""
    delta = _delta_path(path)
    if not delta.exists():
        return
    ndim = vectors.shape[1]
    dtype = _record_dtype(ndim)
    data = delta.read_bytes()
    records = np.frombuffer(data[: len(data) - len(data) % dtype.itemsize], dtype=dtype)
    latest: dict[int, np.ndarray] = {}
    for record in records:
        latest[int(record["id"])] = record
    order = np.argsort(ids)
    kept = []
    for record_id, record in latest.items():
        pos = int(np.searchsorted(ids, record_id, sorter=order))
        in_main = pos < len(ids) and ids[order[pos]] == record_id
        removed = bool(np.isnan(record["vector"]).any())
        if removed:
            if in_main:
                kept.append(record)
        elif not (in_main and np.array_equal(vectors[order[pos]], record["vector"])):
            kept.append(record)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{delta.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(np.array(kept, dtype=dtype).tobytes())
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp_name).replace(delta)
    finally:
        Path(tmp_name).unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    """Flush a file or a directory entry, so a crash cannot leave a renamed-but-empty file."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
