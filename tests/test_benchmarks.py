"""Smoke test of the benchmark harness: it runs end to end and reports every metric.

No timing assertions: speed targets live in benchmarks/README.md, not in tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import corpus, report, run
from searchidx.ingest.jsonl import parse_record
from searchidx.models import Document


def test_generator_without_prose_packages_makes_valid_linked_documents() -> None:
    # The fallback of a machine without the Debian prose packages: wordfreq only.
    records = list(corpus.Generator(seed=3, prose_sentences=[], span_docs=300).records(300))
    docs = [parse_record(json.dumps(record), f"line {n}") for n, record in enumerate(records)]
    assert all(isinstance(doc, Document) for doc in docs)
    articles = {doc.id for doc in docs if doc.type == "article"}
    comments = [doc for doc in docs if doc.type == "comment"]
    assert 0.55 < len(articles) / len(docs) < 0.85
    assert comments and all(doc.parent_id in articles for doc in comments)
    assert len({doc.source for doc in docs}) > 10


def test_generator_is_deterministic() -> None:
    first = list(corpus.Generator(seed=5, prose_sentences=["Ein Satz."], span_docs=50).records(50))
    again = list(corpus.Generator(seed=5, prose_sentences=["Ein Satz."], span_docs=50).records(50))
    assert first == again


def test_percentile_is_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]
    assert [report.percentile(values, pct) for pct in (50, 95, 99)] == [50.0, 95.0, 99.0]
    assert report.percentile([3.0], 99) == 3.0


@pytest.mark.slow
def test_harness_runs_all_engines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "results.json"
    argv = ["--docs", "2000", "--reps", "1", "--queries", "4", "--add-docs", "100"]
    assert run.main([*argv, "--cache-dir", str(tmp_path), "--json", str(out)]) == 0

    results = json.loads(out.read_text(encoding="utf-8"))
    assert set(results["summary"]) == {"ours", "baseline", "fts5"}
    for engine, summary in results["summary"].items():
        assert summary["build"]["docs_per_s"]["median"] > 0, engine
        assert set(summary["build"]) >= {"seconds", "index_mb", "peak_rss_mb"}
        assert summary["add"]["seconds"]["median"] > 0
        for name in ("single", "and", "phrase", "single+facets", "phrase+facets", "facets_all"):
            assert set(summary["queries"][name]) == {"p50", "p95", "p99"}, (engine, name)
    assert results["raw"]["ours"][0]["build"]["docs"] == 2000
    table = capsys.readouterr().out
    assert "| index docs/s |" in table and "ours/baseline" in table
    assert "| phrase+facets p95 ms |" in table


def test_our_searcher_times_searches_not_kept_answers(seed_index_path: Path) -> None:
    from benchmarks.engines import OursSearcher

    searcher = OursSearcher(seed_index_path)
    try:
        assert searcher.search("Kursk", True) == searcher.search("Kursk", True) == 2
        assert len(searcher._index.answers) == 0  # warm-ups and --cold repeats search again
    finally:
        searcher.close()
