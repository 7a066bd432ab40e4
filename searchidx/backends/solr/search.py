"""One search against a collection: parse with our analysis, ask Solr, read back plain data.

Matching, ranking, paging and counting run in Solr; the query is ours (parsed
and expanded against the collection's terms), and so are the snippets (our
highlighter over the stored text). Multi-select facets (source, type) are
counted without their own filter: each such filter is tagged and the facet's
domain excludes that tag.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from whoosh import query as wq

from searchidx.backends.base import FACETS, check_facet_names, keyword_names
from searchidx.backends.solr.client import SolrClient
from searchidx.backends.solr.coordination import coordinated
from searchidx.backends.solr.declared import parser_schema
from searchidx.backends.solr.documents import STORED_FIELDS, from_solr, solr_date
from searchidx.backends.solr.translate import MATCH_ALL, Json, translate
from searchidx.backends.solr.vocabulary import SolrVocabulary, bound_expansions
from searchidx.backends.whoosh.facets import sorted_values
from searchidx.backends.whoosh.schema import PHONETIC_FIELD, build_schema
from searchidx.features import highlight
from searchidx.features.fields import DeclaredField
from searchidx.features.periods import check_interval, period_of
from searchidx.models import Document, FacetValue, Filters
from searchidx.query.grams import gram_query
from searchidx.query.parsing import make_parser, parse_query, sort_spec
from searchidx.query.where import every_filter_part
from searchidx.ranking import DEFAULT_RANKING, RankingOptions

MULTI_SELECT = frozenset({"source", "type"})
PeriodCounts = Counter[tuple[str, str | None]]
PAGE = 1_000  # rows per request when every match is wanted
SCHEMA = build_schema()  # the parser's analyzers; no Whoosh index is opened
_GAPS = {"day": "+1DAY", "week": "+7DAYS", "month": "+1MONTH", "year": "+1YEAR"}
# Past this many periods between the first and the last date (centuries of days,
# say), Solr would build every empty range bucket: count the distinct dates instead.
MAX_RANGE_BUCKETS = 20_000
_APPROX_PERIOD = {
    "day": timedelta(days=1),
    "week": timedelta(days=7),
    "month": timedelta(days=30),
    "year": timedelta(days=365),
}
_SORTS = {
    "relevance": "score desc,id asc",
    "date": "date asc,id asc",  # undated last (sortMissingLast)
    "-date": "if(exists(date),1,0) asc,date desc,id desc",  # exactly reversed
}


@dataclass(frozen=True)
class Found:
    """What Solr found for one request: the total, one page and the facet counts."""

    total: int
    page: tuple[tuple[Document, float], ...]
    facets: dict[str, tuple[FacetValue, ...]]
    plan: highlight.MatchPlan


class _AnyTerm:
    """The reader the match planner asks: every term may exist (the text decides)."""

    schema = SCHEMA

    def __contains__(self, item: object) -> bool:
        return True


class SolrSearch:
    """A parsed query with its filters, run against one collection."""

    def __init__(
        self,
        client: SolrClient,
        collection: str,
        text: str,
        filters: Filters,
        declared: tuple[DeclaredField, ...] = (),
        *,
        ranking: RankingOptions = DEFAULT_RANKING,
    ) -> None:
        self.client = client
        self.collection = collection
        self.declared = declared
        self.multi_select = MULTI_SELECT | set(keyword_names(declared))
        vocabulary = SolrVocabulary(client, collection)
        parser = make_parser(parser_schema(declared), vocabulary, ranking)
        self.parsed: wq.Query = bound_expansions(parse_query(parser, text), vocabulary)
        words = [
            translate(bound_expansions(wq.Or(queries), vocabulary))
            for queries in parser.alternatives.values()
            if queries
        ]
        self.ranked_query, self.word_queries = coordinated(
            translate(self.parsed), words, ranking.coordination
        )
        found = [word for word, queries in parser.alternatives.items() if queries]
        grams = gram_query(found, ranking)
        if grams is not None:  # scores the query's matches, matches nothing itself
            evidence = [translate(grams)]
            self.ranked_query = {"bool": {"must": [self.ranked_query], "should": evidence}}
        self.plan = highlight.plan_matches(self.parsed, _AnyTerm(), "text", PHONETIC_FIELD)
        self.filters = {
            name: translate(part) for name, part in every_filter_part(filters, declared).items()
        }

    def run(
        self,
        *,
        sort: str = "relevance",
        offset: int = 0,
        limit: int | None = 10,
        facets: Sequence[str] = (),
        interval: str = "month",
    ) -> Found:
        check_facet_names(facets, self.declared)
        check_interval(interval)
        sort_spec(sort)
        wanted = PAGE if limit is None else limit
        body = self._body(sort, offset, wanted, facets)
        answer = self._select(body)
        total = int(answer["response"]["numFound"])
        docs = list(answer["response"]["docs"])
        if limit is None:
            docs.extend(self._rest(body, offset + len(docs), total))
        page = tuple((from_solr(doc), float(doc.get("score", 0.0))) for doc in docs)
        counts = self._facet_counts(answer.get("facets", {}), facets, interval)
        return Found(total, page, counts, self.plan)

    def stream(self, sort: str) -> Iterator[tuple[Document, float]]:
        """Every match in ``sort`` order, page by page with Solr's cursorMark."""
        sort_spec(sort)
        body = self._body(sort, 0, PAGE, ())
        cursor = "*"
        while True:
            answer = self._select({**body, "params": {"cursorMark": cursor}})
            for doc in answer["response"]["docs"]:
                yield from_solr(doc), float(doc.get("score", 0.0))
            following = str(answer.get("nextCursorMark", cursor))
            if following == cursor:
                return
            cursor = following

    def _body(self, sort: str, offset: int, limit: int, facets: Sequence[str]) -> Json:
        body: Json = {
            "query": self.ranked_query,
            "filter": [{f"#{name}": part} for name, part in self.filters.items()],
            "offset": offset,
            "limit": limit,
            "fields": f"{STORED_FIELDS},score",
            "sort": _SORTS[sort],
        }
        if self.word_queries:
            body["queries"] = self.word_queries
        facet: Json = {}
        for name in facets:
            if name == "date":
                facet["date_first"] = "min(date)"
                facet["date_last"] = "max(date)"
                continue
            column = name if name in FACETS else DeclaredField(name, "keyword").internal
            field: Json = {"type": "terms", "field": column, "limit": -1, "mincount": 1}
            if name in self.multi_select and name in self.filters:
                field["domain"] = {"excludeTags": name}
            facet[name] = field
        if facet:
            body["facet"] = facet
        return body

    def _select(self, body: Json) -> dict[str, Any]:
        return self.client.post_json(f"{self.collection}/select", body)

    def _rest(self, body: Json, start: int, total: int) -> Iterator[dict[str, Any]]:
        while start < total:
            more = self._select({**body, "offset": start, "limit": PAGE, "facet": {}})
            docs = more["response"]["docs"]
            if not docs:
                return
            yield from docs
            start += len(docs)

    def _facet_counts(
        self, found: dict[str, Any], names: Sequence[str], interval: str
    ) -> dict[str, tuple[FacetValue, ...]]:
        counts: dict[str, tuple[FacetValue, ...]] = {}
        for name in names:
            if name == "date":
                counts[name] = self._date_counts(found, interval)
            else:
                buckets = found.get(name, {}).get("buckets", [])
                tally = Counter({str(b["val"]): int(b["count"]) for b in buckets})
                counts[name] = sorted_values(tally)
        return counts

    def _date_counts(self, found: dict[str, Any], interval: str) -> tuple[FacetValue, ...]:
        bounds = found.get("date_first"), found.get("date_last")
        counts = self._period_counts(translate(self.parsed), bounds, interval, None)
        tally = Counter({period: count for (period, _), count in counts.items()})
        return sorted_values(tally, chronological=True)

    def histogram(self, interval: str, by: str | None) -> tuple[PeriodCounts, PeriodCounts]:
        """(matches, documents passing the filters) per period, per source with ``by``."""
        check_interval(interval)
        universe = self._period_counts(MATCH_ALL, None, interval, by)
        matching = self._period_counts(translate(self.parsed), None, interval, by)
        return matching, universe

    def _period_counts(
        self, query: Json, bounds: tuple[Any, Any] | None, interval: str, by: str | None
    ) -> Counter[tuple[str, str | None]]:
        """Documents per period label (and source) of ``query`` under the filters."""
        filters = [{f"#{name}": part} for name, part in self.filters.items()]
        if bounds is None:
            stats = {"first": "min(date)", "last": "max(date)"}
            found = self._select({"query": query, "filter": filters, "limit": 0, "facet": stats})
            bounds = found.get("facets", {}).get("first"), found.get("facets", {}).get("last")
        first, last = bounds
        if first is None or last is None:
            return Counter()
        start, end = _as_datetime(first), _as_datetime(last)
        if (end - start) / _APPROX_PERIOD[interval] > MAX_RANGE_BUCKETS:
            dated = {"type": "terms", "field": "date", "limit": -1, "mincount": 1}
        else:
            dated = {
                "type": "range",
                "field": "date",
                "start": solr_date(_period_start(start, interval)),
                "end": solr_date(end + timedelta(milliseconds=1)),
                "gap": _GAPS[interval],
                "hardend": False,
            }
        if by is not None:
            dated["facet"] = {by: {"type": "terms", "field": by, "limit": -1, "mincount": 1}}
        body = {"query": query, "filter": filters, "limit": 0, "facet": {"date": dated}}
        buckets = self._select(body).get("facets", {}).get("date", {}).get("buckets", [])
        counts: Counter[tuple[str, str | None]] = Counter()
        for bucket in buckets:
            period = period_of(_as_datetime(bucket["val"]), interval)
            if by is None:
                counts[(period, None)] += int(bucket["count"])
                continue
            for inner in bucket.get(by, {}).get("buckets", []):
                counts[(period, str(inner["val"]))] += int(inner["count"])
        return +counts  # drops empty periods


def highlight_snippet(text: str, plan: highlight.MatchPlan) -> str:
    """``text`` with the plan's matches marked: our highlighter, as on Whoosh."""
    return highlight.snippet(
        text, plan, SCHEMA["text"].analyzer, SCHEMA[PHONETIC_FIELD].analyzer, None
    )


def _period_start(moment: datetime, interval: str) -> datetime:
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if interval == "week":
        return day - timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    if interval == "year":
        return day.replace(month=1, day=1)
    return day


def _as_datetime(value: Any) -> datetime:
    if isinstance(value, int | float):
        return datetime(1970, 1, 1) + timedelta(milliseconds=value)
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")).replace(tzinfo=None)
