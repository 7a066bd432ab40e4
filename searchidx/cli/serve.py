"""``searchidx serve``: the HTTP API and search page over an index (read-only).

Starlette and uvicorn are imported inside the command, so other commands
(``searchidx search``) start as fast as before.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from searchidx.cli.opening import open_index  # builds a missing default index
from searchidx.cli.options import index_option

if TYPE_CHECKING:
    from starlette.types import ASGIApp

EXIT_USAGE = 2  # as the CLI: a bad query or parameter
LOOPBACK = ("127.0.0.1", "localhost", "::1")


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
    get_target: str | None,
) -> None:
    """Serve the JSON API and the search page on http://HOST:PORT/ (read-only).

    Endpoints: /search, /timeline, /export, /documents/ID, /similar/ID, /stats,
    /health; their description at /openapi.json; the search page at /.
    """
    from searchidx.web import create_app

    if get_target is not None and not get_target.startswith("/"):
        raise click.BadParameter("must start with '/', e.g. '/search?q=Kursk'", param_hint="--get")
    with open_index(ctx, index_path) as index:
        app = create_app(index, cors_origins=cors_origins)
        if get_target is not None:
            status = _run_one_request(app, get_target)
            ctx.exit(0 if status < 400 else EXIT_USAGE if status == 400 else 1)
        _announce(index.location, host, port, cors_origins)
        # The German analysis loads its word lists on first use, once per thread that
        # gets there first: warm it here, so the first readers do not all load them.
        index.search("Warmlauf", limit=0)
        import uvicorn

        uvicorn.run(app, host=host, port=port, log_config=_log_config(), server_header=False)


def _run_one_request(app: ASGIApp, target: str) -> int:
    from searchidx.web.inprocess import fetch

    return fetch(app, target, sys.stdout.buffer)


def _log_config() -> dict[str, Any]:
    """Uvicorn's logging, plus the API's own one-line error log in the same format."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["searchidx"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def _announce(index: str, host: str, port: int, cors_origins: tuple[str, ...]) -> None:
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Serving {index} read-only: search page http://{shown}:{port}/", err=True)
    if host not in LOOPBACK:
        click.echo(
            f"note: listening on {host}: anyone who can reach this machine can read the index",
            err=True,
        )
    if cors_origins:
        click.echo(f"note: CORS allows pages from {', '.join(cors_origins)}", err=True)
