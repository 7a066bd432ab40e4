"""A real ``searchidx serve`` spoken to over raw sockets: slow clients, odd requests, hosts.

Uvicorn answers some requests itself, before the app sees them; these tests
check what a client really gets back on the wire. Every wait is bounded.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from live_server import running_server

HEADER_TIMEOUT = 1.0
PATIENCE = HEADER_TIMEOUT + 4.0  # the server must have acted by then


@pytest.fixture(scope="module")
def address(
    seed_index_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, int]]:
    log = tmp_path_factory.mktemp("serve-protocol") / "server.log"
    extra = ("--header-timeout", str(HEADER_TIMEOUT), "--allowed-host", "search.example.org")
    with running_server(seed_index_path, log, *extra) as url:
        parts = urlsplit(url)
        assert parts.hostname and parts.port
        yield parts.hostname, parts.port


def connect(address: tuple[str, int]) -> socket.socket:
    sock = socket.create_connection(address, timeout=PATIENCE)
    sock.settimeout(PATIENCE)
    return sock


def read_all(sock: socket.socket) -> bytes:
    """Everything until the server closes (a timeout fails the test: it did not close)."""
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


def exchange(address: tuple[str, int], request: bytes) -> tuple[int, dict[str, str], bytes]:
    with connect(address) as sock:
        sock.sendall(request)
        head, _, body = read_all(sock).partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in header_lines)
    return int(status_line.split()[1]), headers, body


def test_headers_sent_slowly_are_cut_off_at_the_deadline(address: tuple[str, int]) -> None:
    with connect(address) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        sock.settimeout(0.2)
        started = time.monotonic()
        while time.monotonic() - started < PATIENCE and not trickle_closed(sock):
            pass
        elapsed = time.monotonic() - started
    assert elapsed < PATIENCE, "a client sending one header byte per 0.2 s held its connection"
    assert elapsed >= HEADER_TIMEOUT * 0.8


def trickle_closed(sock: socket.socket) -> bool:
    """Send one more byte of a never-ending header line; True once the server has closed."""
    try:
        sock.sendall(b"X")
        return sock.recv(1024) == b""
    except TimeoutError:
        return False
    except OSError:  # reset: the server closed and our byte arrived too late
        return True


def test_an_idle_connection_is_closed(address: tuple[str, int]) -> None:
    with connect(address) as sock:
        started = time.monotonic()
        assert read_all(sock) == b""
    assert time.monotonic() - started < PATIENCE


def test_keep_alive_requests_within_the_deadline_are_answered(address: tuple[str, int]) -> None:
    request = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    with connect(address) as sock:
        for _ in range(3):
            sock.sendall(request)
            answer = b""
            while not answer.endswith(b'{"status":"ok"}'):
                answer += sock.recv(65536)
            assert answer.startswith(b"HTTP/1.1 200")
            time.sleep(HEADER_TIMEOUT / 2)


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET /search?q=\xff\xfe HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",  # not ASCII
        b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n",  # two hosts
        # More than 16 KiB of headers still incomplete (h11 checks what it buffers).
        b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 20_000,
    ],
)
def test_requests_uvicorn_refuses_get_the_json_error(
    address: tuple[str, int], request_bytes: bytes
) -> None:
    status, headers, body = exchange(address, request_bytes)
    assert status == 400 and headers["content-type"] == "application/json"
    assert json.loads(body)["error"]["code"] == "bad_request"


@pytest.mark.parametrize(
    ("host", "status"),
    [("evil.example", 400), ("search.example.org:8000", 200), ("localhost", 200)],
)
def test_only_trusted_hosts_are_answered(address: tuple[str, int], host: str, status: int) -> None:
    request = f"GET /stats HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
    answer, headers, body = exchange(address, request)
    assert answer == status and headers["content-type"] == "application/json"
    if status == 400:
        assert json.loads(body)["error"]["code"] == "bad_host"
