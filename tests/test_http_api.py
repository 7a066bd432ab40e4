"""The HTTP JSON API in-process (Starlette's TestClient) over a real seed index."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ARTICLES
from parity import location_args
from starlette.testclient import TestClient

from searchidx import SearchIndex
from searchidx.cli import cli
from searchidx.web import create_app
from searchidx.web.guard import MAX_URL_BYTES

COMMENT_13 = f"{ARTICLES['003']}#c13"


@pytest.fixture()
def api(seed_index: SearchIndex) -> Iterator[TestClient]:
    with TestClient(create_app(seed_index), base_url="http://127.0.0.1") as client:
        yield client


def hit_ids(body: dict[str, Any]) -> list[str]:
    return [hit["id"] for hit in body["hits"]]


def assert_error(response: Any, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code
    message: str = body["error"]["message"]
    assert message and "\n" not in message and "Traceback" not in message
    return message


# -- /search -----------------------------------------------------------------------------


def test_search_kursk_finds_001_and_004_with_marks(api: TestClient) -> None:
    body = api.get("/search", params={"q": "Kursk"}).json()
    assert hit_ids(body) == [ARTICLES["001"], ARTICLES["004"]]
    assert all("<mark>Kursk</mark>" in hit["snippet"] for hit in body["hits"])


def test_search_body_is_exactly_the_cli_json(api: TestClient, seed_location: str | Path) -> None:
    argv = ["search", "Soldaten", "--source", "Südtirol News", "--sort", "-date", "--limit", "2"]
    cli_run = CliRunner().invoke(cli, [*argv, "--format", "json", *location_args(seed_location)])
    assert cli_run.exit_code == 0, cli_run.output
    query = {"q": "Soldaten", "source": "Südtirol News", "sort": "-date", "limit": 2}
    body = api.get("/search", params=query).json()
    took_ms = body.pop("took_ms")  # the one key HTTP adds: how long the engine took
    assert isinstance(took_ms, float) and took_ms >= 0
    assert body == json.loads(cli_run.stdout)


def test_search_filters_repeat_as_or_and_page(api: TestClient) -> None:
    both = api.get("/search", params=[("q", "Soldaten"), ("source", "DayFR Deutsch")])
    assert hit_ids(both.json()) == [ARTICLES["002"]]
    outlets = [("q", "Soldaten"), ("source", "DayFR Deutsch"), ("source", "unbekannt")]
    assert api.get("/search", params=outlets).json()["total"] == 4
    comments = api.get("/search", params={"q": "Putin", "type": "comment"}).json()
    assert comments["total"] == 4 and {hit["type"] for hit in comments["hits"]} == {"comment"}
    dated = api.get("/search", params={"q": "Soldaten", "since": "2025-04", "until": "2025-04"})
    assert sorted(hit_ids(dated.json())) == [ARTICLES["001"], ARTICLES["004"]]
    first, second = (
        api.get("/search", params={"q": "Soldaten", "limit": 3, "offset": offset}).json()
        for offset in (0, 3)
    )
    assert (first["offset"], second["offset"], first["limit"]) == (0, 3, 3)
    assert not set(hit_ids(first)) & set(hit_ids(second))


@pytest.mark.parametrize(
    ("query", "code", "culprit"),
    [
        ({"q": '"Region Kursk'}, "bad_query", "quote"),
        ({"q": "x" * 2001}, "bad_query", "2,000"),
        ({"q": "Kursk", "since": "2024-13"}, "bad_parameter", "2024-13"),
        ({"limit": "101"}, "bad_parameter", "limit"),
        ({"limit": "ten"}, "bad_parameter", "limit"),
        ({"offset": "-1"}, "bad_parameter", "offset"),
        ({"sort": "newest"}, "bad_parameter", "sort"),
        ({"type": "tweet"}, "bad_parameter", "type"),
        ({"group": "outlet"}, "bad_parameter", "group"),
        ({"interval": "hour"}, "bad_parameter", "interval"),
    ],
)
def test_bad_queries_and_parameters_are_400(
    api: TestClient, query: dict[str, str], code: str, culprit: str
) -> None:
    message = assert_error(api.get("/search", params=query), 400, code)
    assert culprit in message


def test_single_valued_parameter_given_twice_is_400(api: TestClient) -> None:
    response = api.get("/search", params=[("limit", "1"), ("limit", "2")])
    assert "limit" in assert_error(response, 400, "bad_parameter")


# -- issue 4 features, passed through -------------------------------------------------------


def test_search_suggests_a_correction(api: TestClient) -> None:
    body = api.get("/search", params={"q": "Kurks"}).json()
    assert body["suggestion"].lower() == "kursk"
    fixed = api.get("/search", params={"q": body["suggestion"]}).json()
    assert set(hit_ids(fixed)) == {ARTICLES["001"], ARTICLES["004"]}


def test_source_facet_stays_disjunctive(api: TestClient) -> None:
    body = api.get("/search", params={"q": "Soldaten", "source": "DayFR Deutsch"}).json()
    assert hit_ids(body) == [ARTICLES["002"]]
    outlets = {value["value"]: value["count"] for value in body["facets"]["source"]}
    assert outlets == {"Südtirol News": 3, "unbekannt": 3, "DayFR Deutsch": 1}


def test_group_article_nests_comments(api: TestClient) -> None:
    body = api.get("/search", params={"q": "Putin", "group": "article"}).json()
    assert set(hit_ids(body)) == {ARTICLES["002"], ARTICLES["003"]}
    (article,) = [hit for hit in body["hits"] if hit["id"] == ARTICLES["003"]]
    assert len(article["comments"]) == 4
    assert all("<mark>Putin</mark>" in comment["snippet"] for comment in article["comments"])


def test_interval_sets_date_facet_granularity(api: TestClient) -> None:
    body = api.get("/search", params={"q": "Soldaten", "interval": "year"}).json()
    assert {value["value"]: value["count"] for value in body["facets"]["date"]} == {
        "2024": 4,
        "2025": 3,
    }


def test_timeline_sums_to_search_total(api: TestClient) -> None:
    points = api.get("/timeline", params={"q": "Soldaten", "interval": "month"}).json()
    total = api.get("/search", params={"q": "Soldaten", "limit": 0}).json()["total"]
    assert sum(point["count"] for point in points) == total
    for point in points:
        expected = point["count"] / point["total"] if point["total"] else 0.0  # quiet months
        assert point["share"] == pytest.approx(expected)
    by_source = api.get("/timeline", params={"q": "Soldaten", "by": "source"}).json()
    assert sum(point["count"] for point in by_source) == total
    outlets = {point["source"] for point in by_source}
    assert outlets == {"Südtirol News", "unbekannt", "DayFR Deutsch"}


def test_export_csv_streams_every_match(api: TestClient) -> None:
    total = api.get("/search", params={"q": "Soldaten", "limit": 0}).json()["total"]
    response = api.get("/export", params={"q": "Soldaten", "format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.text.startswith("id,type,parent_id,title,")  # header first, no # lines
    provenance = json.loads(response.headers["x-searchidx-provenance"])
    assert provenance["total"] == total and len(provenance["fingerprint"]) == 64
    assert provenance["query"] == "Soldaten"
    # Article texts hold line breaks inside quoted fields: count records, not lines.
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == total


def test_export_jsonl_starts_with_meta_and_is_reproducible(api: TestClient) -> None:
    def export() -> list[dict[str, Any]]:
        response = api.get("/export", params={"q": "Putin", "format": "jsonl"})
        assert response.headers["content-type"] == "application/x-ndjson"
        return [json.loads(line) for line in response.text.splitlines()]

    first, again = export(), export()
    meta = first[0]["meta"]
    assert meta["total"] == len(first) - 1 == 6
    assert meta["fingerprint"] == again[0]["meta"]["fingerprint"]


def test_export_bad_query_is_a_json_400_not_a_cut_stream(api: TestClient) -> None:
    assert_error(api.get("/export", params={"q": "(Kursk"}), 400, "bad_query")
    assert_error(api.get("/export", params={"format": "xlsx"}), 400, "bad_parameter")


def test_similar_documents(api: TestClient) -> None:
    body = api.get(f"/similar/{ARTICLES['001']}", params={"limit": 3}).json()
    assert 0 < len(body["hits"]) <= 3 and ARTICLES["001"] not in hit_ids(body)
    assert_error(api.get("/similar/no-such-id"), 404, "not_found")


# -- /documents, /stats, /health ------------------------------------------------------------


def test_document_by_id_including_a_comment(api: TestClient) -> None:
    article = api.get(f"/documents/{ARTICLES['003']}").json()
    assert article["type"] == "article" and article["text"]
    comment = api.get(f"/documents/{COMMENT_13.replace('#', '%23')}").json()
    assert comment["id"] == COMMENT_13 and comment["parent_id"] == ARTICLES["003"]


def test_unknown_document_is_404(api: TestClient) -> None:
    assert "no-such-id" in assert_error(api.get("/documents/no-such-id"), 404, "not_found")


def test_stats_and_health(api: TestClient, seed_location: str | Path) -> None:
    response = api.get("/stats")
    # Counts only: where the index lives on disk stays with the operator (the CLI shows it).
    assert response.json() == {"documents": 21, "articles": 5, "comments": 16, "sources": 3}
    assert str(seed_location) not in response.text
    assert api.get("/health").json() == {"status": "ok"}


def test_every_documented_path_is_served(api: TestClient) -> None:
    document = api.get("/openapi.json").json()
    assert document["openapi"].startswith("3.") and set(document["paths"]) == {
        *("/search", "/timeline", "/export", "/documents/{doc_id}", "/similar/{doc_id}"),
        *("/stats", "/health"),
    }
    for template, methods in document["paths"].items():
        path = template.format(doc_id=ARTICLES["001"])
        takes = {param["name"] for param in methods["get"].get("parameters", ())}
        response = api.get(path, params={"q": "Kursk"} if "q" in takes else {})
        assert response.status_code == 200, (path, response.text)


# -- the door: paths, methods, sizes, headers, CORS ----------------------------------------


def test_unknown_path_is_a_json_404(api: TestClient) -> None:
    assert "/nowhere" in assert_error(api.get("/nowhere"), 404, "not_found")
    assert_error(api.get("/static/nothing.js"), 404, "not_found")


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_the_api_is_read_only(api: TestClient, method: str) -> None:
    response = api.request(method, "/search", params={"q": "Kursk"})
    assert_error(response, 405, "method_not_allowed")
    assert set(response.headers["allow"].split(", ")) == {"GET", "HEAD"}


def test_long_urls_and_bodies_are_refused_before_any_search(api: TestClient) -> None:
    assert_error(api.get("/search", params={"q": "a " * MAX_URL_BYTES}), 414, "uri_too_long")
    big = api.request("GET", "/search", content=b"x" * 100_000)
    assert_error(big, 413, "request_too_large")


def test_security_headers_on_every_response(api: TestClient) -> None:
    for path in ("/", "/search?q=Kursk", "/nowhere"):
        headers = api.get(path).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert "default-src 'self'" in headers["content-security-policy"]


def test_cors_is_off_by_default(api: TestClient) -> None:
    response = api.get("/search", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers


def test_cors_allows_only_the_configured_origin(seed_index: SearchIndex) -> None:
    app = create_app(seed_index, cors_origins=["http://localhost:3000"])
    with TestClient(app, base_url="http://localhost:8000") as client:
        allowed = client.get("/stats", headers={"Origin": "http://localhost:3000"})
        assert allowed.headers["access-control-allow-origin"] == "http://localhost:3000"
        other = client.get("/stats", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        preflight = client.options(
            "/search",
            headers={"Origin": "http://localhost:3000", "Access-Control-Request-Method": "GET"},
        )
        assert preflight.status_code == 200
        assert "GET" in preflight.headers["access-control-allow-methods"]


@pytest.mark.whoosh_only("deletes segment files under a running server")
def test_a_broken_index_is_a_json_500_without_traceback(
    seed_index_path: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "index"
    shutil.copytree(seed_index_path, copy)
    with (
        SearchIndex.open(copy) as index,
        TestClient(create_app(index), base_url="http://[::1]:8000") as client,
    ):
        for segment in copy.glob("*.seg"):
            segment.unlink()  # the disk changed under the server
        response = client.get("/search", params={"q": "Kursk"})
    message = assert_error(response, 500, "internal_error")
    assert "internal error" in message and str(copy) not in message


# -- the page ---------------------------------------------------------------------------------


def test_page_and_assets_are_served_from_the_package(api: TestClient) -> None:
    page = api.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<html lang="de">' in page.text
    for asset, kind in (("/static/app.js", "javascript"), ("/static/style.css", "text/css")):
        response = api.get(asset)
        assert response.status_code == 200 and kind in response.headers["content-type"]
        assert asset in page.text


def test_page_loads_nothing_from_other_hosts(api: TestClient) -> None:
    for path in ("/", "/static/app.js", "/static/style.css"):
        text = api.get(path).text.replace("http://www.w3.org/2000/svg", "")
        assert "http://" not in text and "https://" not in text and "//cdn" not in text, path
