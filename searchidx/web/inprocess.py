"""Run one GET request against the app in-process (``searchidx serve --get PATH``).

No socket and no HTTP client: the request goes straight to the ASGI app, and the
body is written out as it streams, so ``--get '/export?format=csv'`` needs no
memory for the whole export.
"""

from __future__ import annotations

import asyncio
from typing import BinaryIO
from urllib.parse import quote, unquote

from starlette.types import ASGIApp, Message

# Characters kept as typed: URL syntax and existing %XX escapes; the rest
# (spaces, umlauts) is percent-encoded as a browser would.
_URL_SAFE = "/?&=+%:@,;!$'()*[]~"


def fetch(app: ASGIApp, target: str, out: BinaryIO) -> int:
    """GET ``target`` (``/path?query``), write the body to ``out``, return the status."""
    return asyncio.run(_fetch(app, target, out))


async def _fetch(app: ASGIApp, target: str, out: BinaryIO) -> int:
    raw_path, _, query = quote(target, safe=_URL_SAFE).partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": unquote(raw_path),
        "raw_path": raw_path.encode("ascii"),
        "query_string": query.encode("ascii"),
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 0),
        "server": ("127.0.0.1", 0),
    }
    status = 500
    requested = False
    ends_with_newline = True

    async def receive() -> Message:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()  # the client never disconnects; cancelled when done
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        nonlocal status, ends_with_newline
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body" and message.get("body"):
            out.write(message["body"])
            ends_with_newline = message["body"].endswith(b"\n")

    await app(scope, receive, send)
    if not ends_with_newline:
        out.write(b"\n")  # a JSON body ends the terminal line like any command's output
    out.flush()
    return status
