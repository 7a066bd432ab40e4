"""``searchidx serve`` as a real process on a loopback port, spoken to over HTTP.

Each test runs once per backend: the seeds in a Whoosh index and in SolrCloud.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from conftest import ARTICLES, REPO
from live_server import (
    BACKENDS,
    Location,
    get,
    get_json,
    location_options,
    running_server,
    seed_location,
)

from searchidx.cli import cli


@pytest.fixture(scope="module", params=BACKENDS)
def location(request: pytest.FixtureRequest) -> Location:
    return seed_location(request)


@pytest.fixture(scope="module")
def server(location: Location, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("serve") / "server.log"
    with running_server(location, log) as url:
        yield url


def test_curl_search_kursk_returns_001_and_004_as_the_cli_json(
    server: str, location: Location
) -> None:
    body = get_json(f"{server}/search?q=Kursk")
    assert [hit["id"] for hit in body["hits"]] == [ARTICLES["001"], ARTICLES["004"]]
    cli_run = CliRunner().invoke(
        cli, ["search", "Kursk", "--format", "json", *location_options(location)]
    )
    assert body.pop("took_ms") >= 0  # the one key HTTP adds
    assert body == json.loads(cli_run.stdout)


def test_binds_to_loopback_by_default(server: str) -> None:
    assert server.startswith("http://127.0.0.1:")


def test_errors_are_json_over_the_wire(server: str) -> None:
    status, headers, body = get(f"{server}/documents/{quote('no such id')}")
    assert status == 404 and headers["content-type"] == "application/json"
    assert json.loads(body)["error"]["code"] == "not_found"
    status, _, body = get(f"{server}/search?q={quote('(Kursk')}")
    assert status == 400 and json.loads(body)["error"]["code"] == "bad_query"


def test_comment_ids_with_hash_work_when_url_encoded(server: str) -> None:
    comment = get_json(f"{server}/documents/{quote(ARTICLES['003'] + '#c5', safe='')}")
    assert comment["author"] == "N. G." and comment["parent_id"] == ARTICLES["003"]


def test_export_is_streamed(server: str) -> None:
    status, headers, body = get(f"{server}/export?q=Soldaten&format=jsonl")
    assert status == 200, body
    assert headers.get("transfer-encoding") == "chunked"  # no Content-Length: streamed
    lines = body.decode().splitlines()
    assert json.loads(lines[0])["meta"]["total"] == len(lines) - 1


def test_load_script_runs_clean_against_the_server(server: str) -> None:
    script = REPO / "scripts" / "http_load.py"
    run = subprocess.run(
        [sys.executable, str(script), server, "--requests", "200", "--concurrency", "8"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "errors 0" in run.stdout
