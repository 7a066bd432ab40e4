"""Query-string parameters -> arguments of :class:`SearchIndex` calls, validated.

Every bad value becomes a 400 with a message naming the parameter; the engine
itself validates what only it can (query syntax, dates) and its errors map to
400 as well (see errors.py).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Any

from starlette.datastructures import QueryParams

from searchidx.features.export import EXPORT_FORMATS
from searchidx.features.grouping import GROUPINGS
from searchidx.features.highlight import MARKER_TAGS, MAX_MARKER_CHARS, safe_marker
from searchidx.features.periods import INTERVALS
from searchidx.features.timeline import TIMELINE_GROUPINGS
from searchidx.models import DOC_TYPES, Filters
from searchidx.query.parsing import SORT_ORDERS
from searchidx.web.errors import bad_parameter

DEFAULT_LIMIT = 10
MAX_LIMIT = 100  # a page; /export streams everything without a cap
MAX_OFFSET = 100_000  # deeper pages cost a full sort each; /export is the way there
BOOLEANS = ("true", "false")
_INTEGER = re.compile(r"-?[0-9]{1,9}")

# Filter parameters shared by /search, /timeline and /export.
FILTER_PARAMS = ("source", "type", "author", "parent", "since", "until", "where")
# What each endpoint reads; anything else is refused, so a typo (page=2 for
# offset) is an error rather than a silently ignored wish.
SEARCH_PARAMS = (
    "q",
    "sort",
    "offset",
    "limit",
    "group",
    "interval",
    "highlight_pre",
    "highlight_post",
    "facets",
    "fields",
    "partial_ok",
    "suggest",
    *FILTER_PARAMS,
)
TIMELINE_PARAMS = ("q", "interval", "by", "partial_ok", *FILTER_PARAMS)
EXPORT_PARAMS = ("q", "format", "sort", "raw_csv", *FILTER_PARAMS)
SIMILAR_PARAMS = ("limit",)
_NAME_SHOWN = 40  # characters of an unknown name quoted back in the message


class Params:
    """Typed access to a request's query string; raises 400 ApiErrors.

    ``known`` lists the parameters the endpoint reads; any other name is a 400.
    """

    def __init__(self, query_params: QueryParams, known: Collection[str]) -> None:
        unknown = sorted({name for name in query_params if name not in known})
        if unknown:
            names = ", ".join(repr(name[:_NAME_SHOWN]) for name in unknown)
            takes = f"takes {', '.join(known)}" if known else "takes no parameters"
            plural = "s" if len(unknown) > 1 else ""
            raise bad_parameter(f"unknown parameter{plural} {names} (hint: this endpoint {takes})")
        self._params = query_params

    def given(self, name: str) -> bool:
        return name in self._params

    def text(self, name: str, default: str | None = None) -> str | None:
        values = self._params.getlist(name)
        if len(values) > 1:
            raise bad_parameter(f"parameter {name!r} may be given only once")
        return values[0] if values else default

    def texts(self, name: str) -> tuple[str, ...]:
        return tuple(self._params.getlist(name))

    def choice(self, name: str, choices: Sequence[str], default: str) -> str:
        return self.optional_choice(name, choices) or default

    def optional_choice(self, name: str, choices: Sequence[str]) -> str | None:
        value = self.text(name)
        if value is not None and value not in choices:
            raise bad_parameter(f"parameter {name!r} must be one of {', '.join(choices)}")
        return value

    def choices(self, name: str, choices: Sequence[str]) -> tuple[str, ...]:
        values = self.texts(name)
        for value in values:
            if value not in choices:
                raise bad_parameter(f"parameter {name!r} must be one of {', '.join(choices)}")
        return values

    def names(self, name: str) -> tuple[str, ...]:
        """Comma-separated names, also repeated (``facets=source,section``), each once."""
        given = (part.strip() for value in self.texts(name) for part in value.split(","))
        return tuple(dict.fromkeys(part for part in given if part))

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        raw = self.text(name)
        if raw is None:
            return default
        if not _INTEGER.fullmatch(raw):
            raise bad_parameter(f"parameter {name!r} must be a whole number")
        value = int(raw)
        if not low <= value <= high:
            raise bad_parameter(f"parameter {name!r} must be between {low} and {high}")
        return value


def read_filters(params: Params) -> Filters:
    return Filters(
        sources=params.texts("source"),
        types=params.choices("type", DOC_TYPES),
        authors=params.texts("author"),
        parent_id=params.text("parent"),
        since=params.text("since"),
        until=params.text("until"),
        where=params.texts("where"),
    )


def search_arguments(params: Params) -> tuple[str, dict[str, Any]]:
    """``(query, keyword arguments)`` for ``SearchIndex.search``.

    ``group`` and ``interval`` are passed only when the client sets them, so the
    engine's own defaults stay the single source of truth.
    """
    arguments: dict[str, Any] = {
        "filters": read_filters(params),
        "sort": params.choice("sort", SORT_ORDERS, "relevance"),
        "offset": params.integer("offset", 0, 0, MAX_OFFSET),
        "limit": params.integer("limit", DEFAULT_LIMIT, 0, MAX_LIMIT),
    }
    if params.given("group"):
        arguments["group"] = params.optional_choice("group", GROUPINGS)
    if params.given("interval"):
        arguments["interval"] = params.optional_choice("interval", INTERVALS)
    if params.given("facets"):
        arguments["facets"] = params.names("facets")
    if params.given("fields"):
        arguments["fields"] = params.names("fields") or _no_fields()
    arguments["partial_ok"] = partial_ok(params)
    arguments["suggest"] = params.choice("suggest", BOOLEANS, "false") == "true"
    return query_text(params), arguments


def _no_fields() -> tuple[str, ...]:
    raise bad_parameter("parameter 'fields' must name at least one field, e.g. fields=title,date")


def highlight_marks(params: Params) -> tuple[str, str] | None:
    """``(open, close)`` from ``highlight_pre``/``highlight_post`` (both or neither)."""
    start, end = params.text("highlight_pre"), params.text("highlight_post")
    if start is None and end is None:
        return None
    if start is None or end is None:
        raise bad_parameter(
            "parameters 'highlight_pre' and 'highlight_post' go together "
            "(hint: give both, e.g. highlight_pre=[[ and highlight_post=]])"
        )
    for name, marker in (("highlight_pre", start), ("highlight_post", end)):
        if not safe_marker(marker):
            raise bad_parameter(
                f"parameter {name!r} must be plain text of at most {MAX_MARKER_CHARS} "
                "characters without < > & \" ' or one of the tags "
                f'{", ".join(MARKER_TAGS)} (optionally with class="…")'
            )
    return start, end


def timeline_arguments(params: Params) -> tuple[str, dict[str, Any]]:
    arguments: dict[str, Any] = {
        "filters": read_filters(params),
        "interval": params.choice("interval", INTERVALS, "month"),
    }
    if params.given("by"):
        arguments["by"] = params.optional_choice("by", TIMELINE_GROUPINGS)
    arguments["partial_ok"] = partial_ok(params)
    return query_text(params), arguments


def export_arguments(params: Params) -> tuple[str, dict[str, Any], str]:
    """``(query, keyword arguments for SearchIndex.export, format)``."""
    fmt = params.choice("format", EXPORT_FORMATS, "csv")
    arguments: dict[str, Any] = {"filters": read_filters(params)}
    if params.given("sort"):
        arguments["sort"] = params.optional_choice("sort", SORT_ORDERS)
    return query_text(params), arguments, fmt


def raw_csv(params: Params) -> bool:
    """``raw_csv=true``: CSV cells exactly as stored (no formula neutralisation)."""
    return params.choice("raw_csv", BOOLEANS, "false") == "true"


def partial_ok(params: Params) -> bool:
    """``partial_ok=true``: answer without a shard that has no live replica, flagged partial."""
    return params.choice("partial_ok", BOOLEANS, "false") == "true"


def similar_limit(params: Params) -> int:
    return params.integer("limit", DEFAULT_LIMIT, 0, MAX_LIMIT)


def query_text(params: Params) -> str:
    return params.text("q", "") or ""
