"""Declared fields end to end on both backends: filter, query, facet, hits, export.

The same corpus goes into a Whoosh index in tmp_path and into a collection of
the session's real SolrCloud; every contract test runs on both.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ids
from declared_corpus import FIELDS, RECORDS, write_corpus

from searchidx import Filters, InvalidFilterError, QuerySyntaxError, SearchIndex
from searchidx.backends.solr.client import SolrClient
from searchidx.backends.solr.collections import init_collection
from searchidx.backends.solr.launcher import LocalCloud
from searchidx.features.export import iter_lines
from searchidx.features.fields import DeclaredField
from searchidx.ingest import read_paths
from searchidx.models import Document


def _documents(tmp: Path) -> list[Document]:
    documents = [item for item in read_paths([write_corpus(tmp)]) if isinstance(item, Document)]
    assert len(documents) == len(RECORDS)
    return documents


@pytest.fixture(params=["whoosh", "solr"])
def index(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchIndex]:
    """The corpus with its fields declared, in a Whoosh index or a Solr collection."""
    if request.param == "whoosh":
        opened = SearchIndex.create(tmp_path / "index")
    else:
        cloud: LocalCloud = request.getfixturevalue("solr_cloud")
        name = f"declared_{uuid.uuid4().hex[:8]}"
        init_collection(SolrClient(cloud.url), name, shards=2, replicas=1)
        opened = SearchIndex.open(f"solr:{cloud.url}/{name}")
    with opened:
        opened.declare_fields(FIELDS)
        opened.add(_documents(tmp_path / "corpus"))
        yield opened


def test_the_index_remembers_its_declared_fields(index: SearchIndex) -> None:
    assert index.declared_fields() == (
        DeclaredField("published", "date"),
        DeclaredField("section", "keyword"),
        DeclaredField("words", "numeric"),
    )


def test_where_filters_on_keywords_numbers_and_dates(index: SearchIndex) -> None:
    assert set(ids(index.search("Haushalt", where=["section=Wirtschaft"]))) == {"w1", "w2"}
    assert set(ids(index.search("", where=["section=Wirtschaft", "section=Politik"]))) == {
        "w1",
        "w2",
        "p1",
        "p1#c1",
    }
    assert set(ids(index.search("", where=["words>=500"]))) == {"w1", "w2"}  # "1200" counts
    assert set(ids(index.search("", where=["words>300", "words<=600"]))) == {"w1"}
    assert set(ids(index.search("", where=["words=300"]))) == {"p1"}
    assert set(ids(index.search("", where=["published=2024-09"]))) == {"p1"}
    assert set(ids(index.search("", where=["published<2024-09"]))) == {"w1"}
    filters = Filters(sources=("Zeit",), where=("section=Wirtschaft", "words<1000"))
    assert ids(index.search("", filters=filters)) == ["w1"]


def test_declared_fields_in_the_query_language(index: SearchIndex) -> None:
    assert set(ids(index.search("section:Wirtschaft"))) == {"w1", "w2"}
    assert set(ids(index.search("Haushalt NOT section:Wirtschaft"))) == {"p1", "p1#c1"}
    assert set(ids(index.search("words:[500 TO]"))) == {"w1", "w2"}
    assert ids(index.search("words:600")) == ["w1"]
    assert ids(index.search('"section:Wirtschaft"')) == []  # quoted: words, not a field
    assert set(ids(index.search('section:"Wirtschaft"'))) == {"w1", "w2"}


def test_keyword_facets_count_every_match_and_ignore_their_own_filter(
    index: SearchIndex,
) -> None:
    results = index.search("Haushalt", facets=["section", "source"], where=["section=Politik"])
    assert results.total == 2
    assert list(results.facets) == ["section", "source"]
    counts = {value.value: value.count for value in results.facets["section"]}
    assert counts == {"Wirtschaft": 2, "Politik": 2}  # multi-select: Politik ticked
    # The comment takes its article's outlet.
    assert {value.value: value.count for value in results.facets["source"]} == {"Spiegel": 2}


def test_hits_carry_the_chosen_fields(index: SearchIndex) -> None:
    usual = index.search("Börse").hits[0].to_dict()
    assert "section" not in usual and "extra" not in usual  # default as before
    hit = index.search("Börse", fields=["title", "section", "words", "extra"]).hits[0]
    assert hit.to_dict() == {
        "id": "w2",
        "title": "Börse im Aufwind",
        "section": "Wirtschaft",
        "words": "1200",  # as the record gave it
        "extra": {
            "section": "Wirtschaft",
            "words": "1200",
            "rubric": {"name": "Märkte", "level": 2},
        },
    }
    grouped = index.search(
        "Haushalt", group="article", fields=["section"], where=["section=Politik"]
    )
    assert [hit.to_dict()["section"] for hit in grouped.hits] == ["Politik"]


def test_hits_without_the_snippet_field_rank_alike_and_skip_it(index: SearchIndex) -> None:
    usual = index.search("Haushalt OR Börse")
    chosen = index.search("Haushalt OR Börse", fields=["score"])
    with_snippet = index.search("Haushalt OR Börse", fields=["snippet"])
    assert [(hit.id, hit.score) for hit in chosen.hits] == [
        (hit.id, hit.score) for hit in usual.hits
    ]
    assert all(hit.snippet == "" for hit in chosen.hits)  # not made, as not shown
    assert "snippet" not in chosen.hits[0].to_dict()
    assert [hit.snippet for hit in with_snippet.hits] == [hit.snippet for hit in usual.hits]
    assert "<mark>" in usual.hits[0].snippet


def test_a_declaration_through_another_handle_is_seen(index: SearchIndex) -> None:
    assert "ressort" not in {field.name for field in index.declared_fields()}
    with SearchIndex.open(index.location) as other:
        other.declare_fields(["ressort:keyword"])
    assert DeclaredField("ressort", "keyword") in index.declared_fields()
    assert index.search("Börse", fields=["ressort"]).hits[0].to_dict()["ressort"] is None
    index.add([Document(id="r1", type="article", text="Börse", extra={"ressort": "Geld"})])
    assert DeclaredField("ressort", "keyword") in index.declared_fields()  # kept on commit
    assert ids(index.search("", where=["ressort=Geld"])) == ["r1"]


def test_unknown_names_are_errors_naming_them(index: SearchIndex) -> None:
    with pytest.raises(InvalidFilterError, match="unknown facet 'rubric'"):
        index.search("", facets=["rubric"])
    with pytest.raises(InvalidFilterError, match="unknown field 'rubrik' for hits"):
        index.search("", fields=["rubrik"])
    with pytest.raises(InvalidFilterError, match="unknown field 'lang' in condition"):
        index.search("", where=["lang=de"])
    with pytest.raises(InvalidFilterError, match="takes only ="):
        index.search("", where=["section>=A"])
    with pytest.raises(InvalidFilterError, match="needs a number"):
        index.search("", where=["words>=viel"])
    with pytest.raises(QuerySyntaxError, match="unknown field 'lang'"):
        index.search("lang:de")


def test_undeclared_keys_round_trip_in_get_and_export(index: SearchIndex) -> None:
    assert index.get("w2").extra["rubric"] == {"name": "Märkte", "level": 2}
    assert index.get("p1").extra == {
        "section": "Politik",
        "words": 300,
        "published": "2024-09-01",
        "paywall": True,
    }
    with index.export("") as export:
        rows = {row.document.id: row.record() for row in export.rows}
        meta = export.meta
    assert rows["w1"]["extra"]["lang"] == "de"
    assert meta.fields == {"published": "date", "section": "keyword", "words": "numeric"}


def test_export_reindexes_into_the_same_fingerprint_with_fields_intact(
    index: SearchIndex, tmp_path: Path
) -> None:
    exported = tmp_path / "export.jsonl"
    with index.export("") as export:
        exported.write_text("".join(iter_lines(export, "jsonl")), encoding="utf-8")
    again, report = SearchIndex.build(tmp_path / "again", [exported], fields=FIELDS)
    with again:
        assert report.skipped == ()
        assert again.fingerprint() == index.fingerprint()
        assert set(ids(again.search("", where=["section=Wirtschaft"]))) == {"w1", "w2"}
        assert [v.value for v in again.search("", facets=["section"]).facets["section"]] == [
            "Politik",
            "Wirtschaft",
        ]


def test_declaring_a_field_later_indexes_what_is_there_and_keeps_the_content(
    index: SearchIndex,
) -> None:
    before = index.fingerprint()
    assert index.declare_fields(["lang:keyword", "section:keyword"]) == (
        DeclaredField("lang", "keyword"),
    )
    assert index.fingerprint() == before
    assert ids(index.search("", where=["lang=de"])) == ["w1"]
    assert index.get("w1").extra["lang"] == "de"
    with pytest.raises(InvalidFilterError, match="already declared as keyword"):
        index.declare_fields(["section:numeric"])


def test_record_count_is_unchanged(index: SearchIndex) -> None:
    assert index.stats().documents == len(RECORDS)
