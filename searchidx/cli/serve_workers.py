"""``searchidx serve --workers N``: N server processes answering on one listening socket.

One Python process runs one search at a time (the GIL), about 11-14 ms of
CPU for a search at 100k documents that is not a repeat; more processes use
more cores. The parent binds the socket, forks the workers and only
supervises: each worker opens the index itself (Whoosh readers must not be
shared across a fork), keeps its own answer cache and runs uvicorn on the
inherited socket, so the kernel spreads connections over them. SIGINT and
SIGTERM are passed on to the workers, which finish their requests; when a
worker ends on its own (it crashed, or was killed), the others are stopped
too and the command fails, rather than serving on with fewer processes unseen.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
from collections.abc import Callable
from types import FrameType

import click

BACKLOG = 2048  # uvicorn's default


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host``:``port`` and listening, for the workers to share."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named, not 0: asyncio turns Nagle off (TCP_NODELAY) only on sockets
    # that say so, and with Nagle on every keep-alive answer waited ~40 ms.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(BACKLOG)
    except OSError as error:
        sock.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {error.strerror}") from None
    sock.set_inheritable(True)
    return sock


def run_workers(count: int, serve_one: Callable[[], None]) -> None:
    """Fork ``count`` workers running ``serve_one``; return when all have ended.

    ClickException when a worker ended without being asked to.
    """
    workers = [_fork(serve_one) for _ in range(count)]
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        _signal_all(workers, signal.SIGTERM)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    failed = None
    while workers:
        pid, status = os.waitpid(-1, 0)
        if pid not in workers:
            continue
        workers.remove(pid)
        if not stopping and failed is None:
            failed = f"server process {pid} ended ({_ending(status)}); stopped the others"
            _signal_all(workers, signal.SIGTERM)
    if failed is not None:
        raise click.ClickException(failed)


def _fork(serve_one: Callable[[], None]) -> int:
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        serve_one()
        code = 0
    except SystemExit as exiting:
        code = exiting.code if isinstance(exiting.code, int) else 1
    except BaseException as error:  # a worker must never return into the parent's code
        print(f"Error: server process {os.getpid()}: {error}", file=sys.stderr, flush=True)
    finally:
        os._exit(code)


def _signal_all(pids: list[int], signum: int) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
            os.kill(pid, signum)


def _ending(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
