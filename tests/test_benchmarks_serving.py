"""Smoke test of the serving benchmark: a real ``searchidx serve`` under real concurrent load.

No timing assertions: speed targets live in benchmarks/README.md, not in tests.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks import serving


def test_request_paths_interleave_the_query_classes_and_switch_facets_off() -> None:
    queries = {"single": ["Kursk", "Putin"], "and": ["Kursk Front"], "phrase": ['"Region Kursk"']}
    assert serving.targets(queries, True) == [
        "/search?q=Kursk&limit=10",
        "/search?q=Kursk%20Front&limit=10",
        "/search?q=%22Region%20Kursk%22&limit=10",
    ]
    assert serving.targets(queries, False)[0] == "/search?q=Kursk&limit=10&facets="


def test_concurrent_clients_get_answers_from_a_real_server(seed_index_path: Path) -> None:
    args = argparse.Namespace(clients=3, seconds=1.0, warmup=0.2, cache="off", workers=2)
    paths = serving.targets({"single": ["Kursk", "Putin"], "and": ["Kursk Soldaten", "x"]}, True)
    result = serving.measure(seed_index_path, paths, args)
    assert result["errors"] == {}
    assert result["requests"] == len(result["latencies_ms"]) > 0
    assert result["requests_per_s"] > 0
    assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["p99_ms"]
    assert result["server_cpu_s"] >= 0


def test_percentiles_are_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert serving.percentile(values, 0.95) == 95.0
    assert serving.percentile([3.0], 0.5) == 3.0
