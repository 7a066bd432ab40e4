"""``python -m benchmarks.serving --docs N``: ``searchidx serve`` under concurrent load.

Builds (or reuses, ``--index``) our index of the benchmark corpus, starts
``searchidx serve`` on a free loopback port in its own process, waits for
``/health`` and sends the benchmark's query strings (single, AND, phrase, as
``benchmarks.run`` draws them) as ``/search`` requests, with the default
facets as the search page asks, from ``--clients`` threads, each with one
keep-alive connection (``http.client``). Every client walks the query list
from its own offset, so the server sees every query about equally often:
after the first round every request is a repeat, which the server answers from
its answer cache unless ``--cache off`` starts it with ``--cache-size 0``
(then every request is searched afresh, as distinct queries would be).

Prints requests/s, latency percentiles (nearest rank, wall time of the whole
request as the client sees it), errors, and the server's CPU time; ``--json``
keeps the raw latencies. The load generator runs on the same machine as the
server and takes CPU from it, as a local tool's clients would.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import math
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

from benchmarks.corpus import cache_dir, ensure_corpus
from benchmarks.queries import make_queries

HOST: Final = "127.0.0.1"
START_TIMEOUT_SECONDS: Final = 600.0
REQUEST_TIMEOUT_SECONDS: Final = 60.0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.serving", description=__doc__)
    parser.add_argument("--docs", type=int, default=100_000, help="corpus size")
    parser.add_argument("--index", type=Path, default=None, help="reuse this built index")
    parser.add_argument("--clients", type=int, default=8, help="concurrent keep-alive clients")
    parser.add_argument("--seconds", type=float, default=30.0, help="measured duration")
    parser.add_argument("--warmup", type=float, default=5.0, help="unmeasured seconds first")
    parser.add_argument("--queries", type=int, default=60, help="queries per class")
    parser.add_argument("--facets", choices=("on", "off"), default="on")
    parser.add_argument(
        "--cache",
        choices=("on", "off"),
        default="on",
        help="off: the server answers every request afresh (serve --cache-size 0)",
    )
    parser.add_argument("--workers", type=int, default=1, help="server processes (serve --workers)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=None, help="where to write the results")
    return parser.parse_args(argv)


def targets(queries: dict[str, list[str]], facets: bool) -> list[str]:
    """The request paths: the query classes interleaved, 10 hits each."""
    suffix = "" if facets else "&facets="
    interleaved = itertools.chain.from_iterable(zip(*queries.values(), strict=False))
    return [f"/search?q={quote(query)}&limit=10{suffix}" for query in interleaved]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(
    index: Path, port: int, cache: bool = True, workers: int = 1
) -> subprocess.Popen[bytes]:
    # The console script beside this interpreter: the same venv and checkout.
    command = [str(Path(sys.executable).parent / "searchidx"), "--index", str(index), "serve"]
    options = ["--workers", str(workers), *([] if cache else ["--cache-size", "0"])]
    server = subprocess.Popen(
        [*command, "--host", HOST, "--port", str(port), *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"searchidx serve exited with {server.returncode}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/health")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("searchidx serve did not answer /health in time")


class Load:
    """``clients`` threads sending ``paths`` round-robin until ``stop_at``."""

    def __init__(self, port: int, paths: list[str]) -> None:
        self.port = port
        self.paths = paths
        self.latencies: list[float] = []
        self.errors: dict[str, int] = {}
        self.lock = threading.Lock()

    def run(self, clients: int, seconds: float) -> float:
        stop_at = time.monotonic() + seconds
        threads = [
            threading.Thread(target=self._client, args=(number, clients, stop_at))
            for number in range(clients)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - started

    def _client(self, number: int, clients: int, stop_at: float) -> None:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT_SECONDS)
        mine: list[float] = []
        offset = number * len(self.paths) // clients
        for count in itertools.count():
            if time.monotonic() >= stop_at:
                break
            path = self.paths[(offset + count) % len(self.paths)]
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                failed = None if response.status == 200 else f"HTTP {response.status}"
            except (OSError, http.client.HTTPException) as error:
                failed = type(error).__name__
                connection.close()
                connection = http.client.HTTPConnection(
                    HOST, self.port, timeout=REQUEST_TIMEOUT_SECONDS
                )
            mine.append((time.perf_counter() - started) * 1000)
            if failed:
                with self.lock:
                    self.errors[failed] = self.errors.get(failed, 0) + 1
        connection.close()
        with self.lock:
            self.latencies.extend(mine)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)] if ordered else float("nan")


def server_cpu_seconds(pid: int) -> float:
    """CPU seconds of the server and of its worker processes (``--workers``), so far."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # a process that ended meanwhile
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):  # the server, or its child
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def measure(index: Path, paths: list[str], args: argparse.Namespace) -> dict[str, Any]:
    port = free_port()
    server = start_server(index, port, cache=args.cache == "on", workers=args.workers)
    try:
        Load(port, paths).run(args.clients, args.warmup)
        cpu_before = server_cpu_seconds(server.pid)
        load = Load(port, paths)
        elapsed = load.run(args.clients, args.seconds)
        cpu = server_cpu_seconds(server.pid) - cpu_before
    finally:
        server.terminate()
        server.wait(timeout=30)
    done = len(load.latencies)
    return {
        "requests": done,
        "seconds": round(elapsed, 2),
        "requests_per_s": round(done / elapsed, 1),
        "p50_ms": round(percentile(load.latencies, 0.50), 1),
        "p95_ms": round(percentile(load.latencies, 0.95), 1),
        "p99_ms": round(percentile(load.latencies, 0.99), 1),
        "errors": load.errors,
        "server_cpu_s": round(cpu, 1),
        "server_cpu_ms_per_request": round(1000 * cpu / max(done, 1), 2),
        "load_average": os.getloadavg(),
        "latencies_ms": load.latencies,
    }


def build_index(corpus: Path, index: Path) -> None:
    from searchidx import SearchIndex

    built, _ = SearchIndex.build(index, [corpus])
    built.close()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    corpus = ensure_corpus(args.docs, args.seed)
    index = args.index or cache_dir() / f"serving-index-{args.docs}"
    if not (index / "searchidx.json").is_file():
        build_index(corpus.main, index)
    paths = targets(make_queries(corpus.main, args.queries), args.facets == "on")
    result = measure(index, paths, args)
    summary = {key: value for key, value in result.items() if key != "latencies_ms"}
    print(
        f"{args.docs:,} documents, {args.clients} clients, facets {args.facets}, "
        f"answer cache {args.cache}, "
        f"{len(paths)} distinct queries: {json.dumps(summary)}"
    )
    if args.json:
        args.json.write_text(json.dumps({"args": vars(args), **result}, default=str))
    return 0 if not result["errors"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
