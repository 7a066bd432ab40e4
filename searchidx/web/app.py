"""The ASGI app: routes, the page, error handlers and the middleware around them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from searchidx.engine import SearchIndex
from searchidx.web import endpoints, openapi
from searchidx.web.errors import HTTP_CODES, error_response, response_for
from searchidx.web.guard import RequestGuard

STATIC = Path(__file__).resolve().parent / "static"


def create_app(
    index: SearchIndex,
    *,
    cors_origins: Sequence[str] = (),
    allowed_hosts: Sequence[str] = (),
) -> Starlette:
    """A read-only app over ``index`` (the caller opens and closes it).

    ``cors_origins`` lists the browser origins allowed to call the API from
    their pages; empty (the default) sends no CORS headers at all. Requests
    must name a loopback host or one of ``allowed_hosts`` in ``Host`` (``*``:
    any), else they get 400 ``bad_host``.
    """
    middleware = [Middleware(RequestGuard, allowed_hosts=allowed_hosts)]
    if cors_origins:
        cors = Middleware(
            CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "HEAD"]
        )
        middleware.insert(0, cors)  # outermost, so refusals carry CORS headers too
    app = Starlette(
        routes=_routes(),
        middleware=middleware,
        exception_handlers={HTTPException: _http_error, Exception: _internal_error},
    )
    app.state.index = index
    return app


def _routes() -> list[BaseRoute]:
    return [
        Route("/", _page),
        Route("/search", endpoints.search),
        Route("/timeline", endpoints.timeline),
        Route("/export", endpoints.export),
        Route("/documents/{doc_id:path}", endpoints.document),
        Route("/similar/{doc_id:path}", endpoints.similar),
        Route("/stats", endpoints.stats),
        Route("/health", endpoints.health),
        Route("/openapi.json", _openapi),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]


def _page(request: Request) -> Response:
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


def _openapi(request: Request) -> Response:
    return JSONResponse(openapi.document())


def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    code = HTTP_CODES.get(error.status_code, "http_error")
    message = {404: f"no such path: {request.url.path}"}.get(error.status_code, error.detail)
    return error_response(error.status_code, code, message, headers=error.headers)


def _internal_error(request: Request, error: Exception) -> Response:
    return response_for(error)
