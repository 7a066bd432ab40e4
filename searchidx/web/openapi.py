"""The OpenAPI 3.0 document served at ``/openapi.json``.

Written by hand next to the endpoints it describes, and checked against the
running app by the schemathesis test (tests/test_http_schema.py), which fails
when the two disagree.
"""

from __future__ import annotations

from typing import Any

from searchidx import __version__
from searchidx.features.export import EXPORT_FORMATS
from searchidx.features.fields import FIELD_KINDS
from searchidx.features.grouping import GROUPINGS
from searchidx.features.highlight import MARKER_PATTERN, MARKER_TAGS, MAX_MARKER_CHARS
from searchidx.features.hit_fields import USUAL_KEYS
from searchidx.features.periods import INTERVALS
from searchidx.features.timeline import TIMELINE_GROUPINGS
from searchidx.models import DOC_TYPES
from searchidx.query.parsing import SORT_ORDERS
from searchidx.web import params as p

JSON = "application/json"
_REF = "#/components/schemas/"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _REF + name}


def _nullable(kind: str) -> dict[str, Any]:
    return {"type": kind, "nullable": True}


def _object(properties: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    required = [name for name in properties if name not in optional]
    return {"type": "object", "required": required, "properties": properties}


def _query(name: str, description: str, schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "description": description, "schema": schema, **extra}


def _repeatable(name: str, description: str, items: dict[str, Any]) -> dict[str, Any]:
    schema = {"type": "array", "items": items}
    return _query(name, description, schema, style="form", explode=True)


_MARKER = {"type": "string", "maxLength": MAX_MARKER_CHARS, "pattern": MARKER_PATTERN}
_DATE_PATTERN = r"^([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?$"  # empty: no limit
PARAMETERS: dict[str, dict[str, Any]] = {
    "q": _query(
        "q",
        "Query in the searchidx query language; empty matches every document.",
        {"type": "string", "maxLength": 2000, "default": ""},
    ),
    "source": _repeatable("source", "Only these outlets (repeat: OR).", {"type": "string"}),
    "type": _repeatable(
        "type", "Only these document types (repeat: OR).", {"type": "string", "enum": DOC_TYPES}
    ),
    "author": _repeatable("author", "Only these authors (repeat: OR).", {"type": "string"}),
    "parent": _query("parent", "Only comments of this article id.", {"type": "string"}),
    "since": _query("since", "From this date on.", {"type": "string", "pattern": _DATE_PATTERN}),
    "until": _query(
        "until", "Up to and including this date.", {"type": "string", "pattern": _DATE_PATTERN}
    ),
    "where": _repeatable(
        "where",
        "A condition on a declared field (repeat: one field OR, several AND): section=Politik; "
        "numeric and date fields also take >=, <=, > and <, e.g. words>=500.",
        {"type": "string", "minLength": 2},
    ),
    "facets": _query(
        "facets",
        "Comma-separated facets to count instead of source,date,type: any of those and the "
        "declared keyword fields (see /stats). Empty: none. Unknown names are a 400.",
        {"type": "string"},
    ),
    "fields": _query(
        "fields",
        "Comma-separated keys each hit carries besides id, instead of the usual ones: "
        "type, parent_id, title, source, date, author, url, score, snippet, text, reply_to, "
        "rank, extra (every key of the record searchidx does not know) and the declared "
        "fields. Unknown names are a 400.",
        {"type": "string", "minLength": 1},
    ),
    "sort": _query(
        "sort", "Order of hits.", {"type": "string", "enum": SORT_ORDERS, "default": "relevance"}
    ),
    "offset": _query(
        "offset",
        "Hits to skip (paging).",
        {"type": "integer", "minimum": 0, "maximum": p.MAX_OFFSET, "default": 0},
    ),
    "limit": _query(
        "limit",
        "Hits per page.",
        {"type": "integer", "minimum": 0, "maximum": p.MAX_LIMIT, "default": p.DEFAULT_LIMIT},
    ),
    "group": _query(
        "group",
        "article: each article once, its matching comments nested under it.",
        {"type": "string", "enum": GROUPINGS},
    ),
    "interval": _query(
        "interval",
        "Granularity of the date buckets.",
        {"type": "string", "enum": INTERVALS, "default": "month"},
    ),
    "highlight_pre": _query(
        "highlight_pre",
        "Put this before each match instead of <mark> (with highlight_post; like the CLI's "
        "--marks). The text stays HTML-escaped, so a marker is plain text without < > & \" ' "
        f'or one of the tags {", ".join(MARKER_TAGS)}, optionally with class="…".',
        _MARKER,
    ),
    "highlight_post": _query(
        "highlight_post", "Put this after each match instead of </mark>.", _MARKER
    ),
    "by": _query(
        "by", "Split each period by outlet.", {"type": "string", "enum": TIMELINE_GROUPINGS}
    ),
    "format": _query(
        "format",
        "Export format.",
        {"type": "string", "enum": EXPORT_FORMATS, "default": "csv"},
    ),
    "raw_csv": _query(
        "raw_csv",
        "true: CSV cells exactly as stored. By default text starting with = + - @, a tab "
        "or a carriage return gets a leading ' so spreadsheets do not run it as a formula.",
        {"type": "string", "enum": ["true", "false"], "default": "false"},
    ),
    "partial_ok": _query(
        "partial_ok",
        "true: when a shard of a SolrCloud collection has no live replica, answer from the "
        "other shards, flagged partial, instead of failing with 503 shard_unavailable. "
        "Never partial otherwise; an index directory is never partial.",
        {"type": "string", "enum": ["true", "false"], "default": "false"},
    ),
    "suggest": _query(
        "suggest",
        "true: a did-you-mean suggestion for each word that finds nothing, even when the "
        "query finds something. By default only a query without matches gets one.",
        {"type": "string", "enum": ["true", "false"], "default": "false"},
    ),
    "export_sort": _query(
        "sort",
        "Order of the exported documents.",
        {"type": "string", "enum": SORT_ORDERS, "default": "date"},
    ),
    "doc_id": {
        "name": "doc_id",
        "in": "path",
        "required": True,
        "description": "Document id (article id, or ARTICLE#cN for a comment; URL-encode #).",
        "schema": {"type": "string", "minLength": 1},
    },
}
FILTERS = [PARAMETERS[name] for name in p.FILTER_PARAMS]

_FACET_VALUE = _object({"value": {"type": "string"}, "count": {"type": "integer", "minimum": 0}})
_COMMENT = _object(
    {
        "id": {"type": "string"},
        "author": _nullable("string"),
        "date": _nullable("string"),
        "snippet": {"type": "string"},
        "score": {"type": "number"},
    }
)
_HIT = _object(
    {
        "id": {"type": "string"},
        "type": {"type": "string", "enum": DOC_TYPES},
        "parent_id": _nullable("string"),
        "title": {"type": "string"},
        "source": {"type": "string"},
        "date": {
            **_nullable("string"),
            "description": "ISO 8601, the outlet's local time as written, with its UTC offset "
            "when the source gave one",
        },
        "author": _nullable("string"),
        "url": _nullable("string"),
        "score": {"type": "number"},
        "snippet": {
            "type": "string",
            "description": "HTML-escaped text (quotes too), matches in <mark>",
        },
        "matched_in": {"type": "string", "enum": ["article", "comments", "both"]},
        "comments": {"type": "array", "items": _ref("Comment")},
    },
    # With fields= a hit carries its id and the chosen keys only (declared fields too).
    optional=(*USUAL_KEYS[1:], "snippet", "matched_in", "comments"),
)
_RESULTS = _object(
    {
        "query": {"type": "string"},
        "total": {"type": "integer", "minimum": 0},
        "offset": {"type": "integer", "minimum": 0},
        "limit": {"type": "integer", "minimum": 0},
        "hits": {"type": "array", "items": _ref("Hit")},
        "facets": {
            "type": "object",
            "description": "counts over all matches: source, type and date unless facets= "
            "names others; source, type and declared keyword facets are disjunctive",
            "additionalProperties": {"type": "array", "items": _ref("FacetValue")},
        },
        "suggestion": {**_nullable("string"), "description": "did you mean"},
        "sort": {"type": "string", "enum": SORT_ORDERS},
        "group": {"type": "string", "enum": GROUPINGS, "nullable": True},
        "interval": {"type": "string", "enum": INTERVALS},
        "partial": {
            "type": "boolean",
            "description": "true only with partial_ok=true when a shard had no live replica: "
            "total, hits and facets then lack its documents",
        },
        "took_ms": {
            "type": "number",
            "minimum": 0,
            "description": "milliseconds the engine took for this search (HTTP only)",
        },
    },
    optional=("suggestion", "sort", "group", "interval"),
)
_DOCUMENT = _object(
    {
        "id": {"type": "string"},
        "type": {"type": "string", "enum": DOC_TYPES},
        "parent_id": _nullable("string"),
        "title": {"type": "string"},
        "text": {"type": "string"},
        "source": {"type": "string"},
        "date": _nullable("string"),
        "author": _nullable("string"),
        "url": _nullable("string"),
        "reply_to": _nullable("string"),
        "rank": _nullable("string"),
        "extra": {"type": "object"},
    }
)
_TIMELINE_POINT = _object(
    {
        "period": {"type": "string"},
        "count": {"type": "integer", "minimum": 0},
        "total": {"type": "integer", "minimum": 0},
        "share": {"type": "number", "minimum": 0},
        "source": {"type": "string"},
        "partial": {
            "type": "boolean",
            "enum": [True],
            "description": "present (true) only with partial_ok=true when a shard had no "
            "live replica",
        },
    },
    optional=("source", "partial"),
)
_STATS = _object(
    {
        "documents": {"type": "integer", "minimum": 0},
        "articles": {"type": "integer", "minimum": 0},
        "comments": {"type": "integer", "minimum": 0},
        "sources": {"type": "integer", "minimum": 0},
        "fields": {
            "type": "object",
            "description": "the declared fields and their kinds (keyword, numeric, date); "
            "absent when none are declared",
            "additionalProperties": {"type": "string", "enum": list(FIELD_KINDS)},
        },
    },
    optional=("fields",),  # only an index with declared fields has them
)
_ERROR = _object({"error": _object({"code": {"type": "string"}, "message": {"type": "string"}})})
SCHEMAS = {
    "FacetValue": _FACET_VALUE,
    "Comment": _COMMENT,
    "Hit": _HIT,
    "Results": _RESULTS,
    "Document": _DOCUMENT,
    "TimelinePoint": _TIMELINE_POINT,
    "Stats": _STATS,
    "Health": _object({"status": {"type": "string", "enum": ["ok"]}}),
    "Error": _ERROR,
}


def _json(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json(description, _ref("Error"))


_BAD_REQUEST = _error(
    "Bad query or parameter (bad_query; bad_parameter, also for a parameter the endpoint "
    "does not take), or a Host header this server "
    "does not answer (bad_host)."
)
_NOT_FOUND = _error("No document with this id.")
_INDEX_UNAVAILABLE = _error(
    "The index cannot be read: gone, of another version, or its SolrCloud does not "
    "answer (index_unavailable)."
)
_UNAVAILABLE = _error(
    "SolrCloud: a shard has no live replica (shard_unavailable, the message names it), "
    "or the collection is not usable or does not answer (index_unavailable)."
)
_TEXT = {"schema": {"type": "string"}}


def _get(
    summary: str,
    responses: dict[str, Any],
    parameters: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    # Every request passes the host and size guard (guard.py) first.
    bounded = {
        "400": _error("A Host header this server does not answer (code bad_host)."),
        **responses,
        "413": _error("Request body too large."),
        "414": _error("URL too long."),
    }
    operation: dict[str, Any] = {"summary": summary, "responses": bounded}
    if parameters:
        operation["parameters"] = parameters
    return {"get": operation}


_SEARCH_PARAMS = [name for name in p.SEARCH_PARAMS if name not in p.FILTER_PARAMS]
PATHS: dict[str, dict[str, Any]] = {
    "/search": _get(
        "Search: one page of hits with snippets, facet counts over all matches.",
        {
            "200": _json("Results (the CLI's --format json, plus took_ms).", _ref("Results")),
            "400": _BAD_REQUEST,
            "503": _UNAVAILABLE,
        },
        [PARAMETERS[name] for name in _SEARCH_PARAMS] + FILTERS,
    ),
    "/timeline": _get(
        "Attention over time: matches, all documents and their share per period.",
        {
            "200": _json(
                "One point per period.", {"type": "array", "items": _ref("TimelinePoint")}
            ),
            "400": _BAD_REQUEST,
            "503": _UNAVAILABLE,
        },
        [PARAMETERS[name] for name in ("q", "interval", "by", "partial_ok")] + FILTERS,
    ),
    "/export": _get(
        "Every matching document, streamed (no cap), with query, time and index fingerprint.",
        {
            "200": {
                "description": "CSV (header row first) or JSON Lines (meta line first).",
                "content": {"text/csv": _TEXT, "application/x-ndjson": _TEXT},
                "headers": {
                    "X-Searchidx-Provenance": {
                        "description": "query, filters, sort, created, total, fingerprint and "
                        "index as one JSON object (ASCII)",
                        "schema": {"type": "string"},
                    }
                },
            },
            "400": _BAD_REQUEST,
            "503": _error(
                "SolrCloud: a shard has no live replica (shard_unavailable); an export is "
                "never partial. Or the index cannot be read (index_unavailable)."
            ),
        },
        [
            PARAMETERS["q"],
            PARAMETERS["format"],
            PARAMETERS["export_sort"],
            PARAMETERS["raw_csv"],
            *FILTERS,
        ],
    ),
    "/documents/{doc_id}": _get(
        "The full stored document.",
        {
            "200": _json("The document.", _ref("Document")),
            "400": _BAD_REQUEST,
            "404": _NOT_FOUND,
            "503": _INDEX_UNAVAILABLE,
        },
        [PARAMETERS["doc_id"]],
    ),
    "/similar/{doc_id}": _get(
        "Documents like this one (more like this, German analysis).",
        {
            "200": _json("Results.", _ref("Results")),
            "400": _BAD_REQUEST,
            "404": _NOT_FOUND,
            "503": _INDEX_UNAVAILABLE,
        },
        [PARAMETERS["doc_id"], PARAMETERS["limit"]],
    ),
    "/stats": _get(
        "Counts of documents, articles, comments, outlets.",
        {
            "200": _json("Index statistics.", _ref("Stats")),
            "400": _BAD_REQUEST,
            "503": _INDEX_UNAVAILABLE,
        },
    ),
    "/health": _get("Liveness.", {"200": _json("Up.", _ref("Health"))}),
}


def document() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "searchidx",
            "version": __version__,
            "description": "German-aware search over news articles and reader comments. "
            'Read-only. Errors: {"error": {"code", "message"}}. Requests must name a '
            "trusted host in Host (400 bad_host otherwise).",
        },
        "paths": PATHS,
        "components": {"schemas": SCHEMAS},
    }
