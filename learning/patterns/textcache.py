"""Lexical features and thesaurus concepts per text, kept across requests in this process.

A suggestion re-scores its candidates at every pause in typing, and the newest knelpunten are
candidates of every request. A text's n-grams depend on the text alone and its concepts on the
text and the thesaurus (which chairs extend), so they are computed once per text, not once per
request: that was most of the CPU a suggestion cost.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

from learning.patterns import text, thesaurus

# Texts remembered per process: the recent candidates of every request plus the nearest ones
# of a few hundred requests, at ~3 KB each.
SIZE = 4096


class _Features(NamedTuple):
    columns: np.ndarray  # the text's lexical row (text.lexical_matrix) as columns and values
    values: np.ndarray
    has_content: bool
    concepts: dict[str, str]
    thesaurus_version: int


_lock = threading.Lock()
_cache: OrderedDict[str, _Features] = OrderedDict()


def features(texts: list[str]) -> tuple[sp.csr_matrix, np.ndarray, list[dict[str, str]]]:
    """(lexical rows, has content, concepts) of these texts, one row each, in this order.

    Texts not seen before (or seen before the thesaurus last changed) are computed together
    in one vectoriser call.
    """
    current = thesaurus.default()
    found: dict[str, _Features] = {}
    with _lock:
        for key in dict.fromkeys(texts):
            entry = _cache.get(key)
            if entry is not None and entry.thesaurus_version == current.version:
                _cache.move_to_end(key)
                found[key] = entry
    missing = [key for key in dict.fromkeys(texts) if key not in found]
    if missing:
        rows = text.lexical_matrix(missing)
        for position, key in enumerate(missing):
            start, stop = rows.indptr[position], rows.indptr[position + 1]
            found[key] = _Features(
                rows.indices[start:stop].copy(),
                rows.data[start:stop].copy(),
                text.has_content(key),
                current.find(text.clip(key)),
                current.version,
            )
        with _lock:
            for key in missing:
                _cache[key] = found[key]
            while len(_cache) > SIZE:
                _cache.popitem(last=False)
    entries = [found[key] for key in texts]
    indptr = np.zeros(len(entries) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(e.columns) for e in entries])
    empty = np.zeros(0, dtype=np.float32)
    matrix = sp.csr_matrix(
        (
            np.concatenate([e.values for e in entries]) if entries else empty,
            np.concatenate([e.columns for e in entries]) if entries else empty.astype(np.int32),
            indptr,
        ),
        shape=(len(entries), text.lexical_matrix([]).shape[1]),
    )
    return (
        matrix,
        np.array([e.has_content for e in entries], dtype=bool),
        [e.concepts for e in entries],
    )


def clear() -> None:
    """Forget every text (tests that change how features are computed)."""
    with _lock:
        _cache.clear()
