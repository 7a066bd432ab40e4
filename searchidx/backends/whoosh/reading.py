"""The read side of :class:`SearchIndex`: one function per request, on an open searcher."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict
from datetime import UTC, datetime

from whoosh.searching import Searcher

from searchidx.backends.whoosh.facets import check_facet_names, check_interval
from searchidx.backends.whoosh.searching import HitBuilder, Ranked, SearchRun
from searchidx.backends.whoosh.stored import stored_fields
from searchidx.errors import DocumentNotFoundError, InvalidFilterError
from searchidx.features.export import ExportMeta, ExportRow
from searchidx.features.fingerprint import content_fingerprint
from searchidx.features.grouping import group_by_article, group_hit
from searchidx.features.highlight import MatchPlan
from searchidx.features.suggest import suggest
from searchidx.models import Filters, Hit, Results
from searchidx.query.parsing import sort_spec

GROUPINGS = ("article",)
KEY_TERMS = 12  # characteristic words a "more like this" query is built from


def check_request(limit: int | None, offset: int, sort: str, group: str | None) -> None:
    if (limit is not None and limit < 0) or offset < 0:
        raise InvalidFilterError("limit and offset must not be negative")
    sort_spec(sort)
    if group is not None and group not in GROUPINGS:
        raise InvalidFilterError(f"unknown grouping {group!r}; use article")


def search_page(
    run: SearchRun,
    *,
    limit: int | None,
    offset: int,
    facets: Sequence[str],
    sort: str,
    group: str | None,
    interval: str,
) -> Results:
    """One page of ``run``'s hits (or article groups) with facets and a suggestion."""
    check_facet_names(facets)
    check_interval(interval)
    end = None if limit is None else offset + limit
    if group == "article":
        groups = group_by_article(run, sort)
        total = len(groups)
        hits = tuple(group_hit(run, group) for group in groups[offset:end])
    else:
        total = run.total
        hits = tuple(run.hits(run.ranked(sort, end)[offset:end]))
    return Results(
        query=run.query,
        total=total,
        offset=offset,
        limit=limit,
        hits=hits,
        facets=run.facet_counts(facets, interval) if facets else {},
        suggestion=suggest(run),
        sort=sort,
        group=group,
        interval=interval,
    )


def stream_hits(run: SearchRun, sort: str) -> Iterator[Hit]:
    """Every hit in order, snippets made one at a time; closes the searcher when done."""
    try:
        yield from run.hits(run.ranked(sort, None))
    finally:
        run.searcher.close()


def export_meta(run: SearchRun, filters: Filters, sort: str, index: str) -> ExportMeta:
    return ExportMeta(
        query=run.query,
        filters={name: value for name, value in asdict(filters).items() if value},
        sort=sort,
        created=datetime.now(UTC).replace(microsecond=0).isoformat(),
        total=run.total,
        fingerprint=content_fingerprint(run.searcher),
        index=index,
    )


def export_rows(run: SearchRun, sort: str) -> Iterator[ExportRow]:
    """Rows in an order independent of segment layout; closes the searcher when done."""
    try:
        for docnum, score in _layout_independent(run, run.ranked(sort, None), sort):
            yield ExportRow(run.document(docnum), score)
    finally:
        run.searcher.close()


def _layout_independent(run: SearchRun, ranked: Ranked, sort: str) -> Ranked:
    """``ranked`` with ties (equal score, or equal date) ordered by document id."""
    keyed = []
    for docnum, score in ranked:
        stored = stored_fields(run.searcher, docnum)
        date = stored.get("date")
        timestamp = date.timestamp() if isinstance(date, datetime) else float("inf")
        primary = -score if sort == "relevance" else timestamp
        if sort == "-date":
            primary = -timestamp if date is not None else float("inf")
        keyed.append((primary, stored["id"], docnum, score))
    keyed.sort()
    return [(docnum, score) for _, _, docnum, score in keyed]


def similar_hits(searcher: Searcher, doc_id: str, limit: int) -> tuple[Hit, ...]:
    """Documents sharing the most characteristic terms of ``doc_id`` (Whoosh more_like)."""
    docnum = searcher.document_number(id=doc_id)
    if docnum is None:
        raise DocumentNotFoundError(f"no document with id {doc_id!r}")
    text = stored_fields(searcher, docnum).get("text") or ""
    key_terms = searcher.key_terms_from_text("text", text, numterms=KEY_TERMS)
    builder = HitBuilder(searcher, MatchPlan(terms=frozenset(term for term, _ in key_terms)))
    found = searcher.more_like(docnum, "text", text=text, top=limit, numterms=KEY_TERMS)
    return tuple(builder.hit(hit.docnum, float(hit.score or 0.0)) for hit in found)
