"""The backend seam: what an index must do for :class:`searchidx.SearchIndex`.

A backend stores documents and evaluates our parsed German queries over them.
Everything it returns is plain data (documents, scores, counts), never engine
objects such as Whoosh searchers or numpy masks, so a remote engine (SolrCloud,
fed our pre-analysed tokens) implements the same protocol as the embedded one.

Division of labour. A backend parses the query text with :mod:`searchidx.query`
(its own vocabulary feeds the compound, sound-alike and wildcard expansion),
evaluates it with the filters, ranks, pages and counts facets; it stores and
returns documents, and answers the term statistics did-you-mean asks for. The
facade and :mod:`searchidx.features` do the rest once for every backend: hits
and snippets (:mod:`searchidx.features.highlight`, from the stored text),
article grouping, timeline periods, export rows and their order, did-you-mean.

Conventions every backend keeps:

* ``sort`` is one of :data:`searchidx.query.parsing.SORT_ORDERS`: ``relevance``
  (score descending, ties in a stable index order so pages never overlap),
  ``date`` (oldest first, undated last) or ``-date`` (exactly that order reversed).
* ``limit=None`` means every match; ``offset`` counts from the first match.
* Facets (:data:`FACETS`) count every match, not just the page. ``source`` and
  ``type`` are multi-select: each is counted with every filter *except its own*
  (:data:`MULTI_SELECT_FACETS`). Values by count descending, ties by value;
  ``date`` chronologically, labelled per ``interval`` (2024-10-08, 2024-W41,
  2024-10, 2024: :func:`searchidx.features.periods.period_of`); undated
  documents are not counted.
* A read either covers the whole index or says what it lacks
  (:attr:`Reader.missing`, only for readers opened with ``partial_ok``).
* Bad input raises :class:`searchidx.SearchIdxError` subclasses with a hint
  (QuerySyntaxError, InvalidFilterError, DocumentNotFoundError, …); a backend
  that cannot reach its engine raises one too, never a raw library error.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from searchidx.errors import InvalidFilterError
from searchidx.features.fields import DeclaredField
from searchidx.features.highlight import MatchPlan
from searchidx.models import Document, FacetValue, Filters, IndexStats

FACETS: tuple[str, ...] = ("source", "date", "type")
TEXT_FIELDS = ("title", "text")  # analysed with the German analyzer in every backend
MULTI_SELECT_FACETS = frozenset({"source", "type"})  # counted without their own filter

# (period label, source or None) -> number of documents
PeriodCounts = Mapping[tuple[str, str | None], int]


@dataclass(frozen=True)
class Query:
    """A query as the user typed it, with the filters that restrict it."""

    text: str
    filters: Filters = field(default_factory=Filters)


@dataclass(frozen=True)
class SearchRequest:
    """One page of matches, and facet counts over all of them."""

    query: Query
    sort: str = "relevance"
    offset: int = 0
    limit: int | None = 10  # None: every match
    facets: tuple[str, ...] = ()
    interval: str = "month"  # granularity of the date facet
    snippets: bool = True  # False: no hit of the page shows one, the plan may stay empty


@dataclass(frozen=True)
class Scored:
    """A matching document with its relevance score.

    ``key`` is the backend's own handle for the document (Whoosh: its document
    number), handed back to :meth:`Reader.snippet`; callers never look inside.
    """

    document: Document
    score: float
    key: Hashable = None


@dataclass(frozen=True)
class SearchOutcome:
    """What a backend found for a :class:`SearchRequest`."""

    total: int  # every match, not just the page
    page: tuple[Scored, ...]  # offset..offset+limit of the ranking, in order
    facets: Mapping[str, tuple[FacetValue, ...]]  # the requested ones, in request order
    plan: MatchPlan  # what the query matches in the text, for snippets


@dataclass
class Stream:
    """Every match of a query in order, read lazily while its reader is open.

    ``close()`` ends the iteration early and releases what ``items`` holds
    (e.g. a cursor); the facade calls it before closing the reader.
    """

    total: int
    plan: MatchPlan
    items: Iterator[Scored]

    def close(self) -> None:
        close = getattr(self.items, "close", None)
        if close is not None:
            close()


@dataclass(frozen=True)
class DateHistogram:
    """Documents per period (and per source when asked), for timelines.

    ``matching`` counts the query's matches; ``universe`` every document that
    passes the filters whatever the query (the denominator of a share).
    Undated documents are not counted.
    """

    matching: PeriodCounts
    universe: PeriodCounts


@dataclass(frozen=True)
class WriteOptions:
    """How a backend writes a stream of documents."""

    batch_size: int
    lock_timeout: float  # seconds to wait for another writer (where writers exclude each other)
    on_commit: Callable[[int], None] | None = None  # called with the running total after commits
    should_stop: Callable[[], bool] | None = None  # checked between documents
    fsync: bool = True  # each commit on disk (files, then TOC, then directory) before reported


@dataclass(frozen=True)
class WriteOutcome:
    """What one :meth:`Backend.write` run committed."""

    written: int
    commits: int
    stopped: bool  # should_stop() ended the run before the documents ran out


def plain_values(doc: Document) -> dict[str, Any]:
    """The fields every backend indexes as the document gives them (ids, keywords, rank)."""
    return {
        "id": doc.id,
        "type": doc.type,
        "source": doc.source,
        "parent_id": doc.parent_id,
        "author": doc.author,
        "url": doc.url,
        "reply_to": doc.reply_to,
        "rank": doc.rank,
    }


def sounds_text(doc: Document) -> str:
    """What a document's phonetic (sound-alike) field is made from, on every backend.

    An article's headline counts; a comment's does not, since it is its article's.
    """
    return f"{doc.title}\n{doc.text}" if doc.type == "article" else doc.text


def check_facet_names(names: Sequence[str], declared: Iterable[DeclaredField] = ()) -> None:
    """Facets are the built-in ones and the declared keyword fields."""
    known = (*FACETS, *keyword_names(declared))
    unknown = [name for name in names if name not in known]
    if unknown:
        raise InvalidFilterError(f"unknown facet {unknown[0]!r}; use one of {', '.join(known)}")


def keyword_names(declared: Iterable[DeclaredField]) -> tuple[str, ...]:
    """The declared fields that can be faceted (keywords)."""
    return tuple(field.name for field in declared if field.kind == "keyword")


class Reader(Protocol):
    """One consistent view of the index for the reads of one request.

    Every call on a reader sees the same documents (Whoosh: one searcher over
    one set of segments), so a ranking's ``Scored.key`` stays valid for
    :meth:`snippet`. Close it when the request is done; a :class:`Stream` it
    returned must be read or closed first.
    """

    def search(self, request: SearchRequest) -> SearchOutcome:
        """Parse, filter, rank and page the query; count the requested facets."""
        ...

    def stream(self, query: Query, sort: str) -> Stream:
        """Every match in ``sort`` order, without a cap (export, streamed hits)."""
        ...

    def histogram(self, query: Query, interval: str, by: str | None) -> DateHistogram:
        """Matches and filtered documents per period (per source with ``by="source"``)."""
        ...

    def snippet(self, scored: Scored, plan: MatchPlan) -> str:
        """The document's text with the plan's matches marked (our highlighter).

        Every backend calls :func:`searchidx.features.highlight.snippet` on the
        stored text with our analyzers, so snippets are identical; one that
        knows the match positions cheaply passes them to skip analysis.
        """
        ...

    def similar(self, doc_id: str, limit: int) -> tuple[MatchPlan, tuple[Scored, ...]]:
        """Documents most like ``doc_id`` by its characteristic terms, and those terms.

        DocumentNotFoundError when there is no such document.
        """
        ...

    def document(self, doc_id: str) -> Document | None:
        """The stored document with this id, or None."""
        ...

    # Term statistics, for did-you-mean (:mod:`searchidx.features.suggest`).

    def matches_own_words(self, text: str) -> bool:
        """Whether ``text`` as a query matches a document without sound-alike expansion.

        QuerySyntaxError when ``text`` is no query (only stop words, bad syntax).
        """
        ...

    def near_terms(
        self, field: str, term: str, max_edits: int, prefix: int
    ) -> Iterable[tuple[str, int]]:
        """Indexed terms of ``field`` within ``max_edits`` of ``term`` that share its
        first ``prefix`` characters, each with its document frequency."""
        ...

    def text_with(self, field: str, term: str) -> str:
        """The stored ``field`` text of a document indexed with ``term`` there."""
        ...

    def stats(self) -> IndexStats:
        """Documents, articles, comments and sources in the whole index."""
        ...

    def version(self) -> Hashable | None:
        """A token equal for two readers exactly when they read the same committed index.

        The facade keeps answers under it (:mod:`searchidx.features.answers`);
        None when the backend cannot tell cheaply, and then nothing is kept.
        """
        ...

    def fingerprint(self) -> str:
        """A hex digest of the content: equal exactly when the stored documents are."""
        ...

    @property
    def missing(self) -> tuple[str, ...]:
        """Parts of the index (shards) the reads so far had to do without.

        Always empty unless the reader was opened with ``partial_ok``: a strict
        reader raises :class:`searchidx.errors.ShardUnavailableError` instead.
        """
        ...

    def close(self) -> None: ...


class Backend(Protocol):
    """An index: documents in; readers for ranked matches, counts and documents out."""

    @property
    def location(self) -> str:
        """Where the index lives (a path or URL), for messages and export provenance."""
        ...

    def write(self, documents: Iterable[Document], options: WriteOptions) -> WriteOutcome:
        """Add or replace (by id) documents, committing every ``options.batch_size``.

        Each commit is durable on its own: a crash loses at most the batch in
        flight, and writing the same documents again converges on the same index.
        When ``options.should_stop()`` turns true, the batch in flight is
        committed and the run ends with ``stopped=True``.
        """
        ...

    def delete(self, ids: Iterable[str], *, lock_timeout: float) -> int:
        """Remove the documents with these ids, committed; returns how many existed."""
        ...

    def declared_fields(self) -> tuple[DeclaredField, ...]:
        """The fields declared in this index (see :mod:`searchidx.features.fields`), by name."""
        ...

    def declare(
        self, fields: Iterable[DeclaredField], *, lock_timeout: float
    ) -> tuple[DeclaredField, ...]:
        """Remember these fields in the index; returns those not declared before.

        A name declared before with another kind is an InvalidFilterError. The
        documents already indexed are not touched: the facade writes those
        carrying a new field again (their stored ``extra`` holds the value).
        """
        ...

    def reader(self, *, partial_ok: bool = False) -> Reader:
        """A reader over the index as committed now (see :class:`Reader`).

        With ``partial_ok`` a distributed index answers from the parts it
        reaches and names the others in :attr:`Reader.missing`; without it a
        missing part is an error. Never silently incomplete either way.
        """
        ...

    def close(self) -> None: ...
