"""A real ``searchidx serve`` process on a free loopback port, for end-to-end tests."""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

_READY = re.compile(r"Uvicorn running on (http://127\.0\.0\.1:\d+)")
START_TIMEOUT = 90.0  # the German analysis warms up first; slow on a busy CI machine


@contextlib.contextmanager
def running_server(index: Path, log: Path, *extra: str) -> Iterator[str]:
    """Start the server (port 0: the kernel picks a free one); yield its base URL."""
    command = [sys.executable, "-c", "from searchidx.cli import main; main()"]
    with log.open("w") as out:
        process = subprocess.Popen(
            [*command, "serve", "--index", str(index), "--port", "0", *extra],
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
