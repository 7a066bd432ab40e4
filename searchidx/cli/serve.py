"""``searchidx serve``: the HTTP API and search page over an index (read-only).

Starlette and uvicorn are imported inside the command, so other commands
(``searchidx search``) start as fast as before and work without them: they are
the optional ``serve`` extra (``pip install 'searchidx[serve]'``).
"""

from __future__ import annotations

import copy
import importlib.util
import io
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from searchidx.cli.opening import open_index  # builds a missing default index
from searchidx.cli.options import index_option
from searchidx.features.answers import DEFAULT_CAPACITY

if TYPE_CHECKING:
    from starlette.types import ASGIApp

EXIT_USAGE = 2  # as the CLI: a bad query or parameter
SERVE_EXTRA = "pip install 'searchidx[serve]'"
_SERVE_PACKAGES = frozenset({"starlette", "uvicorn", "h11"})
LOOPBACK = ("127.0.0.1", "localhost", "::1")
WILDCARD_ADDRESSES = ("0.0.0.0", "::")
HEADER_TIMEOUT_SECONDS = 10.0  # = web.protocol's default; not imported: uvicorn loads lazily
# A compound (so the decompounder's lexicon is opened) that finds little.
WARM_UP_TARGET = "/search?q=Warmlauf&limit=1"


@click.command("serve")
@index_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but loopback exposes the index to the network.",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    metavar="ORIGIN",
    help="Let pages from ORIGIN (e.g. http://localhost:3000) call the API; repeatable; "
    "'*' allows any. Off by default.",
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="Also answer requests for NAME (the Host header, e.g. search.example.org); "
    "repeatable; '*' answers any. By default only 127.0.0.1, localhost, [::1] and --host.",
)
@click.option(
    "--header-timeout",
    type=click.FloatRange(min=0.1),
    default=HEADER_TIMEOUT_SECONDS,
    show_default=True,
    metavar="SECONDS",
    help="Close connections that take longer to send a complete request.",
)
@click.option(
    "--cache-size",
    type=click.IntRange(min=0),
    default=DEFAULT_CAPACITY,
    show_default=True,
    metavar="HITS",
    help="Answer repeated searches from memory while the index is unchanged, keeping up "
    "to HITS hits of answers; 0 turns it off.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Server processes sharing the port, each with its own reader and answer cache: "
    "more use more cores for searches that are not repeats.",
)
@click.option(
    "--get",
    "get_target",
    metavar="PATH",
    help="Run one GET request (e.g. '/search?q=Kursk') in-process, print the body, exit: "
    "0 for success, 2 for a bad query or parameter, 1 otherwise.",
)
@click.pass_context
def serve(
    ctx: click.Context,
    index_path: Path | None,
    host: str,
    port: int,
    cors_origins: tuple[str, ...],
    allowed_hosts: tuple[str, ...],
    header_timeout: float,
    cache_size: int,
    workers: int,
    get_target: str | None,
) -> None:
    """Serve the JSON API and the search page on http://HOST:PORT/ (read-only).

    Endpoints: /search, /timeline, /export, /documents/ID, /similar/ID, /stats,
    /health; their description at /openapi.json; the search page at /.
    """
    create_app = _web_app_factory()
    if get_target is not None and not get_target.startswith("/"):
        raise click.BadParameter("must start with '/', e.g. '/search?q=Kursk'", param_hint="--get")
    allowed = (host, *allowed_hosts)

    def serve_index(sock: socket.socket | None) -> None:
        with open_index(ctx, index_path) as index:
            index.answers.capacity = cache_size
            app = create_app(index, cors_origins=cors_origins, allowed_hosts=allowed)
            if get_target is not None:
                status = _run_one_request(app, get_target)
                ctx.exit(0 if status < 400 else EXIT_USAGE if status == 400 else 1)
            if sock is None:
                _announce(index.location, host, port, cors_origins, allowed_hosts)
            _warm_up(app)
            _run_uvicorn(app, host, port, header_timeout, sock)

    if workers == 1 or get_target is not None:
        serve_index(None)
        return
    from searchidx.cli import serve_workers

    with open_index(ctx, index_path) as index:  # a newcomer's default index is built once, here
        location = index.location
    sock = serve_workers.listening_socket(host, port)
    _announce(location, host, sock.getsockname()[1], cors_origins, allowed_hosts)
    click.echo(f"note: {workers} server processes", err=True)
    serve_workers.run_workers(workers, lambda: serve_index(sock))


def _web_app_factory() -> Callable[..., ASGIApp]:
    """``searchidx.web.create_app``, or a one-line error saying how to install the extra.

    Checked before the index is opened, so that a newcomer's default index is
    not built only to find that the server cannot start.
    """
    try:
        # Found, not imported: `--get` answers in-process without a server, and
        # importing uvicorn (with multiprocessing, for its supervisors) costs ~15 ms CPU.
        if importlib.util.find_spec("uvicorn") is None:
            raise ModuleNotFoundError("No module named 'uvicorn'", name="uvicorn")
        from searchidx.web import create_app
    except ModuleNotFoundError as missing:
        if (missing.name or "").partition(".")[0] not in _SERVE_PACKAGES:
            raise
        raise click.ClickException(
            f"`searchidx serve` needs Starlette and uvicorn, which are not installed "
            f"(hint: {SERVE_EXTRA})"
        ) from None
    return create_app


def _run_uvicorn(
    app: ASGIApp, host: str, port: int, header_timeout: float, sock: socket.socket | None
) -> None:
    """Uvicorn with limits for a local tool: slow or idle clients cannot hold it.

    On ``sock`` when given (a worker of ``--workers``), else on ``host``:``port``.
    """
    import uvicorn

    from searchidx.web import protocol

    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol.protocol_class(header_timeout),
        h11_max_incomplete_event_size=protocol.MAX_HEADER_BYTES,
        timeout_keep_alive=protocol.KEEP_ALIVE_SECONDS,
        limit_concurrency=protocol.MAX_CONNECTIONS,
        log_config=_log_config(),
        server_header=False,
    )
    uvicorn.Server(config).run(sockets=None if sock is None else [sock])


def _warm_up(app: ASGIApp) -> None:
    """Answer one search before listening, so that the first reader does not wait.

    Through the whole app, not just the index: besides the German analysis (word
    lists, caches) the first request imports and builds what the request path
    needs (routing, snippets, facets, JSON), which took longer than the search.
    """
    from searchidx.web.inprocess import fetch

    fetch(app, WARM_UP_TARGET, io.BytesIO())


def _run_one_request(app: ASGIApp, target: str) -> int:
    from searchidx.web.inprocess import fetch

    return fetch(app, target, sys.stdout.buffer)


def _log_config() -> dict[str, Any]:
    """Uvicorn's logging, plus the API's own one-line error log in the same format."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["searchidx"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def _announce(
    index: str,
    host: str,
    port: int,
    cors_origins: tuple[str, ...],
    allowed_hosts: tuple[str, ...],
) -> None:
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Serving {index} read-only: search page http://{shown}:{port}/", err=True)
    if host not in LOOPBACK:
        click.echo(
            f"note: listening on {host}: anyone who can reach this machine can read the index",
            err=True,
        )
    if cors_origins:
        click.echo(f"note: CORS allows pages from {', '.join(cors_origins)}", err=True)
    if host in WILDCARD_ADDRESSES and not allowed_hosts:
        click.echo(
            f"note: only requests for {', '.join(LOOPBACK)} or {host} are answered; "
            "add --allowed-host NAME for each name this machine is reached by",
            err=True,
        )
