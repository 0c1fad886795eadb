"""Benchmark live knelpunt suggestions: latency, recall and precision vs PostgreSQL full-text.

Usage: python benchmarks/suggest.py --n 100000 [--fts-queries 100] [--worker-nice 0]

Builds a corpus of N synthetic knelpunten with gold patterns (benchmarks/_corpus.py; embeddings
cached in benchmarks/.cache/), builds the memory-mapped index, then starts one fresh process
that behaves like a web worker: it opens the index and answers typed queries on the app's own
path (learning.patterns.suggestions: embed the text, take the nearest candidates from the
index plus the most recent knelpunten, order them with ``rank``), timing each stage. Only the
database is left out: candidate rows come from memory. The same queries go to PostgreSQL
full-text search (to_tsvector('dutch'), GIN, ts_rank) on the same corpus in a scratch
database. Prints one JSON object; keys without a prefix are for typed variants of corpus
sources, ``heldout_source_`` keys for typed variants of dev texts kept out of the corpus.

``app_`` keys are what the suggestion panel shows (at most 5, only those above the app's
floor; an empty slot counts as a miss in precision@5); unprefixed precision and recall are the
index's own top 5. Recall@5 is measured against an exact scan and counts ties: a returned
neighbour whose cosine equals the fifth-best exact cosine is as good as the one the exact scan
happened to list. ``*_wall_*`` latencies are wall-clock on this machine, whose two cores are
shared with other work (``loadavg_1m_*``); ``*_cpu_*`` figures are the worker's CPU time per
query, i.e. the latency on an otherwise idle core.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import sys
import time
from collections import defaultdict
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import CACHE_DIR, DERIVE_MODES, build_corpus, corpus_vectors  # noqa: E402

from learning.patterns.suggestions import (  # noqa: E402
    RECENT_CANDIDATES,
    SEMANTIC_CANDIDATES,
)

K = 5
# What the app asks the index for (learning.patterns.vectors.nearest asks for 10 more than it
# keeps, to drop withdrawn knelpunten).
NEAREST_ASKED = SEMANTIC_CANDIDATES + 10
TIE_TOLERANCE = 1e-5
FTS_TIMEOUT_MS = 20_000
DSN = "host=127.0.0.1 port=5432 user=postgres"
BENCH_DB = "leernetwerk_bench"
# A typed query matches knelpunten sharing any of its words; requiring all of them (the
# plainto_tsquery default) finds nothing for most sentence-length queries.
_FTS_OR_QUERY = "replace(plainto_tsquery('dutch', %(q)s)::text, ' & ', ' | ')::tsquery"


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _suggest(
    text: str, index, texts: list[str], vectors: np.ndarray, timings: dict[str, list[float]]
) -> tuple[list[int], list[int]]:
    """The app's suggestion path without its database: (raw index top K, suggested ids).

    As learning.patterns.suggestions.suggest: embed the typed text, take the nearest
    SEMANTIC_CANDIDATES from the index plus the RECENT_CANDIDATES newest knelpunten (here the
    highest ids), and order them with the app's own ``rank``; the rows the app loads from the
    database come from memory here. Records wall and CPU milliseconds per stage.
    """
    from learning.patterns import engine
    from learning.patterns.embedding import embed
    from learning.patterns.suggestions import rank

    clock = [(time.perf_counter(), time.process_time())]

    def lap(stage: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        timings[f"{stage}_wall"].append((wall - clock[-1][0]) * 1000)
        timings[f"{stage}_cpu"].append((cpu - clock[-1][1]) * 1000)
        clock.append((wall, cpu))

    vector = embed([text])[0]
    lap("embed")
    hits = index.search(vector, k=NEAREST_ASKED)
    lap("search")
    recent = range(len(texts), max(0, len(texts) - RECENT_CANDIDATES), -1)
    ids = sorted({i for i, _ in hits[:SEMANTIC_CANDIDATES]} | set(recent))
    query = engine.Item(id="query", text=text, vector=vector)
    candidates = [engine.Item(id=str(i), text=texts[i - 1], vector=vectors[i - 1]) for i in ids]
    shown = [ids[position] for position, _match in islice(rank(query, candidates), K)]
    lap("rank")
    total = (clock[-1][0] - clock[0][0]) * 1000, (clock[-1][1] - clock[0][1]) * 1000
    timings["total_wall"].append(total[0])
    timings["total_cpu"].append(total[1])
    return [i for i, _ in hits[:K]], shown


def _worker(
    index_path: str,
    queries: list[str],
    warmup: list[str],
    texts_path: str,
    vectors_path: str,
    nice: int | None,
) -> dict[str, Any]:
    """Runs in a fresh process: what one web worker pays in time and memory to suggest."""
    if nice is not None:
        # The corpus and index are built at low priority beside other work; a web worker
        # runs at normal priority, so the measuring process may be given its own.
        os.setpriority(os.PRIO_PROCESS, 0, nice)
    from learning.patterns.embedding import embed
    from learning.patterns.index import VectorIndex

    texts = json.loads(Path(texts_path).read_text(encoding="utf-8"))
    vectors = np.load(vectors_path, mmap_mode="r")

    started = time.perf_counter()
    index = VectorIndex.open(Path(index_path))
    open_ms = (time.perf_counter() - started) * 1000
    # As the app's start-up warm-up does (learning.warmup): map the index's pages in once.
    started, cpu_started = time.perf_counter(), time.process_time()
    index.warm()
    warm_ms = (time.perf_counter() - started) * 1000
    warm_cpu_ms = (time.process_time() - cpu_started) * 1000
    embed(["warm-up"])
    first = time.perf_counter()
    index.search(embed([warmup[0]])[0], k=K)
    first_query_ms = (time.perf_counter() - first) * 1000
    for text in warmup[1:]:
        _suggest(text, index, texts, vectors, defaultdict(list))
    timings: dict[str, list[float]] = defaultdict(list)
    results = []
    suggested = []
    loadavg_before = os.getloadavg()[0]
    for text in queries:
        raw, shown = _suggest(text, index, texts, vectors, timings)
        results.append(raw)
        suggested.append(shown)
    return {
        "nice": os.getpriority(os.PRIO_PROCESS, 0),
        "loadavg_before": round(loadavg_before, 2),
        "loadavg_after": round(os.getloadavg()[0], 2),
        "timings": dict(timings),
        "results": results,
        "suggested": suggested,
        "query_vectors": embed(queries),
        "open_ms": open_ms,
        "warm_ms": warm_ms,
        "warm_cpu_ms": warm_cpu_ms,
        "first_query_ms": first_query_ms,
        "rss_mb": _status_mb("VmRSS"),
        "rss_anon_mb": _status_mb("RssAnon"),
        "rss_file_mb": _status_mb("RssFile"),
        "size": len(index),
    }


def _exact_top(vectors: np.ndarray, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact top-k indices and the k-th best score per query, in blocks to bound memory."""
    tops = np.empty((len(queries), k), dtype=np.int64)
    kth = np.empty(len(queries), dtype=np.float32)
    scores = np.zeros((len(queries), len(vectors)), dtype=np.float32)
    block = 100_000
    for start in range(0, len(vectors), block):
        scores[:, start : start + block] = queries @ vectors[start : start + block].T
    for q, row in enumerate(scores):
        part = np.argpartition(-row, k)[:k] if len(row) > k else np.arange(len(row))
        order = np.lexsort((part, -row[part]))
        tops[q] = part[order]
        kth[q] = row[tops[q][-1]]
    return tops, kth


