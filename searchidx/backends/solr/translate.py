"""Our parsed (Whoosh) query tree as a Solr JSON Query DSL tree.

The tree is already analysed by our parser: every leaf holds index terms. So
leaves become exact term lookups (``{!term}``), phrases become pre-analyzed
JSON for the ``{!field}`` parser (Lucene's phrase query then demands exactly
our positions, stopword gaps included), and AND/OR/NOT become ``bool``
clauses. Wildcards, prefixes, ranges and fuzzy terms arrive expanded by
:mod:`searchidx.backends.solr.vocabulary` (our limits) as fixed term sets.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from whoosh import query as wq
from whoosh.query import spans
from whoosh.util.times import long_to_datetime

from searchidx.backends.solr.documents import solr_date
from searchidx.backends.solr.tokens import query_value
from searchidx.errors import QuerySyntaxError
from searchidx.features.fields import from_internal
from searchidx.query.limits import ExpandedTerms

Json = dict[str, Any]
MATCH_ALL: Json = {"lucene": {"query": "*:*"}}
# Separates the terms of a {!terms} set; never part of an analysed term.
TERM_SEPARATOR = "\u0001"


def translate(query: wq.Query) -> Json:
    """The JSON Query DSL equivalent of ``query`` (boosts kept as multipliers)."""
    result = _node(query)
    boost = float(getattr(query, "boost", 1.0))
    if boost != 1.0 and not isinstance(query, wq.Term | ExpandedTerms):
        result = {"boost": {"query": result, "b": boost}}
    return result


def _node(query: wq.Query) -> Json:  # noqa: C901  (one branch per node type)
    declared = from_internal(getattr(query, "fieldname", None) or "")
    if declared is not None and declared.kind != "keyword":
        return declared_clause(query, declared.kind)
    if isinstance(query, wq.Term):
        return _boosted(_term(query.fieldname, query.text), query.boost)
    if isinstance(query, ExpandedTerms):
        return _boosted(_term_set(query.fieldname, query._terms), query.boost)
    if isinstance(query, wq.Phrase):
        return _phrase(query)
    if isinstance(query, spans.SpanNear):
        field, terms = _gapped(query)
        return {"field": {"f": field, "query": query_value(terms)}}
    if isinstance(query, wq.And):
        return _bool(must=[translate(sub) for sub in query.subqueries])
    if isinstance(query, wq.Or):
        return _bool(should=[translate(sub) for sub in query.subqueries])
    if isinstance(query, wq.AndNot):
        return _bool(must=[translate(query.a)], must_not=[translate(query.b)])
    if isinstance(query, wq.AndMaybe):
        return _bool(must=[translate(query.a)], should=[translate(query.b)])
    if isinstance(query, wq.Not):
        return _bool(must=[MATCH_ALL], must_not=[translate(query.query)])
    if isinstance(query, wq.Every) and query.fieldname in (None, "", "*"):
        return MATCH_ALL
    if isinstance(query, wq.NumericRange | wq.DateRange) and query.fieldname == "date":
        return date_range(query)
    if query is wq.NullQuery or isinstance(query, type(wq.NullQuery)):
        return _bool(must_not=[MATCH_ALL])
    raise QuerySyntaxError(
        f"the Solr backend cannot run this part of the query: {query}",
        hint="leave it out or use the Whoosh backend",
    )


def _bool(**clauses: list[Json]) -> Json:
    body = {kind: parts for kind, parts in clauses.items() if parts}
    if "must_not" in body and not ("must" in body or "should" in body):
        body["must"] = [MATCH_ALL]  # a purely negative clause matches nothing in Lucene
    return {"bool": body}


def _term(field: str, text: str) -> Json:
    return {"term": {"f": field, "query": text}}


def _term_set(field: str, terms: tuple[bytes, ...]) -> Json:
    if not terms:
        return _bool(must_not=[MATCH_ALL])
    words = TERM_SEPARATOR.join(term.decode("utf-8") for term in terms)
    return {"terms": {"f": field, "separator": TERM_SEPARATOR, "query": words}}


def _boosted(query: Json, boost: float) -> Json:
    return query if boost == 1.0 else {"boost": {"query": query, "b": boost}}


def _phrase(query: wq.Phrase) -> Json:
    words = list(query.words)
    if query.slop <= 1:
        return {"field": {"f": query.fieldname, "query": query_value(_consecutive(words))}}
    # Whoosh's slop bounds each step; Lucene's is an edit distance over the phrase.
    # One step allowed ``slop`` apart is Lucene's slop - 1 per gap.
    value = query_value(_consecutive(words)).replace("\\", "\\\\").replace('"', '\\"')
    lucene_slop = (query.slop - 1) * (len(words) - 1)
    return {"lucene": {"query": f'{query.fieldname}:"{value}"~{lucene_slop}'}}


def _consecutive(words: list[str]) -> list[tuple[str, int]]:
    return [(word, position) for position, word in enumerate(words)]


def _gapped(query: spans.SpanNear) -> tuple[str, list[tuple[str, int]]]:
    """A chain of exact-gap spans (our ``GapNear``) as terms at their positions."""
    if isinstance(query.a, spans.SpanNear):
        field, terms = _gapped(query.a)
    elif isinstance(query.a, wq.Term):
        field, terms = query.a.fieldname, [(query.a.text, 0)]
    else:
        raise QuerySyntaxError(f"the Solr backend cannot run this phrase: {query}")
    if not isinstance(query.b, wq.Term) or query.slop != query.mindist:
        raise QuerySyntaxError(f"the Solr backend cannot run this phrase: {query}")
    terms.append((query.b.text, terms[-1][1] + int(query.mindist)))
    return field, terms


def date_range(query: wq.NumericRange | wq.DateRange, field: str = "date") -> Json:
    """A date range clause; bounds are instants, as in the Whoosh index."""
    low = "*" if query.start is None else solr_date(_moment(query.start))
    high = "*" if query.end is None else solr_date(_moment(query.end))
    opening = "{" if query.startexcl else "["
    closing = "}" if query.endexcl else "]"
    return {"lucene": {"query": f"{field}:{opening}{low} TO {high}{closing}"}}


def declared_clause(query: wq.Query, kind: str) -> Json:
    """A numeric or date field's range (numeric terms arrive as ranges: query.fields)."""
    field = query.fieldname
    if isinstance(query, wq.DateRange) or (isinstance(query, wq.NumericRange) and kind == "date"):
        return date_range(query, field)
    if isinstance(query, wq.NumericRange):
        low = "*" if query.start is None else _number(query.start)
        high = "*" if query.end is None else _number(query.end)
        opening = "{" if query.startexcl else "["
        closing = "}" if query.endexcl else "]"
        return {"lucene": {"query": f"{field}:{opening}{low} TO {high}{closing}"}}
    if isinstance(query, wq.Every):
        return {"lucene": {"query": f"{field}:*"}}
    raise QuerySyntaxError(
        f"the Solr backend cannot run this part of the query: {query}",
        hint="compare numbers and dates with ranges, e.g. words:[500 TO]",
    )


def _number(value: float) -> str:
    return repr(float(value))


def _moment(value: datetime | int) -> datetime:
    return value if isinstance(value, datetime) else long_to_datetime(value)
