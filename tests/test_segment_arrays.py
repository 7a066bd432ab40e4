"""Column arrays per segment equal Whoosh's per-document answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.fields import ID, TEXT, Schema

from searchidx import SearchIndex
from searchidx.backends.whoosh import segment_arrays
from searchidx.backends.whoosh.stored import stored_fields

pytestmark = pytest.mark.whoosh_only("Whoosh segment column arrays")


def test_lengths_labels_and_dates_match_whoosh(seed_index_path: Path) -> None:
    segment_arrays.clear()
    with SearchIndex.open(seed_index_path) as index, index._backend.ix.searcher() as searcher:
        for leaf, _ in searcher.reader().leaf_readers():
            count = leaf.doc_count_all()
            for field in ("text", "title", "phonetic"):
                lengths = segment_arrays.field_lengths(leaf, field)
                assert len(lengths) == count
                for docnum in range(count):
                    expected = leaf.doc_field_length(docnum, field) or 0
                    assert lengths[docnum] == expected
            for column in ("source", "type", "month"):
                labels = segment_arrays.column_labels(leaf, column)
                reader = leaf.column_reader(column)
                for docnum in range(count):
                    code = int(labels.codes[docnum])
                    assert (labels.values[code] if code >= 0 else "") == reader[docnum]
            raw = segment_arrays.dates(leaf)
            dates = leaf.column_reader("date", translate=False)
            assert raw.tolist() == [dates[docnum] for docnum in range(count)]
            assert LENGTHS_COLUMN is not None


def test_stored_fields_equal_whooshs(seed_index_path: Path) -> None:
    with SearchIndex.open(seed_index_path) as index, index._backend.ix.searcher() as searcher:
        for docnum in range(searcher.reader().doc_count_all()):
            assert stored_fields(searcher, docnum) == searcher.stored_fields(docnum)


def test_kept_stored_records_give_each_caller_its_own_fields(seed_index_path: Path) -> None:
    with SearchIndex.open(seed_index_path) as index, index._backend.ix.searcher() as searcher:
        first = stored_fields(searcher, 0)  # read once, so the second comes from the cache
        first["text"] = "changed by a caller"
        with index._backend.ix.searcher() as other:
            assert stored_fields(other, 0) == other.stored_fields(0) != first


def test_the_cache_is_keyed_by_segment_and_deletions(seed_index_path: Path) -> None:
    segment_arrays.clear()
    with SearchIndex.open(seed_index_path) as index, index._backend.ix.searcher() as searcher:
        leaf = searcher.reader().leaf_readers()[0][0]
        first = segment_arrays.arrays_for(leaf)
        assert segment_arrays.arrays_for(leaf) is first
        assert first.live.all() and len(first.live) == leaf.doc_count_all()


def test_static_field_answers_as_schema_names_does() -> None:
    schema = Schema(text=TEXT, id=ID)
    schema.add("f_*", ID, glob=True)  # dynamic fields are not in names()
    for name in ("text", "id", "f_section", "nofield", ""):
        assert segment_arrays.static_field(schema, name) == (name in schema.names())
