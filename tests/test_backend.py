"""Each backend through the backend protocol: plain data in and out."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pytest
from conftest import ARTICLES, make_doc
from parity import IndexFactory, is_solr

from searchidx import Filters, InvalidFilterError, QuerySyntaxError
from searchidx.backends.base import Backend, Query, Scored, SearchRequest, WriteOptions
from searchidx.backends.solr.backend import SolrBackend
from searchidx.backends.whoosh.backend import WhooshBackend


def open_backend(location: str | Path) -> Backend:
    # Either is a Backend (mypy checks the protocol).
    if is_solr(location):
        return SolrBackend.connect(str(location))
    return WhooshBackend.open(Path(location))


def test_search_returns_documents_scores_and_counts(seed_location: str | Path) -> None:
    backend = open_backend(seed_location)
    with closing(backend), closing(backend.reader()) as reader:
        found = reader.search(SearchRequest(Query("Putin"), limit=3, facets=("type",)))
    assert found.total == 6
    assert len(found.page) == 3
    assert all(isinstance(scored, Scored) and scored.score > 0 for scored in found.page)
    scores = [scored.score for scored in found.page]
    assert scores == sorted(scores, reverse=True)
    assert {value.value: value.count for value in found.facets["type"]} == {
        "article": 2,
        "comment": 4,
    }
    assert "putin" in found.plan.terms


def test_multi_select_facets_ignore_their_own_filter(seed_location: str | Path) -> None:
    backend = open_backend(seed_location)
    query = Query("Putin", Filters(types=("article",)))
    with closing(backend), closing(backend.reader()) as reader:
        found = reader.search(SearchRequest(query, facets=("type",)))
    assert found.total == 2
    assert {value.value: value.count for value in found.facets["type"]} == {
        "article": 2,
        "comment": 4,
    }


def test_stream_yields_every_match_in_order(seed_location: str | Path) -> None:
    backend = open_backend(seed_location)
    with closing(backend), closing(backend.reader()) as reader:
        stream = reader.stream(Query("Kursk"), "relevance")
        found = [scored.document.id for scored in stream.items]
    assert stream.total == 2
    assert set(found) == {ARTICLES["001"], ARTICLES["004"]}


def test_histogram_counts_matches_and_the_filtered_universe(seed_location: str | Path) -> None:
    backend = open_backend(seed_location)
    with closing(backend), closing(backend.reader()) as reader:
        by_year = reader.histogram(Query("Kursk"), "year", None)
        by_source = reader.histogram(Query("Kursk"), "month", "source")
        with pytest.raises(InvalidFilterError, match="timeline grouping"):
            reader.histogram(Query("Kursk"), "year", "author")
    assert by_year.matching == {("2025", None): 2}
    assert by_year.universe == {("2024", None): 18, ("2025", None): 3}
    assert by_source.matching == {("2025-04", "unbekannt"): 2}
    assert by_source.universe[("2024-10", "Südtirol News")] == 17


def test_bad_queries_fail_before_any_result(seed_location: str | Path) -> None:
    backend = open_backend(seed_location)
    with closing(backend), closing(backend.reader()) as reader, pytest.raises(QuerySyntaxError):
        reader.search(SearchRequest(Query('"Region Kursk')))


def test_write_and_delete_by_id(new_index: IndexFactory) -> None:
    backend = open_backend(new_index().location)
    with closing(backend):
        docs = [make_doc("a", "Die Haubitze steht."), make_doc("b", "Die Haubitze fährt.")]
        outcome = backend.write(docs, WriteOptions(batch_size=1, lock_timeout=5.0))
        assert (outcome.written, outcome.commits, outcome.stopped) == (2, 2, False)
        assert backend.delete(["a", "missing"], lock_timeout=5.0) == 1
        with closing(backend.reader()) as reader:
            assert reader.document("a") is None
            kept = reader.document("b")
            assert kept is not None and kept.text == "Die Haubitze fährt."
            assert reader.search(SearchRequest(Query("Haubitze"))).total == 1


def test_search_index_delete_removes_documents_from_search(new_index: IndexFactory) -> None:
    with new_index() as index:
        index.add([make_doc("a", "Die Haubitze steht."), make_doc("b", "Die Haubitze fährt.")])
        assert index.delete(["b"]) == 1
        assert index.delete(["b"]) == 0
        assert [hit.id for hit in index.search("Haubitze").hits] == ["a"]
        assert index.stats().documents == 1
