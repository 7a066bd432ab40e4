"""A SolrCloud that stops answering while the API serves it: 503 index_unavailable.

The app reaches the session's cluster through a TCP relay; cutting the relay
makes Solr unreachable without stopping the cluster other tests share.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from urllib.parse import quote, urlsplit

import pytest
from conftest import ARTICLES
from starlette.testclient import TestClient

from searchidx import BackendUnavailableError, SearchIndex
from searchidx.backends.solr.launcher import LocalCloud
from searchidx.web import create_app

TARGETS = [
    "/search?q=Kursk",
    "/search?q=Kursk&group=article",
    "/timeline?q=Kursk",
    "/export?q=Kursk&format=jsonl",
    f"/documents/{quote(ARTICLES['001'])}",
    f"/similar/{quote(ARTICLES['001'])}",
    "/stats",
]


class Relay:
    """Forwards loopback connections to ``port`` until cut; then connections are refused."""

    def __init__(self, port: int) -> None:
        self.target = port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def cut(self) -> None:
        self.listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:  # cut
                return
            upstream = socket.create_connection(("127.0.0.1", self.target))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pipe, args=(source, sink), daemon=True).start()


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while chunk := source.recv(65536):
            sink.sendall(chunk)
    with contextlib.suppress(OSError):
        sink.shutdown(socket.SHUT_WR)


@pytest.fixture()
def relay(solr_cloud: LocalCloud) -> Iterator[Relay]:
    port = urlsplit(solr_cloud.url).port
    assert port is not None
    relay = Relay(port)
    yield relay
    relay.cut()


def test_every_endpoint_answers_503_once_solr_is_unreachable(relay: Relay, solr_news: str) -> None:
    collection = solr_news.rsplit("/", 1)[1]
    with SearchIndex.open(f"solr:http://127.0.0.1:{relay.port}/solr/{collection}") as index:
        client = TestClient(create_app(index, allowed_hosts=["testserver"]))
        assert client.get("/search?q=Kursk").json()["total"] == 2  # through the relay
        relay.cut()
        for target in TARGETS:
            answer = client.get(target)
            error = answer.json()["error"]
            assert (answer.status_code, error["code"]) == (503, "index_unavailable"), target
            assert error["message"].startswith("cannot connect to Solr at http://127.0.0.1:")


def test_the_api_raises_unavailable_not_a_query_error(relay: Relay, solr_news: str) -> None:
    """Parsing a name asks Solr for its sound-alikes: that failing is no bad query."""
    collection = solr_news.rsplit("/", 1)[1]
    with SearchIndex.open(f"solr:http://127.0.0.1:{relay.port}/solr/{collection}") as index:
        relay.cut()
        with pytest.raises(BackendUnavailableError, match="cannot connect to Solr"):
            index.search("Selenskyj")