def _precision(results: list[list[int]], gold: list[str], patterns: list[str]) -> float:
    """Share of suggested knelpunten (ids are 1-based rows) that have the query's pattern."""
    hits = sum(patterns[i - 1] == g for row, g in zip(results, gold, strict=True) for i in row)
    return hits / (K * len(results))


def _percentiles(values: list[float]) -> tuple[float, float]:
    return float(np.percentile(values, 50)), float(np.percentile(values, 95))


def _fts(texts: list[str], queries: list[str]) -> dict[str, Any]:
    """Load the corpus into a scratch database and time ranked full-text search on it."""
    import psycopg

    with psycopg.connect(DSN + " dbname=postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        admin.execute(f"CREATE DATABASE {BENCH_DB}")
    try:
        with psycopg.connect(DSN + f" dbname={BENCH_DB}", autocommit=True) as conn:
            t0 = time.perf_counter()
            conn.execute(
                "CREATE TABLE blockage (id bigint PRIMARY KEY, text text NOT NULL,"
                " tsv tsvector GENERATED ALWAYS AS (to_tsvector('dutch', text)) STORED)"
            )
            with conn.cursor().copy("COPY blockage (id, text) FROM STDIN") as copy:
                for i, text in enumerate(texts, start=1):
                    copy.write_row((i, text))
            conn.execute("CREATE INDEX blockage_tsv ON blockage USING gin (tsv)")
            conn.execute("VACUUM ANALYZE blockage")
            load_s = time.perf_counter() - t0
            figures: dict[str, Any] = {"fts_load_s": round(load_s, 1)}
            # Ranking every OR match of a sentence-length query at 1M rows takes seconds; cap
            # it so the benchmark ends, and count the queries that hit the cap.
            conn.execute(f"SET statement_timeout = {FTS_TIMEOUT_MS}")
            for name, tsquery in (
                ("fts", _FTS_OR_QUERY),
                ("fts_and", "plainto_tsquery('dutch', %(q)s)"),
            ):
                sql = (
                    f"SELECT id FROM blockage, (SELECT {tsquery} AS q) AS query WHERE tsv @@ q"
                    " ORDER BY ts_rank(tsv, q) DESC, id LIMIT %(k)s"
                )
                conn.execute(sql, {"q": queries[0], "k": K})  # plan and cache warm-up
                latencies = []
                results = []
                timeouts = 0
                for text in queries:
                    t1 = time.perf_counter()
                    try:
                        rows = conn.execute(sql, {"q": text, "k": K}).fetchall()
                    except psycopg.errors.QueryCanceled:
                        rows = []  # a suggestion box would have shown nothing either
                        timeouts += 1
                    latencies.append((time.perf_counter() - t1) * 1000)
                    results.append([r[0] for r in rows])
                figures[name] = (latencies, results)
                figures[f"{name}_timeouts"] = timeouts
            return figures
    finally:
        with psycopg.connect(DSN + " dbname=postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")


def _score(
    prefix: str,
    results: list[list[int]],
    gold: list[str],
    patterns: list[str],
    latencies: list[float],
) -> dict[str, Any]:
    p50, p95 = _percentiles(latencies)
    return {
        f"{prefix}p50_ms": round(p50, 2),
        f"{prefix}p95_ms": round(p95, 2),
        f"{prefix}precision_at_5": round(_precision(results, gold, patterns), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--reuse-index", action="store_true", help="skip the rebuild if an index file exists"
    )
    parser.add_argument("--skip-fts", action="store_true")
    parser.add_argument(
        "--fts-queries",
        type=int,
        default=0,
        help="send only the first N queries of each set to full-text search (0: all)",
    )
    parser.add_argument(
        "--embed-at-most",
        type=int,
        default=240_000,
        help="embed at most this many texts; the rest get derived vectors (see _corpus.py)",
    )
    parser.add_argument(
        "--derive",
        choices=DERIVE_MODES,
        default="jitter",
        help="how vectors past --embed-at-most are derived (see _corpus._derive_vectors)",
    )
    parser.add_argument(
        "--worker-nice",
        type=int,
        default=None,
        help="niceness of the measuring worker (default: inherit this process's)",
    )
    args = parser.parse_args()

    from learning.patterns.index import VectorIndex

    t0 = time.perf_counter()
    corpus = build_corpus(
        args.n, seed=args.seed, n_queries=args.queries, embedded=args.embed_at_most
    )
    vectors = corpus_vectors(corpus, seed=args.seed, derive=args.derive)
    corpus_s = time.perf_counter() - t0
    ids = np.arange(1, args.n + 1, dtype=np.int64)

    index_path = (
        CACHE_DIR / f"index-n{args.n}-e{corpus.embedded}-{args.derive}-seed{args.seed}.faiss"
    )
    build_s = None
    if not (args.reuse_index and index_path.exists()):
        t1 = time.perf_counter()
        VectorIndex.build(index_path, ids, vectors)
        build_s = time.perf_counter() - t1

    # The headline set: typed variants of knelpunten whose source is in the corpus (as the
    # brief defines it). The second set types reports of held-out dev texts: the harder, more
    # realistic case of a new report that paraphrases nothing already logged.
    query_sets = {
        "": (corpus.near_queries, corpus.near_query_patterns),
        "heldout_source_": (corpus.queries, corpus.query_patterns),
    }
    texts = [t for queries, _ in query_sets.values() for t in queries]
    texts_path = CACHE_DIR / f"texts-n{args.n}-seed{args.seed}.json"
    texts_path.write_text(json.dumps(corpus.texts, ensure_ascii=False), encoding="utf-8")
    vectors_path = CACHE_DIR / f"vectors-n{args.n}-seed{args.seed}.npy"
    np.save(vectors_path, vectors)
    with mp.get_context("spawn").Pool(1) as pool:
        worker = pool.apply(
            _worker,
            (
                str(index_path),
                texts,
                corpus.texts[:20],
                str(texts_path),
                str(vectors_path),
                args.worker_nice,
            ),
        )
    exact, kth = _exact_top(vectors, worker["query_vectors"], K)
    fts_n = min(args.fts_queries or args.queries, args.queries)
    fts_texts = [t for queries, _ in query_sets.values() for t in queries[:fts_n]]
    fts = {} if args.skip_fts else _fts(corpus.texts, fts_texts)

    report: dict[str, Any] = {
        "n": args.n,
        "embedded_texts": corpus.embedded,
        "derived": args.derive if corpus.parents else None,
    }
    offset = 0
    for number, (prefix, (queries, gold)) in enumerate(query_sets.items()):
        part = slice(offset, offset + len(queries))
        fts_part = slice(number * fts_n, (number + 1) * fts_n)
        offset += len(queries)
        results = worker["results"][part]
        found = 0
        for row, vector, threshold in zip(
            results, worker["query_vectors"][part], kth[part], strict=True
        ):
            if row:
                scores = vectors[np.asarray(row) - 1] @ vector
                found += int(np.count_nonzero(scores >= threshold - TIE_TOLERANCE))
        exact_results = [[int(i) + 1 for i in row] for row in exact[part]]
        timings = {key: values[part] for key, values in worker["timings"].items()}
        report |= _score(prefix, results, gold, corpus.patterns, timings["search_wall"])
        report |= _score(
            f"{prefix}app_", worker["suggested"][part], gold, corpus.patterns, timings["total_wall"]
        )
        report[f"{prefix}app_shown_mean"] = round(
            float(np.mean([len(row) for row in worker["suggested"][part]])), 2
        )
        report[f"{prefix}recall_at_5_vs_exact"] = round(found / (K * len(queries)), 4)
        report[f"{prefix}exact_precision_at_5"] = round(
            _precision(exact_results, gold, corpus.patterns), 4
        )
        if corpus.parents:
            # How much of the exact top K is derived (not embedded) rows: the share of the
            # figures above that rests on the shortcut.
            report[f"{prefix}exact_top_derived_share"] = round(
                float(np.mean(exact[part] >= corpus.embedded)), 4
            )
        # Wall-clock figures depend on what else the shared cores run; CPU time per query
        # (process_time of the worker) is what a query costs on an otherwise idle core.
        for stage in ("embed", "search", "rank", "total"):
            for clock in ("wall", "cpu"):
                low, high = _percentiles(timings[f"{stage}_{clock}"])
                report[f"{prefix}{stage}_{clock}_p50_ms"] = round(low, 2)
                report[f"{prefix}{stage}_{clock}_p95_ms"] = round(high, 2)
        for name in ("fts", "fts_and"):
            if name in fts:
                latencies, fts_results = fts[name]
                fts_rows = fts_results[fts_part]
                report |= _score(
                    f"{prefix}{name}_", fts_rows, gold[:fts_n], corpus.patterns, latencies[fts_part]
                )
                report[f"{prefix}{name}_empty_results"] = sum(not r for r in fts_rows)
        if fts and fts_n < len(queries):
            # Full-text search answered only the first fts_n queries: the embedding's figure
            # on exactly those, for a like-for-like comparison.
            report[f"{prefix}precision_at_5_on_fts_queries"] = round(
                _precision(results[:fts_n], gold[:fts_n], corpus.patterns), 4
            )
            report[f"{prefix}app_precision_at_5_on_fts_queries"] = round(
                _precision(worker["suggested"][part][:fts_n], gold[:fts_n], corpus.patterns), 4
            )
    report |= {
        "rss_mb": round(worker["rss_mb"], 1),
        "rss_anon_mb": round(worker["rss_anon_mb"], 1),
        "rss_file_mb": round(worker["rss_file_mb"], 1),
        "index_file_mb": round(index_path.stat().st_size / 2**20, 1),
        "index_open_ms": round(worker["open_ms"], 2),
        "index_warm_ms": round(worker["warm_ms"], 1),
        "index_warm_cpu_ms": round(worker["warm_cpu_ms"], 1),
        "first_query_ms": round(worker["first_query_ms"], 2),
        "index_build_s": round(build_s, 1) if build_s is not None else None,
        "fts_load_s": fts.get("fts_load_s"),
        "fts_timeouts": fts.get("fts_timeouts"),
        "fts_timeout_ms": FTS_TIMEOUT_MS,
        "corpus_s": round(corpus_s, 1),
        "queries_per_set": args.queries,
        "fts_queries_per_set": fts_n if fts else 0,
        # This machine's cores are shared with other work; latencies scale with this.
        "worker_nice": worker["nice"],
        "loadavg_1m_before": worker["loadavg_before"],
        "loadavg_1m_after": worker["loadavg_after"],
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
