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
DOC_TYPES: tuple[DocType, ...] = ("article", "comment")


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 text of a datetime, without microseconds; None stays None."""
    if moment is None:
        return None
    return moment.replace(microsecond=0).isoformat()


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


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "count": self.count}


@dataclass(frozen=True)
class Hit:
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

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "date": iso(self.date), "score": round(self.score, 4)}


@dataclass(frozen=True)
class Results:
    """One page of hits plus facet counts over *all* matching documents."""

    query: str
    total: int
    offset: int
    limit: int
    hits: tuple[Hit, ...]
    facets: Mapping[str, tuple[FacetValue, ...]]

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
        }


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
