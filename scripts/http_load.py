"""Bounded load test for ``searchidx serve``: N GET requests at concurrency C.

    python scripts/http_load.py http://127.0.0.1:8000 --requests 2000 --concurrency 8

Sends a fixed mix of what the search page and API clients ask (searches with
filters, grouping and paging, the timeline, documents, stats) to a server on
this machine only, and prints throughput, latency percentiles and errors. Any
status other than 2xx, a timeout or a broken connection is an error; the exit
code is 1 if there was any. Standard library only.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

LOOPBACK = ("127.0.0.1", "localhost", "::1")
MAX_REQUESTS = 100_000
TIMEOUT = 30.0
COMMENT = quote("003_06d4ab0f82e766aa#c5", safe="")
MIX = (
    "/search?q=Kursk",
    "/search?q=Soldaten&source=S%C3%BCdtirol+News&group=article",
    "/search?q=Putin&group=article&limit=10",
    "/search?q=%22Region+Kursk%22&sort=-date",
    "/search?q=Rakete&type=article&since=2024-10",
    "/search?q=&offset=10&limit=10",
    "/search?q=Pj%C3%B6ngjang&source=unbekannt&source=DayFR+Deutsch",
    "/timeline?q=Soldaten&interval=month",
    f"/documents/{COMMENT}",
    "/stats",
)


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if error is not None:
                self.errors[error] = self.errors.get(error, 0) + 1


def main() -> int:
    args = _arguments()
    target = urlsplit(args.url)
    if target.hostname not in LOOPBACK:
        print(f"refusing {args.url}: load tests go to this machine only", file=sys.stderr)
        return 2
    tally = Tally()
    tickets = iter(range(args.requests))
    ticket_lock = threading.Lock()

    def next_ticket() -> int | None:
        with ticket_lock:
            return next(tickets, None)

    host, port = target.hostname, target.port or 80
    deadline = time.monotonic() + args.max_seconds
    workers = [
        threading.Thread(target=_worker, args=(host, port, next_ticket, tally, deadline))
        for _ in range(args.concurrency)
    ]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    _report(args, tally, time.perf_counter() - started)
    return 1 if tally.errors or len(tally.latencies) < args.requests else 0


def _worker(
    host: str, port: int, next_ticket: Callable[[], int | None], tally: Tally, deadline: float
) -> None:
    connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT)  # keep-alive
    while time.monotonic() < deadline and (ticket := next_ticket()) is not None:
        path = MIX[ticket % len(MIX)]
        started = time.perf_counter()
        error = None
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if not 200 <= response.status < 300:
                error = f"HTTP {response.status} for {path}"
        except (OSError, http.client.HTTPException) as failure:
            error = f"{type(failure).__name__} for {path}"
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
        tally.record(time.perf_counter() - started, error)
    connection.close()


def _report(args: argparse.Namespace, tally: Tally, elapsed: float) -> None:
    done = len(tally.latencies)
    milliseconds = sorted(seconds * 1000 for seconds in tally.latencies)
    print(
        f"{done} of {args.requests} requests, concurrency {args.concurrency}, {args.url}: "
        f"{elapsed:.1f} s, {done / elapsed:.0f} requests/s"
    )
    if len(milliseconds) >= 2:
        cuts = statistics.quantiles(milliseconds, n=100, method="inclusive")
        print(
            f"latency ms: p50 {cuts[49]:.1f}  p95 {cuts[94]:.1f}  p99 {cuts[98]:.1f}  "
            f"max {milliseconds[-1]:.1f}"
        )
    print(f"errors {sum(tally.errors.values())}")
    for error, count in sorted(tally.errors.items(), key=lambda item: -item[1]):
        print(f"  {count} × {error}")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--requests", type=_bounded(1, MAX_REQUESTS), default=2000)
    parser.add_argument("--concurrency", type=_bounded(1, 64), default=8)
    parser.add_argument(
        "--max-seconds", type=float, default=600.0, help="stop sending after this long"
    )
    return parser.parse_args()


def _bounded(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}")
        return value

    return parse


if __name__ == "__main__":
    sys.exit(main())
