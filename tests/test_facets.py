"""Facet counting over column data."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest
from conftest import make_doc
from parity import IndexFactory

from searchidx import FacetValue, Filters, InvalidFilterError
from searchidx.backends.whoosh.facets import check_facet_names, sorted_values


def test_sorted_by_count_then_value() -> None:
    counts = Counter({"b": 2, "a": 2, "c": 5, "d": 1})
    assert [value.value for value in sorted_values(counts)] == ["c", "a", "b", "d"]
    assert sorted_values(Counter()) == ()


def test_unknown_facet() -> None:
    with pytest.raises(InvalidFilterError, match="unknown facet"):
        check_facet_names(["source", "colour"])


def test_counts_over_all_matches_with_deletions(new_index: IndexFactory) -> None:
    docs = [
        make_doc(f"d{n}", "Rakete", source=f"Quelle {n % 3}", date=datetime(2024, 1 + n % 2, 5))
        for n in range(30)
    ]
    docs.append(make_doc("nodate", "Rakete", date=None, type="comment", parent_id="d1"))
    with new_index() as index:
        index.add(docs, batch_size=7)  # several segments
        index.add([make_doc("d0", "Panzer", source="Quelle 0")])  # replaces d0: one Rakete fewer
        results = index.search("Rakete", limit=1)
        assert results.total == 30
        assert results.facets["source"] == (
            FacetValue("Quelle 1", 10),
            FacetValue("Quelle 2", 10),
            FacetValue("Quelle 0", 9),
            FacetValue("Testquelle", 1),
        )
        months = {value.value: value.count for value in results.facets["date"]}
        assert months == {"2024-01": 14, "2024-02": 15}  # the undated comment has no month
        assert {v.value: v.count for v in results.facets["type"]} == {"article": 29, "comment": 1}
        only = index.search("Rakete", facets=("type",), filters=Filters(types=("comment",)))
        assert set(only.facets) == {"type"} and only.total == 1
        assert index.search("Rakete", facets=()).facets == {}
