"""Uvicorn's HTTP/1.1 protocol with a request deadline and JSON for what it refuses itself.

Uvicorn (0.54, h11) has no deadline for receiving a request: a client that
sends its headers one byte a minute holds a connection, and its memory,
forever (slowloris). Here a connection must deliver each complete request
within ``header_timeout`` seconds of opening or of the previous answer, or it
is closed without an answer; idle keep-alive connections close after
``KEEP_ALIVE_SECONDS`` as uvicorn does. A request that h11 cannot parse (a
non-ASCII request line, two ``Host`` headers, headers over
``MAX_HEADER_BYTES``) is answered with the API's JSON error body instead of
uvicorn's plain text.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT_SECONDS = 10.0
KEEP_ALIVE_SECONDS = 5
MAX_HEADER_BYTES = 16 * 1024  # a request line and headers still incomplete (h11's limit)
MAX_CONNECTIONS = 64  # beyond: uvicorn's plain-text 503 (uvicorn's limit_concurrency)
_RECEIVING = (h11.IDLE, h11.SEND_BODY)  # the client has not finished its request yet
_BAD_REQUEST = json.dumps(
    {
        "error": {
            "code": "bad_request",
            "message": "invalid HTTP request (e.g. a request line that is not ASCII, two Host "
            f"headers, or more than {MAX_HEADER_BYTES} bytes of headers without their end)",
        }
    },
    separators=(",", ":"),
).encode()  # as Starlette's JSONResponse


def protocol_class(header_timeout: float) -> type[H11Protocol]:
    """The protocol uvicorn should run, with ``header_timeout`` as the request deadline."""
    return type("SearchIdxH11Protocol", (GuardedH11Protocol,), {"header_timeout": header_timeout})


class GuardedH11Protocol(H11Protocol):
    header_timeout = HEADER_TIMEOUT_SECONDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_deadline()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state not in _RECEIVING:
            self._disarm_deadline()  # the whole request is in; the answer has no deadline

    def on_response_complete(self) -> None:
        super().on_response_complete()  # may start on a pipelined request at once
        if not self.transport.is_closing() and self.conn.their_state in _RECEIVING:
            self._arm_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_deadline()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(_BAD_REQUEST)).encode()),
            (b"connection", b"close"),
        ]
        for event in (
            h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
            h11.Data(data=_BAD_REQUEST),
            h11.EndOfMessage(),
        ):
            output = self.conn.send(event)
            if output:
                self.transport.write(output)
        self.transport.close()

    def _arm_deadline(self) -> None:
        self._disarm_deadline()
        self._deadline = self.loop.call_later(self.header_timeout, self._too_slow)

    def _disarm_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing() and self.conn.their_state in _RECEIVING:
            self.logger.info("closed a connection that sent no complete request in time")
            self.transport.close()
