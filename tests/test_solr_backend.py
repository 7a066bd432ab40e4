"""Parity: the Solr backend (a real 2-shard × 2-replica SolrCloud) answers like Whoosh.

Both backends see the same documents; ids, totals and facet counts must agree
(scores differ: Lucene's BM25 is not Whoosh's BM25F).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from conftest import ARTICLES, SEEDS, ids, make_doc

from searchidx import (
    Document,
    DocumentNotFoundError,
    Filters,
    QuerySyntaxError,
    Results,
    SearchIndex,
)
from searchidx.backends.base import WriteOptions, WriteOutcome
from searchidx.backends.solr import writing
from searchidx.backends.solr.backend import SolrBackend
from searchidx.backends.solr.client import SolrClient
from searchidx.backends.solr.collections import init_collection
from searchidx.backends.solr.errors import SolrError
from searchidx.backends.solr.launcher import LocalCloud
from searchidx.backends.solr.search import SolrSearch
from searchidx.backends.solr.similar import KEY_TERMS, key_terms
from searchidx.backends.whoosh.backend import WhooshBackend
from searchidx.backends.whoosh.schema import GRAMS_FIELD
from searchidx.ingest import read_paths
from searchidx.ranking import DEFAULT_RANKING

C003 = ARTICLES["003"]
FACETS = ("source", "date", "type")


@pytest.fixture(scope="module")
def solr(solr_news: str) -> Iterator[SearchIndex]:
    """The facade over the seed collection: what the CLI and HTTP API use."""
    with SearchIndex.open(solr_news) as index:
        yield index


@pytest.fixture(scope="module")
def solr_backend(solr_news: str) -> SolrBackend:
    return SolrBackend.connect(solr_news)


def write(backend: SolrBackend, documents: Iterable[Document], **options: Any) -> WriteOutcome:
    settings = {"batch_size": 500, "lock_timeout": 0.0, **options}
    return backend.write(documents, WriteOptions(**settings))


Summary = tuple[int, set[str], dict[str, list[tuple[str, int]]], str | None]


def summary(results: Results) -> Summary:
    facets = {
        name: [(value.value, value.count) for value in values]
        for name, values in results.facets.items()
    }
    return results.total, {hit.id for hit in results.hits}, facets, results.suggestion


SEED_QUERIES = [
    "Kursk",
    '"Region Kursk"',
    '"Kursk Region"',
    "Putin",
    "Pjongjang",
    "Pjoengjang",
    "Soldat",
    "Soldaten und Waffen",
    '"Soldaten und Waffen"',
    '"3000 Soldaten"',
    "Rakete",
    "Haubitze",
    "Verteidigung",
    "Ukrainefront",
    "Bevoelkerung",
    "Schoigu",
    "Kursk Gerassimow",
    "Kursk OR Schlucker",
    "Kursk NOT Gerassimow",
    "Gerass*",
    "type:comment Putin",
    "date:2024-10 Soldat",
    "",
    "title:*",
    "date:{2024-10-18 TO 2025}",
    "K*sk",
    "Kursk~2",
    "(Kursk OR Putin) AND NOT Gerassimow",
    "Kursk ANDMAYBE Gerassimow",
    '"Soldaten Waffen"~3',
    "Nordkorea -Kursk",
    'source:"Südtirol News" Putin',
    "text:[a TO b]",
    "12.000",
    "Kurks",
    "Pjöngjan",
    "Selenskij",
    "Putin OR Kurks",
    '"Region Kurks"',
    "Xylophon",
]


@pytest.mark.parametrize("query", SEED_QUERIES)
def test_seed_queries_match_whoosh(
    whoosh_seed_index: SearchIndex, solr: SearchIndex, query: str
) -> None:
    expected = whoosh_seed_index.search(query, limit=100, facets=FACETS)
    assert summary(solr.search(query, limit=100, facets=FACETS)) == summary(expected)


@pytest.mark.parametrize("query", ["Putin OR Kurks", "Selenskij", "Kurks", "Kursk"])
def test_suggestions_on_request_match_whoosh(
    whoosh_seed_index: SearchIndex, solr: SearchIndex, query: str
) -> None:
    expected = whoosh_seed_index.search(query, suggest=True).suggestion
    assert solr.search(query, suggest=True).suggestion == expected


def test_acceptance_kursk_and_putin(solr: SearchIndex) -> None:
    kursk = solr.search("Kursk", limit=50)
    assert kursk.total == 2 and {hit.id for hit in kursk.hits} == {ARTICLES["001"], ARTICLES["004"]}
    putin = solr.search("Putin", limit=50)
    assert {v.value: v.count for v in putin.facets["type"]} == {"article": 2, "comment": 4}
    comments = {hit.id for hit in putin.hits if hit.type == "comment"}
    assert comments == {f"{C003}#c{n}" for n in (2, 5, 6, 7)}


@pytest.mark.parametrize(
    "filters",
    [
        Filters(sources=("DayFR Deutsch",)),
        Filters(types=("comment",)),
        Filters(types=("article",), since="2024-10", until="2024-10"),
        Filters(since="2030"),
    ],
)
def test_filters_and_multi_select_facets_match_whoosh(
    whoosh_seed_index: SearchIndex, solr: SearchIndex, filters: Filters
) -> None:
    expected = whoosh_seed_index.search("Soldaten", limit=100, filters=filters, facets=FACETS)
    found = solr.search("Soldaten", limit=100, filters=filters, facets=FACETS)
    assert summary(found) == summary(expected)


@pytest.mark.parametrize("interval", ["day", "week", "month", "year"])
def test_date_facet_intervals_match_whoosh(
    whoosh_seed_index: SearchIndex, solr: SearchIndex, interval: str
) -> None:
    expected = whoosh_seed_index.search("Soldaten", facets=("date",), interval=interval)
    assert solr.search("Soldaten", facets=("date",), interval=interval).facets == expected.facets


@pytest.mark.parametrize("sort", ["date", "-date"])
def test_date_order_and_pages_match_whoosh(
    whoosh_seed_index: SearchIndex, solr: SearchIndex, sort: str
) -> None:
    filters = Filters(types=("article",))
    expected = [
        hit.id for hit in whoosh_seed_index.search("Soldat", filters=filters, sort=sort).hits
    ]
    found = [hit.id for hit in solr.search("Soldat", filters=filters, sort=sort).hits]
    assert found == expected
    pages = [solr.search("Soldat", limit=2, offset=start) for start in range(0, 20, 2)]
    paged = [hit.id for page in pages for hit in page.hits]
    assert len(paged) == len(set(paged)) == solr.search("Soldat").total


def test_snippets_are_made_by_our_highlighter(
    whoosh_seed_index: SearchIndex, solr: SearchIndex
) -> None:
    expected = {hit.id: hit.snippet for hit in whoosh_seed_index.search('"Region Kursk"').hits}
    assert {hit.id: hit.snippet for hit in solr.search('"Region Kursk"').hits} == expected


def test_documents_and_stats_read_back_as_stored(
    whoosh_seed_index: SearchIndex, solr: SearchIndex
) -> None:
    for doc_id in (ARTICLES["001"], f"{C003}#c2"):
        assert solr.get(doc_id) == whoosh_seed_index.get(doc_id)
    with pytest.raises(DocumentNotFoundError):
        solr.get("no-such-id")
    whoosh_stats, solr_stats = whoosh_seed_index.stats(), solr.stats()
    assert (solr_stats.documents, solr_stats.articles, solr_stats.comments) == (21, 5, 16)
    assert solr_stats.sources == whoosh_stats.sources


def test_bad_queries_fail_like_whoosh(solr: SearchIndex) -> None:
    with pytest.raises(QuerySyntaxError, match="unbalanced quote"):
        solr.search('"Kursk')
    with pytest.raises(QuerySyntaxError, match="unknown field"):
        solr.search("colour:red")


def test_rewriting_the_seeds_in_worker_batches_is_idempotent(
    whoosh_seed_index: SearchIndex, solr: SearchIndex, solr_backend: SolrBackend
) -> None:
    seeds = [item for item in read_paths([SEEDS]) if isinstance(item, Document)]
    outcome = write(solr_backend, seeds, batch_size=5)  # full batches: analysed in worker processes
    assert (outcome.written, outcome.commits, outcome.stopped) == (21, 5, False)
    assert solr.stats().documents == 21
    assert summary(solr.search("Putin", limit=50)) == summary(
        whoosh_seed_index.search("Putin", limit=50)
    )
    expunge_deletes(solr_backend)  # term statistics as in a fresh index again (for key terms)


def test_a_stop_request_commits_the_batch_in_flight(solr_backend: SolrBackend) -> None:
    seeds = [item for item in read_paths([SEEDS]) if isinstance(item, Document)]
    seen: list[str] = []

    def documents() -> Iterator[Document]:
        for doc in seeds:
            seen.append(doc.id)
            yield doc

    outcome = write(solr_backend, documents(), batch_size=5, should_stop=lambda: len(seen) >= 7)
    assert (outcome.written, outcome.commits, outcome.stopped) == (7, 2, True)
    expunge_deletes(solr_backend)


def test_one_process_sends_small_requests_and_commits_once_per_batch(
    solr_backend: SolrBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writing, "REQUEST_DOCS", 4)
    monkeypatch.setenv("SEARCHIDX_INDEX_WORKERS", "1")  # the sending thread, no workers
    seeds = [item for item in read_paths([SEEDS]) if isinstance(item, Document)]
    committed: list[int] = []
    outcome = write(solr_backend, seeds, batch_size=10, on_commit=committed.append)
    assert (outcome.written, outcome.commits, outcome.stopped) == (21, 3, False)
    assert committed == [10, 20, 21]  # reported after each batch's commit, in order
    assert write(solr_backend, []).commits == 0
    expunge_deletes(solr_backend)


def test_a_title_of_stop_words_only_is_stored_and_found_by_its_text(
    solr: SearchIndex, solr_backend: SolrBackend
) -> None:
    doc = make_doc("stopwords-title", title="Selbst das nicht", text="Ein Zwischenruf aus Kursk")
    assert write(solr_backend, [doc]).written == 1
    assert solr.get("stopwords-title").title == "Selbst das nicht"
    assert "stopwords-title" in ids(solr.search("Zwischenruf"))
    solr_backend.delete(["stopwords-title"], lock_timeout=1)
    expunge_deletes(solr_backend)


def expunge_deletes(backend: SolrBackend) -> None:
    backend.client.post_json(f"{backend.collection}/update", {"commit": {"expungeDeletes": True}})


@pytest.mark.parametrize("doc_id", [ARTICLES["001"], f"{C003}#c2", ARTICLES["003"]])
def test_similar_uses_the_same_key_terms_and_finds_the_same_documents(
    whoosh_seed_index: SearchIndex, solr: SearchIndex, solr_backend: SolrBackend, doc_id: str
) -> None:
    text = whoosh_seed_index.get(doc_id).text
    whoosh = WhooshBackend.open(whoosh_seed_index.path)
    with closing(whoosh), closing(whoosh.reader()) as reader:
        expected = reader.searcher.key_terms_from_text("text", text, numterms=KEY_TERMS)
    assert key_terms(solr_backend.client, solr_backend.collection, text, KEY_TERMS) == expected
    found = solr.similar(doc_id, limit=50)
    assert {hit.id for hit in found.hits} == {
        hit.id for hit in whoosh_seed_index.similar(doc_id, limit=50).hits
    }
    with pytest.raises(DocumentNotFoundError):
        solr.similar("no-such-id")


@pytest.mark.parametrize("sort", ["relevance", "date", "-date"])
def test_streams_every_match_once_in_order(solr: SearchIndex, sort: str) -> None:
    streamed = [hit.id for hit in solr.iter_hits("Soldat", sort=sort)]
    paged = [hit.id for hit in solr.search("Soldat", limit=None, sort=sort).hits]
    assert streamed == paged and len(streamed) == solr.search("Soldat").total


@pytest.mark.parametrize(("interval", "by"), [("month", None), ("year", "source"), ("week", None)])
def test_timelines_match_whoosh(
    whoosh_seed_index: SearchIndex, solr: SearchIndex, interval: str, by: str | None
) -> None:
    filters = Filters(types=("article",))
    expected = whoosh_seed_index.timeline("Soldat", filters=filters, interval=interval, by=by)
    assert solr.timeline("Soldat", filters=filters, interval=interval, by=by) == expected


def test_grouping_and_exports_match_whoosh(
    whoosh_seed_index: SearchIndex, solr: SearchIndex
) -> None:
    def groups(results: Results) -> set[tuple[str, tuple[str, ...]]]:
        return {(h.id, tuple(sorted(c.id for c in h.comments or ()))) for h in results.hits}

    found = solr.search("Putin", group="article", limit=None)
    expected = whoosh_seed_index.search("Putin", group="article", limit=None)
    assert (found.total, groups(found)) == (expected.total, groups(expected))
    with (
        solr.export("Soldat", sort="date") as rows,
        whoosh_seed_index.export("Soldat", sort="date") as ref,
    ):
        assert (rows.meta.fingerprint, rows.meta.total) == (ref.meta.fingerprint, ref.meta.total)
        assert [row.document for row in rows.rows] == [row.document for row in ref.rows]


# -- German matching on purpose-made documents, both backends ----------------------

VARIANTS = [
    make_doc("hyphen", "Die Kursk-Offensive begann im August."),
    make_doc("open", "Die Offensive bei Kursk: eine Kursk Offensive, sagen manche."),
    make_doc("closed", "Die Kurskoffensive überraschte Moskau."),
    make_doc("front", "Soldaten zur Ukraine-Front geschickt."),
    make_doc("kim_hyphen", "Machthaber Kim Jong-un empfing Schoigu."),
    make_doc("kim_open", "Machthaber Kim Jong Un empfing Shoigu."),
    make_doc("kim_other", "Kim sagte, Jong und Un seien Namen."),
    make_doc("ru", "Verteidigungsminister Schoigu und Gerassimow"),
    make_doc("ua", "Präsident Selenskyj und Budanow in Kiew"),
    make_doc(
        "kp",
        "Raketen aus Pjöngjang",
        author="A. Autor",
        url="https://example.org/kp",
        rank="Leser",
        extra={"k": [1, "ü"]},
    ),
    make_doc("star", "Die Journalist*innen berichten"),
    make_doc("fem", "Eine Ärztin und eine Kollegin"),
    make_doc("masc", "Die Journalisten und Ärzte"),
    make_doc("putin", "Putin droht."),
    make_doc("biden", "Biden antwortet."),
    # Late evening in Vienna is the next day in UTC: buckets must follow the wall time.
    make_doc(
        "vienna",
        "Nachtsitzung im Parlament",
        date=datetime(2024, 10, 31, 23, 30, tzinfo=timezone(timedelta(hours=1))),
    ),
    make_doc("arms", "Er kann greifen, die Arme sind lang."),
    make_doc("grabber", "Greifarmen, Greifarmen und nochmals Greifarmen am Roboter."),
]


@pytest.fixture(scope="module")
def pair(
    solr_cloud: LocalCloud, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[SearchIndex, SearchIndex]]:
    init_collection(SolrClient(solr_cloud.url), "variants", shards=2, replicas=2)
    with (
        SearchIndex.open(f"solr:{solr_cloud.url}/variants") as solr,
        SearchIndex.create(tmp_path_factory.mktemp("variants") / "ix") as index,
    ):
        solr.add(VARIANTS, batch_size=4)
        index.add(VARIANTS)
        yield index, solr


@pytest.mark.parametrize(
    "query",
    [
        '"Kursk Offensive"',
        "Kursk-Offensive",
        "Kurskoffensive",
        "Ukrainefront",
        '"Ukraine Front"',
        '"Kim Jong Un"',
        '"Kim Jong-un"',
        "Kim Jong-un",
        "Kim Jong Un",
        "Schoigu",
        "Shoigu",
        "Schoygu",
        "Gerasimov",
        "Zelensky",
        "selenski",
        "Budanov",
        "Pyongyang",
        "Washington",
        "Journalisten",
        "Journalistinnen",
        "Journalist*innen",
        "Ärzte",
        "Ärztin",
        "Kollegen",
        "Putin",
        "Biden",
    ],
)
def test_german_matching_is_identical(pair: tuple[SearchIndex, SearchIndex], query: str) -> None:
    whoosh, solr = pair
    expected = whoosh.search(query, limit=100, facets=FACETS)
    assert summary(solr.search(query, limit=100, facets=FACETS)) == summary(expected)


def test_writing_again_replaces_by_id(pair: tuple[SearchIndex, SearchIndex]) -> None:
    _, solr = pair
    assert solr.add(VARIANTS[:3]) == 3
    assert solr.stats().documents == len(VARIANTS)


# -- errors ---------------------------------------------------------------------------


# -- ranking levers (one shard: the same document statistics as one Whoosh index) -------

RANKED = [
    make_doc("repeat", "Kafka schrieb. Kafka las. Kafka ging. Kafka blieb in Prag."),
    make_doc("kafka", "Kafka arbeitete als Jurist bei einer großen Versicherung in der Stadt."),
    make_doc("both", "Kafka schrieb Briefe an Felice, jeden Tag einen langen Brief nach Berlin."),
    make_doc("felice", "Felice Bauer lebte in Berlin und arbeitete dort."),
    make_doc("other", "Ein Bericht aus Wien über das Wetter und den Hafen von Odessa."),
    make_doc("filler", "Nichts davon steht hier, nur Wetter."),
    make_doc("called", "Der Händler in Wien hat gestern zweimal angerufen."),
    make_doc("plain", "Der Haushalt und die dänische Regierung."),
    make_doc("family", "Der Haushalt und die schwedische Regierung."),
]


@pytest.fixture(scope="module")
def ranked(
    solr_cloud: LocalCloud, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[SearchIndex, SearchIndex]]:
    init_collection(SolrClient(solr_cloud.url), "ranked", shards=1, replicas=1)
    with (
        SearchIndex.open(f"solr:{solr_cloud.url}/ranked") as solr,
        SearchIndex.create(tmp_path_factory.mktemp("ranked") / "ix") as index,
    ):
        solr.add(RANKED)
        index.add(RANKED)
        yield index, solr


def ranked_ids(index: SearchIndex, query: str) -> list[str]:
    return [hit.id for hit in index.search(query, limit=None, facets=()).hits]


def test_coordination_ranks_or_queries_as_on_whoosh(
    ranked: tuple[SearchIndex, SearchIndex], solr_cloud: LocalCloud
) -> None:
    """Kafka OR Prag: the short text with Kafka alone wins on BM25, but holds half the words."""
    whoosh, solr = ranked
    assert ranked_ids(solr, "Kafka OR Prag") == ranked_ids(whoosh, "Kafka OR Prag")
    assert ranked_ids(solr, "Kafka OR Prag")[:2] == ["repeat", "kafka"]
    off = replace(DEFAULT_RANKING, coordination=0.0, gram_weight=0.0)  # BM25 alone
    client = SolrClient(solr_cloud.url)
    search = SolrSearch(client, "ranked", "Kafka OR Prag", Filters(), ranking=off)
    assert [document.id for document, _ in search.run(limit=2).page] == ["kafka", "repeat"]


def test_coordination_leaves_and_queries_alone_on_solr(
    ranked: tuple[SearchIndex, SearchIndex], solr_cloud: LocalCloud
) -> None:
    search = SolrSearch(SolrClient(solr_cloud.url), "ranked", "Kafka Prag", Filters())
    assert search.word_queries == {} and "boost" not in search.ranked_query


def orders_by_the_words_alone(
    ranked: tuple[SearchIndex, SearchIndex], solr_cloud: LocalCloud, query: str
) -> tuple[list[str], list[str]]:
    """(Solr's, Whoosh's) order of ``query`` without the grams: in a collection this
    small their idf (Lucene's form vs Whoosh's, see benchmarks/README.md) decides
    near-ties differently, and these tests are about the words' own matches."""
    off = replace(DEFAULT_RANKING, gram_weight=0.0)
    with SearchIndex.open(ranked[0]._backend.path, ranking=off) as whoosh:
        expected = ranked_ids(whoosh, query)
    search = SolrSearch(SolrClient(solr_cloud.url), "ranked", query, Filters(), ranking=off)
    return [document.id for document, _ in search.run(limit=None).page], expected


