"""SearchRun through SearchIndex.search: multi-select facets, paging, sorting, intervals."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import ARTICLES, ids, make_doc
from parity import IndexFactory

from searchidx import Filters, InvalidFilterError, SearchIndex


def counts(results: object, facet: str) -> dict[str, int]:
    values = results.facets[facet]  # type: ignore[attr-defined]
    return {value.value: value.count for value in values}


def test_source_filter_keeps_other_sources_in_the_source_facet(seed_index: SearchIndex) -> None:
    unfiltered = seed_index.search("Soldaten")
    filtered = seed_index.search("Soldaten", filters=Filters(sources=("DayFR Deutsch",)))
    assert ids(filtered) == [ARTICLES["002"]]
    assert filtered.total == 1
    assert counts(filtered, "source") == counts(unfiltered, "source")
    assert len(counts(filtered, "source")) == 3
    # Facets that are not multi-select follow every filter.
    assert counts(filtered, "type") == {"article": 1}
    assert sum(counts(filtered, "date").values()) == 1


def test_type_facet_ignores_the_type_filter_but_honours_the_source_filter(
    seed_index: SearchIndex,
) -> None:
    results = seed_index.search(
        "Putin", filters=Filters(types=("comment",), sources=("Südtirol News",))
    )
    assert results.total == 4
    assert counts(results, "type") == {"comment": 4, "article": 1}
    assert counts(results, "source") == {"Südtirol News": 4}


def test_deep_paging_is_stable_and_complete(new_index: IndexFactory) -> None:
    with new_index() as index:
        index.add(make_doc(f"d{n:03}", "Gleicher Text über Raketen.") for n in range(57))
        everything = ids(index.search("Raketen", limit=None))
        pages = [ids(index.search("Raketen", offset=o, limit=10)) for o in range(0, 60, 10)]
    assert len(everything) == 57
    assert [doc for page in pages for doc in page] == everything


@pytest.mark.parametrize(("sort", "first"), [("date", "old"), ("-date", "new")])
def test_sort_by_date(new_index: IndexFactory, sort: str, first: str) -> None:
    with new_index() as index:
        index.add(
            [
                make_doc("new", "Haubitze", date=datetime(2025, 1, 1)),
                make_doc("old", "Haubitze Haubitze Haubitze", date=datetime(2023, 1, 1)),
                make_doc("mid", "Haubitze", date=datetime(2024, 1, 1)),
            ]
        )
        assert ids(index.search("Haubitze", sort=sort))[0] == first


@pytest.mark.parametrize(
    ("interval", "labels"),
    [
        ("day", ["2024-10-08", "2024-10-18", "2024-10-19"]),
        ("week", ["2024-W41", "2024-W42"]),
        ("month", ["2024-10", "2025-03", "2025-04"]),
        ("year", ["2024", "2025"]),
    ],
)
def test_date_facet_interval(seed_index: SearchIndex, interval: str, labels: list[str]) -> None:
    results = seed_index.search("Soldaten", interval=interval)
    found = [value.value for value in results.facets["date"]]
    assert found[: len(labels)] == labels
    assert sum(value.count for value in results.facets["date"]) == results.total
    assert found == sorted(found)  # chronological, not by count


def test_undated_documents_are_left_out_of_day_facets(new_index: IndexFactory) -> None:
    with new_index() as index:
        index.add([make_doc("a", "Kursk", date=None), make_doc("b", "Kursk")])
        results = index.search("Kursk", interval="day")
    assert counts(results, "date") == {"2024-10-01": 1}


def test_bad_interval_and_grouping_are_clear_errors(seed_index: SearchIndex) -> None:
    with pytest.raises(InvalidFilterError, match="interval"):
        seed_index.search("Kursk", interval="hour")
    with pytest.raises(InvalidFilterError, match="grouping"):
        seed_index.search("Kursk", group="source")


def test_iter_hits_streams_every_hit_in_search_order(seed_index: SearchIndex) -> None:
    streamed = [hit.id for hit in seed_index.iter_hits("Soldaten")]
    assert streamed == ids(seed_index.search("Soldaten", limit=None))
    assert len(streamed) == seed_index.search("Soldaten").total
