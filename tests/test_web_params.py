"""Query-string strictness and options of the HTTP API: unknown names, markers, timing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conftest import ARTICLES
from starlette.testclient import TestClient

from searchidx import SearchIndex
from searchidx.web import create_app, openapi
from searchidx.web import params as p


@pytest.fixture()
def api(seed_index: SearchIndex) -> Iterator[TestClient]:
    with TestClient(create_app(seed_index), base_url="http://127.0.0.1") as client:
        yield client


def bad_parameter(response: Any) -> str:
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "bad_parameter"
    message: str = error["message"]
    return message


def test_page_is_not_silently_ignored(api: TestClient) -> None:
    message = bad_parameter(api.get("/search", params={"q": "Soldaten", "page": 2}))
    assert "unknown parameter 'page'" in message and "offset" in message


def test_every_unknown_name_is_named_once(api: TestClient) -> None:
    query = [("q", "Kursk"), ("pgae", "1"), ("sise", "5"), ("pgae", "2")]
    message = bad_parameter(api.get("/search", params=query))
    assert "unknown parameters 'pgae', 'sise'" in message and message.count("pgae") == 1


@pytest.mark.parametrize(
    ("path", "query", "unknown"),
    [
        ("/timeline", {"q": "Kursk", "limit": "3"}, "limit"),  # limit belongs to /search
        ("/export", {"q": "Kursk", "offset": "3"}, "offset"),
        ("/export", {"q": "Kursk", "partial_ok": "true"}, "partial_ok"),  # never partial
        (f"/similar/{ARTICLES['001']}", {"q": "Kursk"}, "q"),
        (f"/documents/{ARTICLES['001']}", {"fields": "title"}, "fields"),
        ("/stats", {"verbose": "1"}, "verbose"),
    ],
)
def test_each_endpoint_refuses_what_it_does_not_read(
    api: TestClient, path: str, query: dict[str, str], unknown: str
) -> None:
    assert f"unknown parameter {unknown!r}" in bad_parameter(api.get(path, params=query))


def test_a_huge_unknown_name_is_quoted_short(api: TestClient) -> None:
    message = bad_parameter(api.get("/stats", params={"x" * 3000: "1"}))
    assert "x" * 40 in message and "x" * 41 not in message
    assert "takes no parameters" in message


def test_health_stays_open_to_probes_with_cache_busters(api: TestClient) -> None:
    assert api.get("/health", params={"_": "1712"}).json() == {"status": "ok"}


@pytest.mark.parametrize(
    ("path", "known"),
    [
        ("/search", p.SEARCH_PARAMS),
        ("/timeline", p.TIMELINE_PARAMS),
        ("/export", p.EXPORT_PARAMS),
        ("/similar/{doc_id}", p.SIMILAR_PARAMS),
        ("/documents/{doc_id}", ()),
        ("/stats", ()),
    ],
)
def test_the_document_lists_exactly_what_each_endpoint_takes(
    path: str, known: tuple[str, ...]
) -> None:
    parameters = openapi.PATHS[path]["get"].get("parameters", ())
    documented = {param["name"] for param in parameters if param["in"] == "query"}
    assert documented == set(known)


def test_took_ms_is_reported_for_search_and_similar(api: TestClient) -> None:
    for path in ("/search?q=Soldaten", f"/similar/{ARTICLES['001']}"):
        took_ms = api.get(path).json()["took_ms"]
        assert isinstance(took_ms, float) and 0 <= took_ms < 60_000


def test_highlight_markers_replace_mark_in_hits_and_nested_comments(api: TestClient) -> None:
    query = {"q": "Putin", "group": "article", "highlight_pre": "[[", "highlight_post": "]]"}
    body = api.get("/search", params=query).json()
    snippets = [hit["snippet"] for hit in body["hits"]]
    snippets += [c["snippet"] for hit in body["hits"] for c in hit.get("comments", ())]
    assert any(c for hit in body["hits"] for c in hit.get("comments", ()))
    assert any("[[Putin]]" in snippet for snippet in snippets)
    assert not any("<mark>" in snippet for snippet in snippets)


def test_highlight_tags_keep_the_text_html_escaped(
    api: TestClient, seed_index: SearchIndex
) -> None:
    query = {"q": "Kursk", "highlight_pre": '<em class="hl">', "highlight_post": "</em>"}
    marked = api.get("/search", params=query).json()["hits"]
    plain = api.get("/search", params={"q": "Kursk"}).json()["hits"]
    for hit, default in zip(marked, plain, strict=True):
        assert '<em class="hl">Kursk</em>' in hit["snippet"]
        expected = default["snippet"].replace("<mark>", '<em class="hl">')
        assert hit["snippet"] == expected.replace("</mark>", "</em>")


@pytest.mark.parametrize(
    "query",
    [
        {"highlight_pre": "[["},  # half a pair
        {"highlight_post": "]]"},
        {"highlight_pre": "<script>", "highlight_post": "</script>"},
        {"highlight_pre": '<em onclick="x">', "highlight_post": "</em>"},
        {"highlight_pre": "&lt;", "highlight_post": "]"},
        {"highlight_pre": "[" * 33, "highlight_post": "]"},
        {"highlight_pre": "[\n", "highlight_post": "]"},
    ],
)
def test_unsafe_or_unpaired_markers_are_refused(api: TestClient, query: dict[str, str]) -> None:
    message = bad_parameter(api.get("/search", params={"q": "Kursk", **query}))
    assert "highlight_" in message


def test_partial_ok_is_a_boolean_and_an_index_directory_is_never_partial(
    api: TestClient,
) -> None:
    body = api.get("/search", params={"q": "Kursk", "partial_ok": "true"}).json()
    assert body["partial"] is False and body["total"] == 2
    points = api.get("/timeline", params={"q": "Kursk", "partial_ok": "true"}).json()
    assert points and not any("partial" in point for point in points)
    assert "'partial_ok' must be one of true, false" in bad_parameter(
        api.get("/search", params={"q": "Kursk", "partial_ok": "yes"})
    )
    described = {param["name"] for param in openapi.PATHS["/timeline"]["get"]["parameters"]}
    assert "partial_ok" in described


def test_suggest_is_a_boolean_that_asks_for_word_corrections(api: TestClient) -> None:
    plain = api.get("/search", params={"q": "Putin OR Kurks"}).json()
    assert plain["total"] > 0 and plain["suggestion"] is None
    asked = api.get("/search", params={"q": "Putin OR Kurks", "suggest": "true"}).json()
    assert asked["suggestion"] == "Putin OR Kursk"
    assert "'suggest' must be one of true, false" in bad_parameter(
        api.get("/search", params={"q": "Kursk", "suggest": "yes"})
    )
    described = {param["name"] for param in openapi.PATHS["/search"]["get"]["parameters"]}
    assert "suggest" in described