def test_unknown_words_under_or_match_their_variants_on_solr(
    ranked: tuple[SearchIndex, SearchIndex], solr_cloud: LocalCloud
) -> None:
    whoosh, solr = ranked
    query = "Odessas OR Felice"  # the collection has only "Odessa" (stem odessa)
    assert "other" in ranked_ids(solr, query)
    assert set(ranked_ids(solr, query)) == set(ranked_ids(whoosh, query))
    solr_order, whoosh_order = orders_by_the_words_alone(ranked, solr_cloud, query)
    assert solr_order == whoosh_order
    assert ranked_ids(solr, "Odessas") == []  # AND: as typed


def test_unknown_verb_forms_under_or_match_the_indexed_forms_on_solr(
    ranked: tuple[SearchIndex, SearchIndex], solr_cloud: LocalCloud
) -> None:
    whoosh, solr = ranked
    query = "anzurufen OR Felice"  # the collection has only "angerufen" (stem angeruf)
    assert "called" in ranked_ids(solr, query)
    assert set(ranked_ids(solr, query)) == set(ranked_ids(whoosh, query))
    solr_order, whoosh_order = orders_by_the_words_alone(ranked, solr_cloud, query)
    assert solr_order == whoosh_order


def test_grams_rank_or_queries_as_on_whoosh_and_match_nothing(
    ranked: tuple[SearchIndex, SearchIndex], solr_cloud: LocalCloud
) -> None:
    """Schweden OR Haushalt: both texts hold Haushalt; schwedische shares Schweden's grams."""
    whoosh, solr = ranked
    query = "Schweden OR Haushalt"
    assert ranked_ids(solr, query) == ranked_ids(whoosh, query) == ["family", "plain"]
    client = SolrClient(solr_cloud.url)
    assert GRAMS_FIELD in json.dumps(SolrSearch(client, "ranked", query, Filters()).ranked_query)
    search = SolrSearch(client, "ranked", "Schweden Haushalt", Filters())
    assert GRAMS_FIELD not in json.dumps(search.ranked_query)  # AND: the words alone


