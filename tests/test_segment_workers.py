"""Big runs index in worker processes; the index must be exactly what one process makes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_doc

from searchidx import SearchIndex
from searchidx.backends.whoosh import indexing, merging
from searchidx.backends.whoosh.raw_postings import raw_table
from searchidx.backends.whoosh.segment_workers import STAGING_PREFIX, SegmentPipeline
from searchidx.models import Document

pytestmark = pytest.mark.whoosh_only("Whoosh segment writing in worker processes")

WORDS = [
    "Soldaten",
    "Kursk",
    "Raketenwerfer",
    "Journalist*innen",
    "Ukraine-Front",
    "Pjöngjang",
    "Wahl",
    "Bahn",
]


def corpus(count: int, variant: str = "") -> list[Document]:
    return [
        make_doc(f"d{n}", f"{WORDS[n % 8]} {WORDS[(n * 3) % 8]} Nummer {n} {variant}".strip())
        for n in range(count)
    ]


def snapshot(path: Path) -> dict[str, object]:
    with SearchIndex.open(path) as index:
        found = {q: index.search(q, limit=500) for q in ("Soldat", "Rakete", "Journalist", "*")}
        stats = index.stats()
        return {
            "stats": (stats.documents, stats.articles, stats.comments),
            "hits": {
                q: sorted((h.id, round(h.score, 6)) for h in r.hits) for q, r in found.items()
            },
            "facets": {q: r.facets for q, r in found.items()},
            "text": index.get("d7").text,
        }


def use_workers(monkeypatch: pytest.MonkeyPatch, workers: str) -> None:
    """``workers`` index workers, for batches of 10 documents already (tests stay small)."""
    monkeypatch.setenv("SEARCHIDX_INDEX_WORKERS", workers)
    monkeypatch.setattr(indexing, "PARALLEL_MIN_BATCH", 10)


def build(path: Path, docs: list[Document], workers: str, monkeypatch: pytest.MonkeyPatch) -> None:
    use_workers(monkeypatch, workers)
    with SearchIndex.create(path) as index:
        assert index.add(docs, batch_size=40) == len(docs)


@pytest.mark.slow
def test_workers_build_the_same_index_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = corpus(230)
    build(tmp_path / "one", docs, "1", monkeypatch)
    started: list[int] = []

    class CountingPipeline(SegmentPipeline):
        def __init__(self, ix: object, workers: int, *args: object) -> None:
            started.append(workers)
            super().__init__(ix, workers, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(indexing, "SegmentPipeline", CountingPipeline)
    build(tmp_path / "two", docs, "2", monkeypatch)
    assert started == [2]
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    assert not list((tmp_path / "two").glob(f"{STAGING_PREFIX}*"))


@pytest.mark.slow
def test_workers_replace_documents_by_id_across_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(tmp_path / "ix", corpus(120), "2", monkeypatch)
    changed = corpus(120, variant="geändert")
    with SearchIndex.open(tmp_path / "ix") as index:
        # Duplicates inside one run: the later one wins, also across batches in flight.
        assert index.add([*changed, make_doc("d7", "letzte Fassung")], batch_size=40) == 121
    with SearchIndex.open(tmp_path / "ix") as index:
        assert index.stats().documents == 120
        assert index.search("geändert", limit=0).total == 119
        assert index.get("d7").text == "letzte Fassung"


@pytest.mark.slow
def test_should_stop_commits_the_batches_in_flight(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_workers(monkeypatch, "2")
    seen = iter(range(10_000))
    with SearchIndex.create(tmp_path / "ix") as index:
        outcome = indexing.write_documents(
            index._backend.ix, corpus(200), batch_size=40, should_stop=lambda: next(seen) >= 99
        )
    assert outcome.stopped and outcome.written == 100
    with SearchIndex.open(tmp_path / "ix") as index:
        assert index.stats().documents == 100


@pytest.mark.slow
def test_a_small_run_splits_its_batch_among_the_workers_and_merges_its_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_workers(monkeypatch, "2")
    monkeypatch.setattr(merging, "MERGE_FACTOR", 3)
    submitted: list[int] = []

    class CountingPipeline(SegmentPipeline):
        def submit(self, docs: list[dict[str, object]], token: object) -> None:
            submitted.append(len(docs))
            super().submit(docs, token)

    monkeypatch.setattr(indexing, "SegmentPipeline", CountingPipeline)
    with SearchIndex.create(tmp_path / "ix") as index:
        for run in range(4):  # smaller than a batch: before, one process wrote each run
            docs = corpus(120)[run * 30 : run * 30 + 30]
            assert index.add(docs, batch_size=1000) == 30
    assert submitted == [15, 15] * 4
    with SearchIndex.open(tmp_path / "ix") as index:
        assert index.stats().documents == 120
        assert snapshot(tmp_path / "ix")["hits"] == expected_hits(tmp_path / "one", monkeypatch)
        reader = index._backend.ix.reader()
        try:
            leaves = [leaf for leaf, _ in reader.leaf_readers()]
            assert len(leaves) < 8  # crowded tiers were merged, not kept part by part
            assert all(raw_table(leaf) is not None for leaf in leaves)  # merged ones too
        finally:
            reader.close()


def expected_hits(path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    build(path, corpus(120), "1", monkeypatch)
    return snapshot(path)["hits"]
