"""The API's endpoints: each reads parameters, calls one SearchIndex method, returns JSON.

Endpoints are plain functions, so Starlette runs them in its thread pool and a
slow search never blocks the event loop. ``json_endpoint`` turns every error
into the documented JSON error body.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from searchidx.engine import SearchIndex
from searchidx.features import export as exporting
from searchidx.features.highlight import remark
from searchidx.features.hits import rewrite_snippets
from searchidx.web import params as p
from searchidx.web.errors import response_for

Endpoint = Callable[[Request], Response]
EXPORT_MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}
PROVENANCE_HEADER = "X-Searchidx-Provenance"
_CHUNK_CHARS = 64 * 1024  # batch export lines: one thread hop per chunk, not per line


def json_endpoint(handler: Callable[[Request, SearchIndex], Response]) -> Endpoint:
    """Give ``handler`` the app's index and answer any exception with a JSON error."""

    @functools.wraps(handler)
    def endpoint(request: Request) -> Response:
        try:
            return handler(request, request.app.state.index)
        except Exception as error:  # every failure becomes one JSON line, never a traceback
            return response_for(error)

    return endpoint


@json_endpoint
def search(request: Request, index: SearchIndex) -> Response:
    params = p.Params(request.query_params, p.SEARCH_PARAMS)
    query, arguments = p.search_arguments(params)
    marks = p.highlight_marks(params)
    started = time.perf_counter()
    results = index.search(query, **arguments)
    took_ms = _elapsed_ms(started)
    if marks:
        results = rewrite_snippets(results, lambda snippet: remark(snippet, *marks))
    return JSONResponse({**results.to_dict(), "took_ms": took_ms})


@json_endpoint
def timeline(request: Request, index: SearchIndex) -> Response:
    query, arguments = p.timeline_arguments(p.Params(request.query_params, p.TIMELINE_PARAMS))
    points = index.timeline(query, **arguments)
    return JSONResponse([point.to_dict() for point in points])


@json_endpoint
def export(request: Request, index: SearchIndex) -> Response:
    params = p.Params(request.query_params, p.EXPORT_PARAMS)
    query, arguments, fmt = p.export_arguments(params)
    raw_csv = p.raw_csv(params)
    export = index.export(query, **arguments)  # holds a searcher open until closed
    try:
        chunks = _chunked(exporting.iter_lines(export, fmt, raw_csv=raw_csv))
        # The first chunk is made here, so a failure is still a JSON error, not a cut stream.
        first = next(chunks, "")
    except BaseException:
        export.close()
        raise
    return StreamingResponse(
        _prepend(first, chunks),
        media_type=EXPORT_MEDIA_TYPES[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="searchidx-export.{fmt}"',
            # CSV starts with its header row; the provenance travels beside it.
            PROVENANCE_HEADER: exporting.provenance_json(export.meta, ascii_only=True),
        },
        background=BackgroundTask(export.close),  # also after a client hangs up mid-stream
    )


@json_endpoint
def document(request: Request, index: SearchIndex) -> Response:
    p.Params(request.query_params, ())
    return JSONResponse(index.get(request.path_params["doc_id"]).to_dict())


@json_endpoint
def similar(request: Request, index: SearchIndex) -> Response:
    limit = p.similar_limit(p.Params(request.query_params, p.SIMILAR_PARAMS))
    started = time.perf_counter()
    results = index.similar(request.path_params["doc_id"], limit=limit)
    return JSONResponse({**results.to_dict(), "took_ms": _elapsed_ms(started)})


@json_endpoint
def stats(request: Request, index: SearchIndex) -> Response:
    p.Params(request.query_params, ())
    counts = index.stats().to_dict()
    del counts["path"]  # where the index lives on disk is the operator's business, not the web's
    # The declared fields, if any: the page offers checkboxes for the keyword ones.
    declared = {field.name: field.kind for field in index.declared_fields()}
    return JSONResponse({**counts, "fields": declared} if declared else counts)


def health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


def _elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def _chunked(pieces: Iterator[str]) -> Iterator[str]:
    """Join the exporter's lines into chunks of about 64K characters."""
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= _CHUNK_CHARS:
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)


def _prepend(first: str, rest: Iterator[str]) -> Iterator[str]:
    if first:
        yield first
    yield from rest