def test_unreachable_solr_is_a_one_line_error() -> None:
    with pytest.raises(SolrError, match="connection refused") as caught:
        SearchIndex.open("solr:http://127.0.0.1:1/solr/news")
    assert "\n" not in str(caught.value) and caught.value.hint


def test_missing_collection_and_bad_spec_are_explained(solr_cloud: LocalCloud) -> None:
    with pytest.raises(SolrError, match="no collection 'nope'"):
        SearchIndex.open(f"solr:{solr_cloud.url}/nope")
    with pytest.raises(SolrError, match="cannot read backend"):
        SearchIndex.open("solr:ftp://example/news")


def test_documents_round_trip_every_field(pair: tuple[SearchIndex, SearchIndex]) -> None:
    whoosh, solr = pair
    assert solr.get("kp") == whoosh.get("kp")


def test_offset_dates_keep_their_offset_and_wall_time_buckets(
    pair: tuple[SearchIndex, SearchIndex],
) -> None:
    whoosh, solr = pair
    assert solr.get("vienna") == whoosh.get("vienna")
    assert str(solr.get("vienna").date) == "2024-10-31 23:30:00+01:00"
    for interval in ("day", "month"):
        expected = whoosh.search("Nachtsitzung", facets=FACETS, interval=interval)
        found = solr.search("Nachtsitzung", facets=FACETS, interval=interval)
        assert summary(found) == summary(expected)
    assert ids(solr.search("Nachtsitzung", filters=Filters(until="2024-10-31"))) == ["vienna"]


def test_the_words_field_holds_whole_words_not_compound_parts(
    solr_cloud: LocalCloud, pair: tuple[SearchIndex, SearchIndex]
) -> None:
    whoosh, solr = pair
    client = SolrClient(solr_cloud.url)

    def holding(term: str) -> set[str]:
        body = {"query": f"{{!term f=words}}{term}", "fields": "id", "limit": 50}
        answer = client.post_json("variants/select", body)
        return {doc["id"] for doc in answer["response"]["docs"]}

    assert holding("arm") == {"arms"}  # Greifarmen holds arm only as a compound part
    assert holding("greifarm") == {"grabber"}
    query = "Arme OR greifen"
    assert ids(solr.search(query))[0] == ids(whoosh.search(query))[0] == "arms"


def test_fingerprints_agree_across_backends(
    whoosh_seed_index: SearchIndex, solr: SearchIndex, pair: tuple[SearchIndex, SearchIndex]
) -> None:
    assert solr.fingerprint() == whoosh_seed_index.fingerprint()
    whoosh, variants = pair
    assert variants.fingerprint() == whoosh.fingerprint() != solr.fingerprint()
