"""Plain, frozen data passed between ingest, engine, CLI and HTTP layers.

Everything here is free of Whoosh: results survive the searcher being closed,
and ``to_dict()`` produces exactly the documented JSON contract.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal

DocType = Literal["article", "comment"]
MatchedIn = Literal["article", "comments", "both"]
DOC_TYPES: tuple[DocType, ...] = ("article", "comment")
# The choices of SearchIndex's sort, group, interval and timeline ``by`` parameters.
SortOrder = Literal["relevance", "date", "-date"]
Grouping = Literal["article"]
Interval = Literal["day", "week", "month", "year"]
TimelineGrouping = Literal["source"]


WEB_URL_SCHEMES = ("http", "https")


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 text of a datetime, without microseconds; None stays None.

    A date given with a UTC offset keeps it (``2025-03-10T08:00:00+01:00``).
    """
    if moment is None:
        return None
    return moment.replace(microsecond=0).isoformat()


def wall_time(moment: datetime) -> datetime:
    """The local wall time a date was written in (its offset, if any, dropped).

    Filters, sorting and period buckets all use it, so ``08:00+01:00`` is
    08:00 and in the month the outlet printed, whatever the offset.
    """
    return moment.replace(tzinfo=None)


def is_web_url(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) URL, the only kind shown as a link."""
    scheme, colon, rest = url.strip().partition(":")
    return bool(colon) and scheme.lower() in WEB_URL_SCHEMES and rest.startswith("//")


@dataclass(frozen=True)
class Document:
    """One searchable unit: an article or a single reader comment."""

    id: str
    type: DocType
    text: str
    title: str = ""
    source: str = "unbekannt"
    date: datetime | None = None
    author: str | None = None
    parent_id: str | None = None
    url: str | None = None
    reply_to: str | None = None
    rank: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "date": iso(self.date), "extra": dict(self.extra)}


@dataclass(frozen=True)
class Skipped:
    """A file or record the ingester could not turn into a Document."""

    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"


@dataclass(frozen=True)
class Notice:
    """Something worth telling the user about an ingested file (not an error)."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass(frozen=True)
class Filters:
    """Restrictions applied on top of the query (OR within a field, AND across)."""

    sources: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    parent_id: str | None = None
    since: str | None = None
    until: str | None = None
    # Conditions on declared fields: "section=Politik", "words>=500" (see searchidx.query.where).
    where: tuple[str, ...] = ()


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "count": self.count}


@dataclass(frozen=True)
class CommentHit:
    """A matching comment shown under its article (``group="article"``)."""

    id: str
    author: str | None
    date: datetime | None
    score: float
    snippet: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "author": self.author,
            "date": iso(self.date),
            "score": round(self.score, 4),
            "snippet": self.snippet,
        }


@dataclass(frozen=True)
class Hit:
    """One result. With ``group="article"``, ``matched_in`` and ``comments`` are set."""

    id: str
    type: DocType
    parent_id: str | None
    title: str
    source: str
    date: datetime | None
    author: str | None
    url: str | None
    score: float
    snippet: str
    matched_in: MatchedIn | None = None
    comments: tuple[CommentHit, ...] | None = None
    # With ``fields=``: the keys the hit carries (id always), in this order, and the
    # values of those that are no attribute here (declared fields, text, extra, …).
    shown: tuple[str, ...] | None = None
    values: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        # Written out, not dataclasses.asdict: that deep-copies every value and
        # cost most of an HTTP answer kept in memory (0.4 of ~0.6 ms for 10 hits).
        data: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "parent_id": self.parent_id,
            "title": self.title,
            "source": self.source,
            "date": iso(self.date),
            "author": self.author,
            "url": self.url,
            "score": round(self.score, 4),
            "snippet": self.snippet,
        }
        if self.shown is not None:
            every = {**data, **self.values}
            data = {name: every.get(name) for name in ("id", *self.shown)}
        if self.matched_in is not None:
            data["matched_in"] = self.matched_in
            data["comments"] = [comment.to_dict() for comment in self.comments or ()]
        return data


@dataclass(frozen=True)
class Results:
    """One page of hits plus facet counts over *all* matching documents.

    ``total`` counts matching documents, or matching articles with ``group``.
    ``partial`` is true only when the caller allowed partial results and part
    of a distributed index did not answer: then every number covers the rest.
    """

    query: str
    total: int
    offset: int
    limit: int | None
    hits: tuple[Hit, ...]
    facets: Mapping[str, tuple[FacetValue, ...]]
    suggestion: str | None = None
    sort: str = "relevance"
    group: str | None = None
    interval: str = "month"
    partial: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "offset": self.offset,
            "limit": self.limit,
            "hits": [hit.to_dict() for hit in self.hits],
            "facets": {
                name: [value.to_dict() for value in values] for name, values in self.facets.items()
            },
            "suggestion": self.suggestion,
            "sort": self.sort,
            "group": self.group,
            "interval": self.interval,
            "partial": self.partial,
        }


@dataclass(frozen=True)
class TimelinePoint:
    """Attention in one period: matching documents among all documents of the period.

    ``partial``: counted without part of a distributed index (only when allowed).
    """

    period: str
    count: int
    total: int
    source: str | None = None
    partial: bool = False

    @property
    def share(self) -> float:
        return self.count / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "period": self.period,
            "count": self.count,
            "total": self.total,
            "share": round(self.share, 6),
        }
        if self.source is not None:
            data["source"] = self.source
        if self.partial:  # only then: a complete timeline keeps its columns
            data["partial"] = True
        return data


@dataclass(frozen=True)
class IndexStats:
    documents: int
    articles: int
    comments: int
    sources: int
    path: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class IndexReport:
    """What one `add`/`index` run did."""

    indexed: int
    articles: int
    comments: int
    skipped: tuple[Skipped, ...] = ()
    notices: tuple[Notice, ...] = ()
    interrupted: bool = False
    # Records read; more than ``indexed`` when ids repeat (the last record wins).
    records: int = 0
