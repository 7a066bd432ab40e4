"""Smoke test of the scale benchmark: two indexer processes fill a collection completely,
and the read side (queries, facet page, timeline, export) runs on it.

No timing assertions: the numbers live in benchmarks/README.md. Two subprocesses
only (the indexers); the other steps run in this process to keep the test cheap.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from benchmarks import scale, scale_report, scale_worker
from searchidx.backends.solr.launcher import LocalCloud

DOCS = 60


@pytest.mark.slow
def test_two_indexer_processes_fill_a_collection_that_the_read_side_measures(
    solr_cloud: LocalCloud, tmp_path: Path
) -> None:
    args = argparse.Namespace(
        docs=DOCS, queries=2, shards=2, replicas=1, seed=1, cache_dir=tmp_path / "cache"
    )
    work = tmp_path / "work"
    work.mkdir()
    run = scale.Run(args, work, solr_cloud)
    assert sum(len(half.read_text().splitlines()) for half in run.parts(2)) == DOCS

    indexed, location = run.index_solr(2)
    assert indexed["docs"] == DOCS and indexed["docs_per_s"] > 0

    assert scale_worker.run("export", [location])["docs"] == DOCS
    assert scale_worker.run("analyse", [str(run.corpus)])["docs"] == DOCS
    assert scale_worker.run("analyse-stream", [str(run.corpus)])["docs"] == DOCS
    measured = scale_worker.run("query", [location, str(run.queries)])
    assert set(measured["latencies_ms"]) >= set(scale_report.QUERY_ROWS)


META = {
    "docs": 10,
    "corpus_mb": 0.1,
    "shards": 2,
    "replicas": 1,
    "queries_per_class": 0,
    "date": "today",
    "load_average": (0.0, 0.0, 0.0),
}


def test_an_indexing_only_run_reports_the_indexing_table_alone() -> None:
    step = {"docs": 10, "seconds": 2.0, "docs_per_s": 5.0, "python_cpu_s": 1.0, "jvm_cpu_s": 0.5}
    steps = {engine: dict(step) for engine in ("analysis", "solr", "whoosh")}
    report = scale_report.render({"meta": META, "index": {"1": steps, "2": steps}, "read": {}})
    assert "| Solr / analysis only | 100% | 100% | |" in report
    assert "export" not in report and "p95" not in report

    without_whoosh = {engine: dict(step) for engine in ("analysis", "solr")}
    index = {"1": without_whoosh, "2": without_whoosh}
    report = scale_report.render({"meta": META, "index": index, "read": {}})
    assert "| Solr / analysis only | 100% | 100% | |" in report and "Whoosh" not in report


def test_the_token_stream_bound_gets_its_own_rows() -> None:
    def step(docs_per_s: float) -> dict[str, float]:
        return {
            "docs": 10,
            "seconds": 1.0,
            "docs_per_s": docs_per_s,
            "python_cpu_s": 1.0,
            "jvm_cpu_s": 0.5,
        }

    steps = {"analysis": step(10.0), "stream": step(8.0), "solr": step(9.0)}
    report = scale_report.render({"meta": META, "index": {"1": steps, "2": steps}, "read": {}})
    assert "| Solr / analysis only | 90% | 90% | |" in report
    assert "| Solr / analysis as a token stream | 112% | 112% | |" in report
    assert "| analysis only, as a token stream docs/s | 8 | 8 | 1.00× |" in report
