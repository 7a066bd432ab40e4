"""One measurement in a fresh process; prints one JSON object on stdout.

``python -m benchmarks.worker build ENGINE CORPUS INDEX``
``python -m benchmarks.worker add ENGINE INCREMENT INDEX``
``python -m benchmarks.worker query ENGINE INDEX QUERIES.json``

A process per build makes peak RSS (``ru_maxrss``) belong to that build alone,
and a process per query run starts with cold Python caches like a CLI call.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from benchmarks.engines import ADDERS, BUILDERS, SEARCHERS, Searchable

# Queries run once unmeasured first, so imports and first-use loads (lexicon,
# stemmer) are not counted as query latency; they are reported separately.
WARMUP_QUERIES: Final = 3
FACETS_ALL_RUNS: Final = 3


def _peak_rss_mb() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_rss_mb": round(own, 1), "children_peak_rss_mb": round(children, 1)}


def write(task: str, engine: str, source: Path, index: Path) -> dict[str, Any]:
    write_docs = BUILDERS[engine] if task == "build" else ADDERS[engine]
    started = time.perf_counter()
    docs = write_docs(source, index)
    seconds = time.perf_counter() - started
    size = sum(path.stat().st_size for path in index.rglob("*") if path.is_file())
    return {"docs": docs, "seconds": seconds, "index_bytes": size, **_peak_rss_mb()}


def _timed(call: Any, *args: Any) -> float:
    started = time.perf_counter()
    call(*args)
    return (time.perf_counter() - started) * 1000


def query(engine: str, index: Path, queries: dict[str, list[str]]) -> dict[str, Any]:
    return measure_queries(lambda: SEARCHERS[engine](index), queries)


def measure_queries(
    open_searcher: Callable[[], Searchable], queries: dict[str, list[str]]
) -> dict[str, Any]:
    """Every query class with and without facets, the facet page and the timeline."""
    started = time.perf_counter()
    searcher = open_searcher()
    first = queries["single"][0]
    searcher.search(first, True)
    first_query_ms = (time.perf_counter() - started) * 1000
    for warm in queries["single"][1 : 1 + WARMUP_QUERIES]:
        searcher.search(warm, True)
    latencies: dict[str, list[float]] = {}
    for name, strings in queries.items():
        off, on = latencies.setdefault(name, []), latencies.setdefault(f"{name}+facets", [])
        for number, string in enumerate(strings):
            # Alternate which variant sees the query first: the second run of
            # the same query finds its postings in the OS and Whoosh caches.
            order = ((off, False), (on, True)) if number % 2 else ((on, True), (off, False))
            for bucket, facets in order:
                bucket.append(_timed(searcher.search, string, facets))
    latencies["facets_all"] = [_timed(searcher.facets_all) for _ in range(FACETS_ALL_RUNS)]
    if searcher.timeline(first) is not None:
        latencies["timeline"] = [_timed(searcher.timeline, q) for q in queries["single"]]
    searcher.close()
    return {"open_and_first_query_ms": first_query_ms, "latencies_ms": latencies}


def main(argv: list[str]) -> int:
    task, engine, *paths = argv
    if task in {"build", "add"}:
        result = write(task, engine, Path(paths[0]), Path(paths[1]))
    elif task == "query":
        strings = json.loads(Path(paths[1]).read_text(encoding="utf-8"))
        result = query(engine, Path(paths[0]), strings)
    else:
        raise SystemExit(f"unknown task {task!r}")
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
