"""ASGI middleware at the door: bounded request size and safe response headers.

The API only reads the URL, so that is what is bounded: a long URL gets 414, a
request that announces a body larger than the API could ever need gets 413,
before any endpoint runs. Every response carries headers that keep a browser
from sniffing types or framing the page, and a Content-Security-Policy that
allows only the page's own script and style (snippets are inserted as HTML).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from searchidx.web.errors import HTTP_CODES, error_response

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
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *SECURITY_HEADERS]
            await send(message)

        refused = _refusal(scope)
        if refused is None:
            await self.app(scope, receive, send_with_headers)
        else:
            status, message = refused
            response = error_response(status, HTTP_CODES[status], message)
            await response(scope, receive, send_with_headers)


def _refusal(scope: Scope) -> tuple[int, str] | None:
    url_bytes = len(scope.get("raw_path") or scope["path"].encode()) + len(scope["query_string"])
    if url_bytes > MAX_URL_BYTES:
        return 414, f"the URL is longer than {MAX_URL_BYTES} bytes"
    for name, value in scope["headers"]:
        if name == b"content-length" and _too_large(value):
            return 413, f"request bodies over {MAX_BODY_BYTES} bytes are refused"
    return None


def _too_large(content_length: bytes) -> bool:
    try:
        return int(content_length) > MAX_BODY_BYTES
    except ValueError:
        return True
