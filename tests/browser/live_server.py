"""A real ``searchidx serve`` process on a free loopback port, for end-to-end tests.

Every live test runs against both backends: a Whoosh index directory and a
collection in the session's SolrCloud (``solr:URL/COLLECTION``).
"""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from searchidx import Document, SearchIndex
from searchidx.backends.solr.client import SolrClient
from searchidx.backends.solr.collections import init_collection

_READY = re.compile(r"Uvicorn running on (http://127\.0\.0\.1:\d+)")
START_TIMEOUT = 90.0  # the German analysis warms up first; slow on a busy CI machine
BACKENDS = ("whoosh", "solr")  # params of the fixtures that serve an index
Location = Path | str  # an index directory or a backend spec, solr:URL/COLLECTION


def location_options(location: Location) -> list[str]:
    """The CLI options that name ``location``: --index DIR or --backend solr:…."""
    if isinstance(location, str):
        return ["--backend", location]
    return ["--index", str(location)]


def seed_location(request: pytest.FixtureRequest) -> Location:
    """The seeds on the backend a parametrised fixture asks for (``request.param``)."""
    if request.param == "solr":
        spec: str = request.getfixturevalue("solr_news")
        return spec
    path: Path = request.getfixturevalue("seed_index_path")
    return path


def new_location(
    request: pytest.FixtureRequest, name: str, documents: Iterable[Document]
) -> Location:
    """A fresh index of ``documents`` on the backend ``request.param`` names.

    On Solr: collection ``name`` (1 shard, 1 replica) in the session's SolrCloud.
    """
    location: Location
    if request.param == "solr":
        cloud_url: str = request.getfixturevalue("solr_cloud").url
        init_collection(SolrClient(cloud_url), name, shards=1, replicas=1)
        location = f"solr:{cloud_url}/{name}"
        index = SearchIndex.open(location)
    else:
        factory: pytest.TempPathFactory = request.getfixturevalue("tmp_path_factory")
        location = factory.mktemp(name) / "index"
        index = SearchIndex.create(location)
    with index:
        index.add(documents)
    return location


@contextlib.contextmanager
def running_server(location: Location, log: Path, *extra: str) -> Iterator[str]:
    """Start the server (port 0: the kernel picks a free one); yield its base URL."""
    command = [sys.executable, "-c", "from searchidx.cli import main; main()"]
    with log.open("w") as out:
        process = subprocess.Popen(
            [*command, "serve", *location_options(location), "--port", "0", *extra],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield _wait_until_ready(process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(process: subprocess.Popen[bytes], log: Path) -> str:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        found = _READY.search(log.read_text())
        if found:
            return found.group(1)
        if process.poll() is not None:
            raise AssertionError(f"searchidx serve exited early:\n{log.read_text()}")
        time.sleep(0.05)
    raise AssertionError(f"searchidx serve not ready after {START_TIMEOUT}s:\n{log.read_text()}")


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    """GET ``url``: status, headers (lower-case names), body; HTTP errors included."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, _headers(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, _headers(error.headers), error.read()


def get_json(url: str) -> Any:
    status, _, body = get(url)
    assert status == 200, body
    return json.loads(body)


def _headers(message: Any) -> dict[str, str]:
    return {name.lower(): value for name, value in message.items()}
