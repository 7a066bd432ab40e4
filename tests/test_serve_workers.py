"""``searchidx serve --workers N``: real server processes on one port, stopped together."""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchidx.cli import cli, serve_workers

HOST = "127.0.0.1"
SEARCHIDX = str(Path(sys.executable).parent / "searchidx")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def start(index: Path, port: int, workers: int = 2) -> subprocess.Popen[str]:
    server = subprocess.Popen(
        [SEARCHIDX, "--index", str(index), "serve", "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, server.communicate()[1]
        try:
            if get(port, "/health")[0] == 200 and len(children(server.pid)) == workers:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.kill()
    raise AssertionError("the server did not answer in time")


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == str(pid):
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"  # a zombie has ended; only its parent has not collected it


def test_workers_share_the_port_and_stop_together(seed_index_path: Path) -> None:
    port = free_port()
    server = start(seed_index_path, port)
    workers = children(server.pid)
    try:
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: get(port, "/search?q=Kursk"), range(40)))
        assert {status for status, _ in answers} == {200}
        assert {json.loads(body)["total"] for _, body in answers} == {2}
    finally:
        server.send_signal(signal.SIGTERM)
        _, err = server.communicate(timeout=30)
    assert server.returncode == 0, err
    assert "2 server processes" in err and "Traceback" not in err
    assert not any(alive(pid) for pid in workers)


def test_a_worker_that_ends_stops_the_others_and_fails(seed_index_path: Path) -> None:
    server = start(seed_index_path, free_port())
    first, second = children(server.pid)
    os.kill(first, signal.SIGKILL)
    _, err = server.communicate(timeout=30)
    assert server.returncode == 1
    assert f"server process {first} ended (signal SIGKILL)" in err
    assert "Traceback" not in err
    assert not alive(second)


def test_a_port_in_use_is_one_line(seed_index_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        argv = ["--index", str(seed_index_path), "serve", "--workers", "2", "--port", str(port)]
        result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot listen on {HOST}:{port}:")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("workers", ["0", "65", "two"])
def test_workers_must_be_a_count_from_1_to_64(workers: str) -> None:
    result = CliRunner().invoke(cli, ["serve", "--workers", workers])
    assert result.exit_code == 2 and "--workers" in result.stderr


def test_connections_on_the_shared_socket_turn_nagle_off() -> None:
    # asyncio sets TCP_NODELAY only on sockets that name TCP; without it every
    # keep-alive answer waited for the client's delayed ACK (~40 ms).
    sock = serve_workers.listening_socket(HOST, 0)
    delays: list[int] = []

    async def serve_once() -> None:
        accepted = asyncio.Event()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                accepted_sock = transport.get_extra_info("socket")
                delays.append(accepted_sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                accepted.set()

        server = await asyncio.get_running_loop().create_server(Probe, sock=sock)
        with socket.create_connection(sock.getsockname()):
            await asyncio.wait_for(accepted.wait(), 10)
        server.close()

    asyncio.run(serve_once())
    assert delays and delays[0] != 0
