"""A search's results: one page of hits, facet counts, a suggestion and the partial flag."""

from __future__ import annotations

from collections.abc import Sequence

from searchidx.backends.base import Reader, SearchOutcome, SearchRequest
from searchidx.features.grouping import group_by_article, group_hit
from searchidx.features.hit_fields import chosen_fields, shows_snippet, with_fields
from searchidx.features.hits import make_hit
from searchidx.features.suggest import suggest
from searchidx.models import Grouping, Hit, Results


def search_results(
    reader: Reader,
    request: SearchRequest,
    *,
    offset: int,
    limit: int | None,
    group: Grouping | None,
    chosen: Sequence[str] | None,
    suggest_words: bool = False,
) -> Results:
    """``request`` answered by ``reader``, hits carrying the ``chosen`` fields.

    ``offset`` and ``limit`` are the caller's page; a grouped request asks the
    backend for every match, as articles are paged only once grouped. A query
    that finds nothing gets a correction if one finds something; with
    ``suggest_words`` so does each word that finds nothing in a query that did
    (``Putin OR Kurks``). Suggestions cost a vocabulary scan and a query per
    word, more than the search itself, so a query with hits is not charged for
    them unless asked.
    """
    found = reader.search(request)
    wanted = suggest_words or found.total == 0
    suggestion = suggest(request.query.text, reader) if wanted else None
    total, hits = _page_of_hits(
        reader, found, offset=offset, limit=limit, grouped=group == "article", chosen=chosen
    )
    return Results(
        query=request.query.text,
        total=total,
        offset=offset,
        limit=limit,
        hits=hits,
        facets=dict(found.facets),
        suggestion=suggestion,
        sort=request.sort,
        group=group,
        interval=request.interval,
        partial=bool(reader.missing),
    )


def _page_of_hits(
    reader: Reader,
    found: SearchOutcome,
    *,
    offset: int,
    limit: int | None,
    grouped: bool,
    chosen: Sequence[str] | None,
) -> tuple[int, tuple[Hit, ...]]:
    """The total (articles when grouped) and the hits on the page."""
    if not grouped:
        snippet = shows_snippet(chosen)
        hits = tuple(
            with_fields(
                make_hit(reader, scored, found.plan, snippet=snippet), scored.document, chosen
            )
            for scored in found.page
        )
        return found.total, hits
    groups = group_by_article(found.page)
    end = None if limit is None else offset + limit
    hits = tuple(group_hit(reader, found.plan, group) for group in groups[offset:end])
    return len(groups), chosen_fields(reader, hits, chosen)
