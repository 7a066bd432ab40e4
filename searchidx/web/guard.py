"""ASGI middleware at the door: trusted hosts, bounded request size, safe headers.

A request whose ``Host`` header names a host the server does not answer
(DNS rebinding, see hosts.py) gets 400 ``bad_host``. The API only reads the
URL, so that is what is bounded: a long URL gets 414, a request that announces
a body larger than the API could ever need gets 413, before any endpoint runs.
Every response carries headers that keep a browser from sniffing types or
framing the page, and a Content-Security-Policy that
allows only the page's own script and style (snippets are inserted as HTML).
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from searchidx.web.errors import HTTP_CODES, error_response
from searchidx.web.hosts import is_trusted, trusted_hosts

MAX_URL_BYTES = 8 * 1024
MAX_BODY_BYTES = 1024  # nothing reads a body; a small one (e.g. an empty JSON) is tolerated

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; object-src 'none'; "
        b"base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
)


class RequestGuard:
    """``allowed_hosts`` are answered besides loopback (``*``: any host)."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] = ()) -> None:
        self.app = app
        self.trusted = trusted_hosts(allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *SECURITY_HEADERS]
            await send(message)

        refused = self._host_refusal(scope) or _size_refusal(scope)
        if refused is None:
            await self.app(scope, receive, send_with_headers)
        else:
            status, code, message = refused
            response = error_response(status, code, message)
            await response(scope, receive, send_with_headers)

    def _host_refusal(self, scope: Scope) -> tuple[int, str, str] | None:
        hosts = [value for name, value in scope["headers"] if name == b"host"]
        header = hosts[0].decode("latin-1") if len(hosts) == 1 else None
        if is_trusted(header, self.trusted):
            return None
        shown = "no Host header" if header is None else f"Host {header[:100]!r}"
        return (
            400,
            "bad_host",
            f"{shown} is not one this server answers (DNS rebinding guard) "
            "(hint: start it with --allowed-host NAME for each name it is reached by)",
        )


def _size_refusal(scope: Scope) -> tuple[int, str, str] | None:
    url_bytes = len(scope.get("raw_path") or scope["path"].encode()) + len(scope["query_string"])
    if url_bytes > MAX_URL_BYTES:
        return 414, HTTP_CODES[414], f"the URL is longer than {MAX_URL_BYTES} bytes"
    for name, value in scope["headers"]:
        if name == b"content-length" and _too_large(value):
            return 413, HTTP_CODES[413], f"request bodies over {MAX_BODY_BYTES} bytes are refused"
    return None


def _too_large(content_length: bytes) -> bool:
    try:
        return int(content_length) > MAX_BODY_BYTES
    except ValueError:
        return True
