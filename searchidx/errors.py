"""The one exception hierarchy of searchidx.

Every error the library raises on purpose derives from :class:`SearchIdxError`,
so callers can catch one class and show ``str(error)`` as a one-line message::

    SearchIdxError
    ├── IndexNotFoundError      the index directory holds no searchidx index
    ├── IndexExistsError        create() refused to overwrite an existing index
    ├── IndexLockedError        another writer holds the index lock
    ├── IndexVersionError       the index was built by another schema/analyzer version
    ├── BackendNotAvailableError  the location names a backend this installation lacks
    ├── BackendUnavailableError  the index's server (SolrCloud) cannot be reached
    ├── DocumentNotFoundError   get() for an id the index does not hold
    ├── QuerySyntaxError        the query string cannot be parsed
    ├── InvalidFilterError      a filter value (date, type, sort, ...) is malformed
    ├── IndexingInterruptedError  indexing stopped on request; what was committed stays
    ├── ShardUnavailableError   part of a distributed index has no live copy (results incomplete)
    └── IngestError             a source file or record cannot be read
        └── InvalidDocumentError  a record lacks a required field or has a wrong type
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from searchidx.models import IndexReport


class SearchIdxError(Exception):
    """Base class of every error searchidx raises on purpose."""

    hint: str | None = None

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint


class IndexNotFoundError(SearchIdxError):
    """The directory does not contain a searchidx index."""

    hint = "build one with `searchidx index PATHS...`"


class IndexExistsError(SearchIdxError):
    """An index already exists where a new one was to be created."""

    hint = "pass overwrite=True (CLI: --rebuild) to replace it"


class DocumentNotFoundError(SearchIdxError):
    """No document with the requested id is indexed."""


class QuerySyntaxError(SearchIdxError):
    """The query string is not valid query syntax."""

    hint = 'quote phrases ("Region Kursk") and balance parentheses'


class InvalidFilterError(SearchIdxError):
    """A filter or option value is malformed (e.g. an unparsable date)."""


class IngestError(SearchIdxError):
    """A source file or one of its records cannot be ingested.

    ``location`` is ``path`` or ``path:line`` so messages point at the culprit.
    """

    def __init__(self, location: str, reason: str) -> None:
        super().__init__(f"{location}: {reason}")
        self.location = location
        self.reason = reason


class InvalidDocumentError(IngestError):
    """A record is structurally readable but not a valid document."""


class IndexLockedError(SearchIdxError):
    """Another process holds the index's write lock."""

    hint = "wait for the other `searchidx index` to finish, or raise --lock-timeout"


class BackendNotAvailableError(SearchIdxError):
    """The index location names a backend this installation does not have."""

    hint = "use an index directory (the embedded Whoosh backend)"


class BackendUnavailableError(SearchIdxError):
    """The server holding the index cannot be reached or did not answer in time."""

    hint = "check that the index's server is running and reachable, then retry"


class IndexVersionError(SearchIdxError):
    """The index was built by an incompatible schema or analyzer version."""

    hint = "rebuild it with `searchidx index --rebuild`"


class IndexingInterruptedError(SearchIdxError):
    """Indexing stopped early on request (Ctrl-C); every committed batch stays.

    ``report`` tells what was committed (``report.interrupted`` is True).
    """

    hint = "run the same `searchidx index` again to finish; re-indexing is idempotent"

    def __init__(self, message: str, report: IndexReport, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.report = report


class ShardUnavailableError(SearchIdxError):
    """Part of a distributed index (a SolrCloud shard) has no live replica.

    Raised instead of answering with results that would silently miss the
    documents of ``shards``; callers that accept that pass ``partial_ok``.
    """

    hint = (
        "start the node that hosts it again, or accept partial results "
        "(--partial-ok; HTTP partial_ok=true; Python partial_ok=True)"
    )

    def __init__(self, message: str, shards: tuple[str, ...], *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.shards = shards
