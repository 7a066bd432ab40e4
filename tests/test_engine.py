"""SearchIndex against a real index of the seeds: the acceptance queries of the core issue."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from conftest import ARTICLES, ids, make_doc
from parity import IndexFactory

from searchidx import (
    DocumentNotFoundError,
    Filters,
    IndexExistsError,
    IndexNotFoundError,
    InvalidFilterError,
    QuerySyntaxError,
    SearchIdxError,
    SearchIndex,
)

C003 = ARTICLES["003"]


def article_ids(results: object) -> set[str]:
    return {hit.id for hit in results.hits if hit.type == "article"}  # type: ignore[attr-defined]


def test_kursk_finds_exactly_001_and_004(seed_index: SearchIndex) -> None:
    results = seed_index.search("Kursk", limit=50)
    assert set(ids(results)) == {ARTICLES["001"], ARTICLES["004"]}
    assert results.total == 2


def test_phrase_region_kursk(seed_index: SearchIndex) -> None:
    results = seed_index.search('"Region Kursk"', limit=50)
    assert set(ids(results)) == {ARTICLES["001"], ARTICLES["004"]}


def test_phrase_needs_adjacent_words(seed_index: SearchIndex) -> None:
    assert seed_index.search('"Kursk Region"').total == 0


def test_putin_facets_and_comments(seed_index: SearchIndex) -> None:
    results = seed_index.search("Putin", limit=50)
    types = {value.value: value.count for value in results.facets["type"]}
    assert types == {"article": 2, "comment": 4}
    comments = {hit.id for hit in results.hits if hit.type == "comment"}
    assert comments == {f"{C003}#c{n}" for n in (2, 5, 6, 7)}
    assert article_ids(results) == {ARTICLES["002"], C003}


def test_umlaut_free_spelling_finds_pjoengjang(seed_index: SearchIndex) -> None:
    expected = {ARTICLES[key] for key in ("000", "002", "003", "004")}
    assert article_ids(seed_index.search("Pjongjang", limit=50)) == expected


def test_stemming_soldat_finds_all_articles(seed_index: SearchIndex) -> None:
    assert article_ids(seed_index.search("Soldat", limit=50)) == set(ARTICLES.values())


def test_default_operator_is_and(seed_index: SearchIndex) -> None:
    assert set(ids(seed_index.search("Kursk Gerassimow"))) == {ARTICLES["001"]}
    either = seed_index.search("Kursk OR Schlucker", limit=50)
    assert f"{C003}#c13" in ids(either) and ARTICLES["004"] in ids(either)


def test_not_and_wildcard(seed_index: SearchIndex) -> None:
    assert set(ids(seed_index.search("Kursk NOT Gerassimow"))) == {ARTICLES["004"]}
    assert ARTICLES["001"] in ids(seed_index.search("Gerass*"))


def test_facets_cover_all_matches_not_just_the_page(seed_index: SearchIndex) -> None:
    results = seed_index.search("Soldat", limit=1)
    assert len(results.hits) == 1
    assert sum(value.count for value in results.facets["type"]) == results.total > 1
    counts = [value.count for value in results.facets["source"]]
    assert counts == sorted(counts, reverse=True)
    months = {value.value for value in results.facets["date"]}
    assert {"2024-10", "2025-03", "2025-04"} <= months


def test_filters_source_type_and_dates(seed_index: SearchIndex) -> None:
    only_dayfr = seed_index.search("Soldat", filters=Filters(sources=("DayFR Deutsch",)))
    assert ids(only_dayfr) == [ARTICLES["002"]]
    comments = seed_index.search("Putin", filters=Filters(types=("comment",)), limit=50)
    assert {hit.type for hit in comments.hits} == {"comment"} and comments.total == 4
    october = seed_index.search(
        "Soldat", filters=Filters(types=("article",), since="2024-10", until="2024-10"), limit=50
    )
    assert set(ids(october)) == {ARTICLES["002"], C003}
    assert seed_index.search("Soldat", filters=Filters(since="2030")).total == 0


def test_sort_by_date_both_ways(seed_index: SearchIndex) -> None:
    newest = seed_index.search("Soldat", filters=Filters(types=("article",)), sort="-date")
    dates = [hit.date for hit in newest.hits]
    assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]
    oldest = seed_index.search("Soldat", filters=Filters(types=("article",)), sort="date")
    assert ids(oldest) == list(reversed(ids(newest)))


def test_paging_is_stable_and_complete(seed_index: SearchIndex) -> None:
    everything = ids(seed_index.search("Soldat", limit=100))
    pages = [ids(seed_index.search("Soldat", limit=2, offset=start)) for start in range(0, 20, 2)]
    assert [doc for page in pages for doc in page] == everything


def test_snippet_marks_matches_and_escapes_text(seed_index: SearchIndex) -> None:
    hit = seed_index.search("Kursk", limit=1).hits[0]
    assert "<mark>Kursk</mark>" in hit.snippet


def test_empty_query_matches_everything(seed_index: SearchIndex) -> None:
    assert seed_index.search("").total == 21


def test_bad_queries_raise_query_syntax_error(seed_index: SearchIndex) -> None:
    for query in ('"Region Kursk', "(Kursk OR Putin", "Kursk)"):
        with pytest.raises(QuerySyntaxError):
            seed_index.search(query)


def test_bad_filters_raise(seed_index: SearchIndex) -> None:
    with pytest.raises(InvalidFilterError):
        seed_index.search("Kursk", filters=Filters(since="gestern"))
    with pytest.raises(InvalidFilterError):
        seed_index.search("Kursk", sort="popularity")
    with pytest.raises(InvalidFilterError):
        seed_index.search("Kursk", facets=("colour",))


def test_get_comments_and_missing(seed_index: SearchIndex) -> None:
    c13 = seed_index.get(f"{C003}#c13")
    assert c13.author == "Zugspitze947" and "arme Schlucker" in c13.text
    assert c13.parent_id == C003 and c13.type == "comment"
    c12 = seed_index.get(f"{C003}#c12")
    assert c12.author == "Look_at_Yourself" and c12.text == ""
    with pytest.raises(DocumentNotFoundError):
        seed_index.get("nope")


def test_comment_does_not_match_on_article_title(seed_index: SearchIndex) -> None:
    # "Moskau" is in 003's headline, but no comment says it.
    results = seed_index.search("Moskau", filters=Filters(types=("comment",)))
    assert results.total == 0


def test_stats(seed_index: SearchIndex, seed_location: str | Path) -> None:
    stats = seed_index.stats()
    assert (stats.documents, stats.articles, stats.comments) == (21, 5, 16)
    assert stats.sources == 3
    assert stats.path == str(seed_location)


def test_add_is_idempotent_by_id(new_index: IndexFactory) -> None:
    with new_index() as index:
        index.add([make_doc("a", "Haubitze"), make_doc("b", "Rakete")])
        index.add([make_doc("a", "Panzer"), make_doc("a", "Panzerfaust")])
        assert index.stats().documents == 2
        assert index.get("a").text == "Panzerfaust"
        assert index.search("Haubitze").total == 0


def test_a_text_of_stopwords_only_is_stored_and_matches_no_word(new_index: IndexFactory) -> None:
    with new_index() as index:
        index.add([make_doc("stop", "Und der die.", title="Der"), make_doc("word", "Haubitze")])
        assert index.get("stop").text == "Und der die." and index.get("stop").title == "Der"
        assert index.search("").total == 2
        assert ids(index.search("text:*")) == ["word"]
        assert ids(index.search("title:*")) == ["word"]
        assert index.search("text:[a TO z]").total == 1


@pytest.mark.whoosh_only("--rebuild stages a new index directory; Solr refuses it")
def test_rebuild_swaps_in_a_fresh_index(tmp_path: Path, seeds_copy: Path) -> None:
    path = tmp_path / "ix"
    with SearchIndex.create(path) as index:
        index.add([make_doc("stale", "veraltet", date=datetime(2020, 1, 1))])
    index, report = SearchIndex.build(path, [seeds_copy], rebuild=True)
    with index:
        assert report.indexed == 21
        assert index.stats().documents == 21
        with pytest.raises(DocumentNotFoundError):
            index.get("stale")
    assert not list(tmp_path.glob(".ix.*"))


@pytest.mark.whoosh_only("index directories: Solr collections are made by `solr init`")
def test_open_and_create_errors(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFoundError):
        SearchIndex.open(tmp_path / "missing")
    SearchIndex.create(tmp_path / "ix").close()
    with pytest.raises(IndexExistsError):
        SearchIndex.create(tmp_path / "ix")


def test_a_solr_location_opens_the_solr_backend() -> None:
    # Nothing listens on port 1: the Solr backend itself answers, in one line with a hint.
    with pytest.raises(SearchIdxError, match="cannot connect to Solr at") as raised:
        SearchIndex.open("solr:http://127.0.0.1:1/solr/news")
    assert raised.value.hint
