"""JSON error bodies ``{"error": {"code", "message"}}`` and the status of each error."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from starlette.responses import JSONResponse

from searchidx.errors import (
    BackendUnavailableError,
    DocumentNotFoundError,
    IndexNotFoundError,
    IndexVersionError,
    InvalidFilterError,
    QuerySyntaxError,
    SearchIdxError,
    ShardUnavailableError,
)

log = logging.getLogger("searchidx.web")

# Library error -> (HTTP status, machine-readable code); first match wins.
_STATUS_OF: tuple[tuple[type[SearchIdxError], int, str], ...] = (
    (QuerySyntaxError, 400, "bad_query"),
    (InvalidFilterError, 400, "bad_parameter"),
    (DocumentNotFoundError, 404, "not_found"),
    (IndexNotFoundError, 503, "index_unavailable"),
    (IndexVersionError, 503, "index_unavailable"),
    (BackendUnavailableError, 503, "index_unavailable"),
    (ShardUnavailableError, 503, "shard_unavailable"),
)

# Starlette's own HTTP errors (unknown path, wrong method) -> code.
HTTP_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    414: "uri_too_long",
}


class ApiError(Exception):
    """A request the API refuses: carries the status, code and one-line message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def bad_parameter(message: str) -> ApiError:
    return ApiError(400, "bad_parameter", message)


def error_response(
    status: int, code: str, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    one_line = " ".join(message.split())
    return JSONResponse(
        {"error": {"code": code, "message": one_line}}, status_code=status, headers=headers
    )


def response_for(error: Exception) -> JSONResponse:
    """The JSON error response for anything an endpoint raised; never a traceback."""
    if isinstance(error, ApiError):
        return error_response(error.status, error.code, error.message)
    if isinstance(error, SearchIdxError):
        message = f"{error} (hint: {error.hint})" if error.hint else str(error)
        for kind, status, code in _STATUS_OF:
            if isinstance(error, kind):
                return error_response(status, code, message)
        log.error("request failed: %s", " ".join(message.split()))
        return error_response(500, "internal_error", message)
    detail = " ".join(str(error).split())
    log.error("internal error: %s: %s", type(error).__name__, detail)
    return error_response(500, "internal_error", f"internal error: {type(error).__name__}")
