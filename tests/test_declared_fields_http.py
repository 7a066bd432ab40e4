"""Declared fields over HTTP: facets=, fields=, where= and /stats (issue 16)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from declared_corpus import FIELDS, write_corpus
from starlette.testclient import TestClient

from searchidx import SearchIndex
from searchidx.web import create_app


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("declared")
    index, _ = SearchIndex.build(root / "ix", [write_corpus(root / "c")], fields=FIELDS)
    with index, TestClient(create_app(index), base_url="http://127.0.0.1") as client:
        yield client


def ok(api: TestClient, url: str) -> dict[str, Any]:
    response = api.get(url)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def bad_parameter(api: TestClient, url: str) -> str:
    response = api.get(url)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "bad_parameter"
    message: str = error["message"]
    return message


def test_facets_choose_what_is_counted(api: TestClient) -> None:
    body = ok(api, "/search?q=Haushalt&facets=source,section")
    assert list(body["facets"]) == ["source", "section"]
    assert {v["value"]: v["count"] for v in body["facets"]["section"]} == {
        "Wirtschaft": 2,
        "Politik": 2,
    }
    assert list(ok(api, "/search?q=Haushalt")["facets"]) == ["source", "date", "type"]
    assert ok(api, "/search?q=Haushalt&facets=")["facets"] == {}


def test_fields_choose_what_hits_carry(api: TestClient) -> None:
    body = ok(api, "/search?q=B%C3%B6rse&fields=title,section,extra")
    assert body["hits"] == [
        {
            "id": "w2",
            "title": "Börse im Aufwind",
            "section": "Wirtschaft",
            "extra": {
                "section": "Wirtschaft",
                "words": "1200",
                "rubric": {"name": "Märkte", "level": 2},
            },
        }
    ]
    usual = ok(api, "/search?q=B%C3%B6rse")["hits"][0]
    assert set(usual) == {
        "id", "type", "parent_id", "title", "source", "date", "author", "url", "score", "snippet",
    }  # fmt: skip


def test_where_filters_search_timeline_and_export(api: TestClient) -> None:
    body = ok(api, "/search?q=&where=section%3DWirtschaft&where=words%3E%3D1000")
    assert [hit["id"] for hit in body["hits"]] == ["w2"]
    points = api.get("/timeline?q=Haushalt&where=section%3DPolitik").json()
    assert sum(point["count"] for point in points) == 1  # the comment has no date
    exported = api.get("/export?q=&format=jsonl&where=section%3DPolitik")
    assert exported.status_code == 200
    assert len(exported.text.splitlines()) == 1 + 2  # meta line, p1 and its comment


def test_unknown_names_are_bad_parameters_naming_them(api: TestClient) -> None:
    assert "unknown facet 'rubric'" in bad_parameter(api, "/search?facets=source,rubric")
    assert "unknown field 'rubrik'" in bad_parameter(api, "/search?fields=title,rubrik")
    assert "'fields' must name at least one" in bad_parameter(api, "/search?fields=")
    assert "unknown field 'lang'" in bad_parameter(api, "/search?where=lang%3Dde")
    query_error = api.get("/search?q=lang:de").json()["error"]  # the query's own fault
    assert query_error["code"] == "bad_query" and "unknown field 'lang'" in query_error["message"]


def test_stats_list_the_declared_fields(api: TestClient) -> None:
    assert ok(api, "/stats")["fields"] == {
        "published": "date",
        "section": "keyword",
        "words": "numeric",
    }


def test_openapi_documents_the_new_parameters(api: TestClient) -> None:
    spec = ok(api, "/openapi.json")
    names = {parameter["name"] for parameter in spec["paths"]["/search"]["get"]["parameters"]}
    assert {"facets", "fields", "where"} <= names
    timeline = spec["paths"]["/timeline"]["get"]["parameters"]
    assert "where" in {parameter["name"] for parameter in timeline}
