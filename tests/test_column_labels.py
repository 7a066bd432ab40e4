"""Facet columns decoded at once equal Whoosh's reader, one document at a time."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from conftest import make_doc

from searchidx import SearchIndex
from searchidx.backends.whoosh import column_labels, segment_arrays
from searchidx.backends.whoosh.column_labels import codes_one_by_one, label_codes

pytestmark = pytest.mark.whoosh_only("Whoosh's var-bytes column layout")

SOURCES = ["Der Standard", "", "Süddeutsche Zeitung", "taz", "Der Standard", "ä" * 40, "taz", ""]


def _index(path: Path) -> SearchIndex:
    index = SearchIndex.create(path)
    index.declare_fields(["section:keyword"])
    for batch in range(2):  # two segments
        index.add(
            make_doc(
                f"{batch}-{number}",
                f"Text {number}",
                source=source or "unbekannt",
                date=datetime(2024, 1 + number % 12, 1) if number % 3 else None,
                extra={"section": source} if source else {},
            )
            for number, source in enumerate(SOURCES)
        )
    return index


@pytest.mark.parametrize("padded_bytes", [256, 8])  # 8: long values take the other path
def test_codes_equal_whooshs_reader_in_first_seen_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, padded_bytes: int
) -> None:
    monkeypatch.setattr(column_labels, "MAX_PADDED_BYTES", padded_bytes)
    with _index(tmp_path / "ix") as index, index._backend.ix.searcher() as searcher:
        leaves = [leaf for leaf, _ in searcher.reader().leaf_readers()]
        assert len(leaves) == 2
        for leaf in leaves:
            count = leaf.doc_count_all()
            for column in ("source", "type", "month", "kw_section"):
                expected = codes_one_by_one(leaf.column_reader(column, translate=False), count)
                reader = leaf.column_reader(column, translate=False)
                assert column_labels._var_bytes_layout(reader, count) is not None  # at once
                codes, values = label_codes(reader, count)
                assert codes.tolist() == expected[0].tolist(), column
                assert values == expected[1], column
            sections = label_codes(leaf.column_reader("kw_section", translate=False), count)
            assert -1 in sections[0].tolist()  # documents without a value
            assert "ä".encode() * 40 in sections[1]


def test_facets_count_the_same_from_decoded_columns(tmp_path: Path) -> None:
    with _index(tmp_path / "ix") as index:
        segment_arrays.clear()
        counts = index.search("", facets=["source", "section", "date"]).facets
        assert {value.value: value.count for value in counts["section"]} == {
            "Der Standard": 4,
            "taz": 4,
            "Süddeutsche Zeitung": 2,
            "ä" * 40: 2,
        }
        assert sum(value.count for value in counts["source"]) == 2 * len(SOURCES)


def test_an_empty_column_has_no_values(tmp_path: Path) -> None:
    with SearchIndex.create(tmp_path / "ix") as index:
        index.declare_fields(["section:keyword"])
        index.add([make_doc("a", "Text")])
        with index._backend.ix.searcher() as searcher:
            leaf = next(leaf for leaf, _ in searcher.reader().leaf_readers())
            reader = leaf.column_reader("kw_section", translate=False)
            codes, values = label_codes(reader, leaf.doc_count_all())
            assert codes.tolist() == [-1] and values == []
