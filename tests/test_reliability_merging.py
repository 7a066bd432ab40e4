"""The tiered merge policy on real indexes: bounded segments, replaced ones dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_doc

from searchidx import SearchIndex
from searchidx.backends.whoosh import merging
from searchidx.backends.whoosh.indexing import open_index
from searchidx.backends.whoosh.merging import MERGE_FACTOR

pytestmark = pytest.mark.whoosh_only("Whoosh's segment merge policy")


def _segments(path: Path) -> list[int]:
    with open_index(path).reader() as reader:
        return [leaf.doc_count_all() for leaf, _ in reader.leaf_readers()]


def test_a_crowded_tier_is_merged_and_segments_stay_few(tmp_path: Path) -> None:
    path = tmp_path / "ix"
    batches = MERGE_FACTOR + 4
    with SearchIndex.create(path) as index:
        docs = [make_doc(f"d{n}", f"Haubitze {n}") for n in range(batches * 10)]
        assert index.add(docs, batch_size=10) == batches * 10
        sizes = _segments(path)
        assert len(sizes) < MERGE_FACTOR, sizes
        assert max(sizes) >= MERGE_FACTOR * 10, "no merge happened"
        assert index.stats().documents == batches * 10
        assert index.search("Haubitze", limit=0).total == batches * 10


def test_reindexing_drops_fully_replaced_segments(tmp_path: Path) -> None:
    path = tmp_path / "ix"
    docs = [make_doc(f"d{n}", f"Rakete {n}") for n in range(50)]
    with SearchIndex.create(path) as index:
        index.add(docs, batch_size=10)
        first = _segments(path)
        for _ in range(3):
            index.add(docs, batch_size=10)
        assert _segments(path) == first  # five segments of ten, not twenty
        assert index.stats().documents == 50


def test_one_commit_merges_at_most_max_merge_docs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(merging, "MAX_MERGE_DOCS", 35)
    path = tmp_path / "ix"
    with SearchIndex.create(path) as index:
        docs = [make_doc(f"d{n}", f"Haubitze {n}") for n in range((MERGE_FACTOR + 1) * 10)]
        index.add(docs, batch_size=10)
        sizes = _segments(path)
        assert max(sizes) <= 40, sizes  # merges of three or four segments, never all sixteen
        assert index.search("Haubitze", limit=0).total == len(docs)


def test_bulk_runs_keep_every_live_segment() -> None:
    class Segment:
        def __init__(self, live: int) -> None:
            self.live = live

        def doc_count(self) -> int:
            return self.live

    kept = merging.keep_all(None, [Segment(10), Segment(0), Segment(7)])
    assert [segment.live for segment in kept] == [10, 7]


def test_segments_too_big_to_merge_cheaply_are_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(merging, "MAX_MERGE_DOCS", 15)  # two segments of ten: too many
    path = tmp_path / "ix"
    with SearchIndex.create(path) as index:
        docs = [make_doc(f"d{n}", f"Haubitze {n}") for n in range((MERGE_FACTOR + 2) * 10)]
        index.add(docs, batch_size=10)
        assert _segments(path) == [10] * (MERGE_FACTOR + 2)
