"""delete_ids finds ids through side files, and through Whoosh's terms where a segment has none."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_doc
from whoosh.writing import SegmentWriter

from searchidx import SearchIndex
from searchidx.backends.whoosh.documents import document_fields
from searchidx.backends.whoosh.id_lookup import delete_ids
from searchidx.backends.whoosh.opening import open_index
from searchidx.backends.whoosh.raw_postings import raw_table
from searchidx.backends.whoosh.segment_writer import BatchSegmentWriter

pytestmark = pytest.mark.whoosh_only("Whoosh segments with and without side files")


def two_segments(path: Path) -> None:
    """Segment 1 by Whoosh's own writer (no side file), segment 2 by ours (side file)."""
    SearchIndex.create(path).close()
    for writer_class, prefix in ((SegmentWriter, "w"), (BatchSegmentWriter, "o")):
        writer = writer_class(open_index(path), _lk=False)
        for number in range(5):
            doc = make_doc(f"{prefix}{number}", f"Kursk Bericht {prefix} {number}")
            writer.add_document(**document_fields(doc))
        writer.commit(merge=False)


def live_ids(path: Path) -> set[str]:
    with open_index(path).searcher() as searcher:
        return {fields["id"] for fields in searcher.all_stored_fields()}


def test_both_kinds_of_segment_are_present(tmp_path: Path) -> None:
    two_segments(tmp_path)
    with open_index(tmp_path).reader() as reader:
        tables = [raw_table(leaf) for leaf, _ in reader.leaf_readers()]
    assert [table is None for table in tables] == [True, False]


def test_exactly_the_named_documents_are_deleted(tmp_path: Path) -> None:
    two_segments(tmp_path)
    writer = BatchSegmentWriter(open_index(tmp_path), _lk=False)
    delete_ids(writer, {"w1", "o3", "o4", "nirgends"})
    writer.commit(merge=False)
    assert live_ids(tmp_path) == {"w0", "w2", "w3", "w4", "o0", "o1", "o2"}


def test_deleting_again_or_nothing_changes_nothing(tmp_path: Path) -> None:
    two_segments(tmp_path)
    for ids in ({"w1", "o1"}, {"w1", "o1"}, set()):
        writer = BatchSegmentWriter(open_index(tmp_path), _lk=False)
        delete_ids(writer, ids)
        writer.commit(merge=False)
    assert live_ids(tmp_path) == {"w0", "w2", "w3", "w4", "o0", "o2", "o3", "o4"}
