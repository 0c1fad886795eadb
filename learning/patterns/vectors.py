"""Stored knelpunt vectors and the shared nearest-neighbour index built from them."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
from flask import current_app
from sqlalchemy import select

from learning.blockages.models import Blockage
from learning.extensions import db
from learning.patterns import engine
from learning.patterns.embedding import DIMENSIONS
from learning.patterns.index import VectorIndex
from learning.timeutil import utcnow

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_indexes: dict[str, VectorIndex] = {}


def to_array(raw: bytes | None) -> np.ndarray | None:
    return engine.unpack_vector(raw)


def store_vector(blockage: Blockage) -> np.ndarray | None:
    """Embed once at save time; None when the model is unavailable (grouping catches up later)."""
    item = engine.Item(id=str(blockage.id), text=blockage.text)
    if not engine.vectorize([item]):
        logger.warning("Embedding model unavailable; blockage %s waits for catch-up", blockage.id)
        return None
    vector = item.vector
    blockage.vector = engine.pack_vector(vector)
    blockage.embedded_at = utcnow()
    index = shared_index()
    index.add(np.array([blockage.id], dtype=np.int64), vector[None, :])
    return vector


def store_vectors(
    blockages: list[Blockage], batch_size: int = 64, on_batch: Callable[[int], None] | None = None
) -> int:
    """Embed many knelpunten in batches and add them to the index at once; returns how many.

    Embedding one text at a time pays the model's per-call overhead for every knelpunt, and
    adding to the index one at a time rewrites its delta file each time: a bulk load (the
    demo, `recluster`) does both once per batch. `on_batch` hears how many were just done.
    """
    done = 0
    for start in range(0, len(blockages), batch_size):
        batch = blockages[start : start + batch_size]
        items = [engine.Item(id=str(b.id), text=b.text) for b in batch]
        if not engine.vectorize(items, batch_size=batch_size):
            logger.warning("Embedding model unavailable; %s knelpunten wait", len(blockages) - done)
            return done
        now = utcnow()
        for blockage, item in zip(batch, items, strict=True):
            blockage.vector = engine.pack_vector(item.vector)
            blockage.embedded_at = now
        shared_index().add(
            np.array([b.id for b in batch], dtype=np.int64),
            np.vstack([item.vector for item in items]).astype(np.float32),
        )
        done += len(batch)
        if on_batch is not None:
            on_batch(len(batch))
    return done


def _index_path() -> Path:
    return Path(current_app.config["VECTOR_INDEX_PATH"])


def rebuild_index() -> VectorIndex:
    """Build the index file from the vectors stored in the database (the source of truth)."""
    rows = db.session.execute(
        select(Blockage.id, Blockage.vector).where(
            Blockage.vector.is_not(None), Blockage.withdrawn_at.is_(None)
        )
    ).all()
    ids = np.array([row.id for row in rows], dtype=np.int64)
    vectors = (
        np.vstack([to_array(row.vector) for row in rows])
        if rows
        else np.zeros((0, DIMENSIONS), dtype=np.float32)
    )
    path = _index_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    index = VectorIndex.build(path, ids, vectors)
    with _lock:
        _indexes[str(path)] = index
    return index


def shared_index() -> VectorIndex:
    """The memory-mapped index of this process; built from the database when missing."""
    path = _index_path()
    with _lock:
        index = _indexes.get(str(path))
    if index is not None:
        return index
    if path.exists():
        index = VectorIndex.open(path)
        with _lock:
            _indexes[str(path)] = index
        return index
    return rebuild_index()


def nearest(vector: np.ndarray, k: int, exclude: set[int] | None = None) -> list[tuple[int, float]]:
    """Ids of the nearest live knelpunten; ids unknown to the database are dropped."""
    exclude = exclude or set()
    hits = shared_index().search(vector.astype(np.float32), k=k + len(exclude) + 10)
    hits = [(i, s) for i, s in hits if i not in exclude]
    if not hits:
        return []
    live = set(
        db.session.scalars(
            select(Blockage.id).where(
                Blockage.id.in_([i for i, _ in hits]), Blockage.withdrawn_at.is_(None)
            )
        )
    )
    return [(i, s) for i, s in hits if i in live][:k]


def recent_ids(limit: int, exclude: set[int] | None = None) -> list[int]:
    """The newest live knelpunten: candidates found by words when vectors miss them."""
    query = select(Blockage.id).where(Blockage.withdrawn_at.is_(None))
    if exclude:
        query = query.where(Blockage.id.not_in(exclude))
    return list(db.session.scalars(query.order_by(Blockage.id.desc()).limit(limit)))


def forget_vector(blockage_id: int) -> None:
    """A withdrawn knelpunt stops showing up as a suggestion in every worker at once."""
    shared_index().remove(np.array([blockage_id], dtype=np.int64))
