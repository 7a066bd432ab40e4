"""The Solr HTTP client's one-line errors, against real sockets and servers."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator

import pytest

from searchidx.backends.solr.client import SolrClient
from searchidx.backends.solr.errors import SolrError


@pytest.fixture()
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


@pytest.fixture()
def html_port() -> Iterator[int]:
    """A web server that is not Solr: it answers every request with an HTML page."""

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<html>hello</html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound, never listening: refused
        with pytest.raises(SolrError) as caught:
            SolrClient(f"http://127.0.0.1:{port}/solr").get("admin/info/system")
    assert (
        str(caught.value)
        == f"cannot connect to Solr at http://127.0.0.1:{port}/solr: connection refused"
    )


def test_timeout(silent_port: int) -> None:
    client = SolrClient(f"http://127.0.0.1:{silent_port}/solr", timeout=0.3)
    with pytest.raises(SolrError, match=r"did not answer (within 0\.3 s|in time)") as caught:
        client.get("admin/info/system")
    assert caught.value.hint and "\n" not in str(caught.value)


def test_not_solr(html_port: int) -> None:
    with pytest.raises(SolrError, match="did not answer with JSON; is this a Solr URL"):
        SolrClient(f"http://127.0.0.1:{html_port}/solr").get("admin/info/system")
