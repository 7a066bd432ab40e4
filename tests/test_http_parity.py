"""The HTTP API over SolrCloud answers as over Whoosh: the same hits, counts, facets, snippets.

The seeds are served from both backends in-process and every endpoint is asked
the same. Scores differ (Lucene's BM25 against Whoosh's BM25F), and so may the
order of hits whose scores tie or nearly do; these requests have none or sort by
date, and similar documents are compared as a set.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from conftest import ARTICLES
from starlette.testclient import TestClient

from searchidx import SearchIndex
from searchidx.web import create_app

COMMENT = quote(ARTICLES["003"] + "#c5", safe="")
ERRORS = {
    "/search?q=%28Kursk": 400,  # bad query
    "/timeline?q=Kursk&since=2024-13": 400,  # bad date
    "/documents/nope": 404,
    "/similar/nope": 404,
}
TARGETS = [
    "/search?q=Kursk",
    "/search?q=Kurks",  # did-you-mean
    "/search?" + urlencode({"q": "Putin OR Kurks", "suggest": "true"}),  # asked for
    "/search?" + urlencode({"q": '"Region Kursk"', "sort": "date"}),
    "/search?q=Soldaten&sort=-date&limit=3&offset=2",
    "/search?q=Putin&group=article&sort=date",
    "/search?" + urlencode({"q": "Rakete", "sort": "date", "source": "DayFR Deutsch"}),
    "/search?q=Soldaten&sort=date&since=2024-10-15&until=2025-01&interval=day",
    "/search?q=Putin&sort=date&type=comment&highlight_pre=%5B&highlight_post=%5D",
    "/search?q=Pjoengjang&sort=date",  # umlaut transcription
    "/timeline?q=Soldaten",
    "/timeline?q=Soldaten&by=source&interval=week",
    "/export?q=Soldaten&format=jsonl",
    "/export?q=Putin&format=csv&sort=-date",
    f"/documents/{COMMENT}",
    f"/similar/{ARTICLES['001']}",
    f"/similar/{COMMENT}",  # its key term kann is a stop word in other comments
    f"/similar/{ARTICLES['004']}?limit=1",
    "/stats",
    *ERRORS,
]


@pytest.fixture(scope="module")
def clients(seed_index_path: Path, solr_news: str) -> Iterator[tuple[TestClient, TestClient]]:
    with SearchIndex.open(seed_index_path) as whoosh, SearchIndex.open(solr_news) as solr:
        yield client(whoosh), client(solr)


def client(index: SearchIndex) -> TestClient:
    return TestClient(create_app(index, allowed_hosts=["testserver"]))  # the client's host


@pytest.mark.parametrize("target", TARGETS)
def test_solr_answers_as_whoosh(clients: tuple[TestClient, TestClient], target: str) -> None:
    whoosh, solr = (comparable(client.get(target)) for client in clients)
    assert whoosh[0] == ERRORS.get(target, 200), whoosh
    assert solr == whoosh


def comparable(response: Any) -> tuple[int, str, Any]:
    """Status, media type and body, without what differs by design: scores, timing, place."""
    media_type = response.headers["content-type"]
    if response.status_code >= 400:  # the message names the index
        return response.status_code, media_type, response.json()["error"]["code"]
    if media_type.startswith("text/csv"):
        rows = list(csv.reader(io.StringIO(response.text)))
        score = rows[0].index("score")
        return response.status_code, media_type, [row[:score] + row[score + 1 :] for row in rows]
    if media_type == "application/x-ndjson":
        meta, *rows = (json.loads(line) for line in response.text.splitlines())
        del meta["meta"]["created"], meta["meta"]["index"]
        return response.status_code, media_type, [meta, *map(_without_scores, rows)]
    body = _without_scores(response.json())
    if isinstance(body, dict) and str(body.get("query")).startswith(
        "similar:"
    ):  # close scores: BM25 and BM25F differ
        body["hits"].sort(key=lambda hit: hit["id"])
    return response.status_code, media_type, body


def _without_scores(body: Any) -> Any:
    if isinstance(body, list):
        return [_without_scores(item) for item in body]
    if isinstance(body, dict):
        return {
            key: _without_scores(value)
            for key, value in body.items()
            if key not in ("score", "took_ms")
        }
    return body
