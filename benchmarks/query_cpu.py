"""``python -m benchmarks.query_cpu INDEX QUERIES.json [--cold N]``: query latency as CPU time too.

The query classes in the order of :func:`benchmarks.worker.measure_queries`
(three warm-up queries, facets on and off alternating per query), each search
timed by the wall clock and by the process's CPU time; prints p50/p95 per
class without facets and the load average. On a shared machine the CPU time
is the steadier figure, and two versions run side by side at once (one
process each, ``PYTHONPATH`` choosing the checkout) see the same neighbours.

``--cold N``: instead, each query N times with the posting, stored-record and
text caches emptied before every run, keeping the least CPU and wall time of
each query (what a query costs when nothing it reads was read before).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.engines import OursSearcher
from benchmarks.queries import QUERY_CLASSES
from benchmarks.report import percentile
from benchmarks.worker import WARMUP_QUERIES

Timings = dict[str, list[tuple[float, float]]]  # class -> (wall ms, CPU ms) per query


def _timed(search: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    search()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def as_benchmarked(searcher: OursSearcher, queries: dict[str, list[str]]) -> Timings:
    found: Timings = {}
    for name in QUERY_CLASSES:
        for number, string in enumerate(queries[name]):
            for facets in (False, True) if number % 2 else (True, False):
                timing = _timed(partial(searcher.search, string, facets))
                if not facets:
                    found.setdefault(name, []).append(timing)
    return found


def cold(searcher: OursSearcher, queries: dict[str, list[str]], runs: int) -> Timings:
    from searchidx.backends.whoosh import postings, stored
    from searchidx.features import text_facts

    found: Timings = {}
    for name in QUERY_CLASSES:
        for string in queries[name]:
            best = (float("inf"), float("inf"))
            for _ in range(runs):
                postings.clear()
                stored._records.clear()
                text_facts._cache.clear()
                wall, cpu = _timed(partial(searcher.search, string, False))
                best = (min(best[0], wall), min(best[1], cpu))
            found.setdefault(name, []).append(best)
    return found


def summary(found: Timings) -> dict[str, Any]:
    result: dict[str, Any] = {"load_average": os.getloadavg()}
    for name, timings in found.items():
        walls, cpus = [t[0] for t in timings], [t[1] for t in timings]
        result[name] = {
            "p50_ms": percentile(walls, 50),
            "p95_ms": percentile(walls, 95),
            "cpu_p50_ms": percentile(cpus, 50),
            "cpu_p95_ms": percentile(cpus, 95),
            "cpu_total_ms": sum(cpus),
        }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.query_cpu", description=__doc__)
    parser.add_argument("index", type=Path)
    parser.add_argument("queries", type=Path, help="the JSON of benchmarks.queries")
    parser.add_argument("--cold", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    queries = json.loads(args.queries.read_text(encoding="utf-8"))
    searcher = OursSearcher(args.index)
    for warm in queries["single"][: 1 + WARMUP_QUERIES]:
        searcher.search(warm, True)
    found = cold(searcher, queries, args.cold) if args.cold else as_benchmarked(searcher, queries)
    searcher.close()
    print(json.dumps(summary(found)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
