"""Smoke test of ``benchmarks.query_cpu`` on a small built index (no timing assertions)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import query_cpu
from benchmarks.corpus import ensure_corpus
from benchmarks.queries import QUERY_CLASSES, make_queries
from searchidx import SearchIndex


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("query-cpu")
    corpus = ensure_corpus(300, 1, work, add_docs=1).main
    index, _ = SearchIndex.build(work / "index", [corpus])
    index.close()
    queries = work / "queries.json"
    queries.write_text(json.dumps(make_queries(corpus, 3)), encoding="utf-8")
    return work / "index", queries


@pytest.mark.parametrize("cold", [[], ["--cold", "2"]])
def test_every_class_is_reported_with_wall_and_cpu_time(
    built: tuple[Path, Path], cold: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    index, queries = built
    assert query_cpu.main([str(index), str(queries), *cold]) == 0
    found = json.loads(capsys.readouterr().out)
    assert len(found["load_average"]) == 3
    for name in QUERY_CLASSES:
        assert set(found[name]) == {"p50_ms", "p95_ms", "cpu_p50_ms", "cpu_p95_ms", "cpu_total_ms"}
        assert found[name]["cpu_total_ms"] > 0
