"""The tiered merge policy on real indexes: bounded segments, replaced ones dropped."""

from __future__ import annotations

from pathlib import Path

from conftest import make_doc

from searchidx import SearchIndex
from searchidx.indexing import open_index
from searchidx.merging import MERGE_FACTOR


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
