"""SearchIndex: the facade the CLI and the HTTP layer call, returning plain data."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from analyzers import FULL_ANALYSIS, AnalysisOptions
from searchidx.backends.base import (
    FACETS,
    Backend,
    Query,
    Reader,
    SearchRequest,
    Stream,
    WriteOptions,
)
from searchidx.backends.whoosh import indexing
from searchidx.backends.whoosh.backend import WhooshBackend
from searchidx.backends.whoosh.rebuild import staged_rebuild
from searchidx.errors import (
    DocumentNotFoundError,
    IndexingInterruptedError,
    IndexNotFoundError,
    IndexVersionError,
    InvalidFilterError,
    ShardUnavailableError,
)
from searchidx.features.declaring import as_declarations, declare_fields
from searchidx.features.export import Export, ExportMeta, ExportRow, export_rows, never_partial
from searchidx.features.fields import DeclaredField
from searchidx.features.grouping import GROUPINGS, group_by_article, group_hit
from searchidx.features.hit_fields import check_hit_fields, chosen_fields, with_fields
from searchidx.features.hits import make_hit
from searchidx.features.suggest import suggest
from searchidx.features.timeline import attention, flag_partial
from searchidx.ingest.tally import ProblemCallback, Tally
from searchidx.models import (
    Document,
    Filters,
    Grouping,
    Hit,
    IndexReport,
    IndexStats,
    Interval,
    Results,
    SortOrder,
    TimelineGrouping,
    TimelinePoint,
)
from searchidx.query.parsing import sort_spec
from searchidx.query.where import with_conditions
from searchidx.ranking import DEFAULT_RANKING, RankingOptions

if TYPE_CHECKING:
    from searchidx.ingest.options import ReadOptions

DEFAULT_FACETS = FACETS
DEFAULT_BATCH_SIZE = indexing.DEFAULT_BATCH_SIZE
DEFAULT_LOCK_TIMEOUT = indexing.DEFAULT_LOCK_TIMEOUT
# Locations naming a remote engine start with this; anything else is a directory.
SOLR_PREFIX = "solr:"
ProgressCallback = Callable[[int], None]
StopCheck = Callable[[], bool]


class SearchIndex:
    """A searchidx index: open it, add documents, search, get, stats.

    The facade over a backend (:mod:`searchidx.backends.base`): the CLI, the
    HTTP API and Python callers use only this class, whatever stores the index.
    """

    def __init__(self, backend: Backend, path: Path | None = None) -> None:
        self._backend = backend
        self.location = backend.location
        # The index directory; a remote backend has none and shows its location.
        self.path = path if path is not None else Path(self.location)

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(
        cls, location: str | Path, *, ranking: RankingOptions = DEFAULT_RANKING
    ) -> SearchIndex:
        """Open an existing index (IndexNotFoundError / IndexVersionError otherwise).

        ``location`` is an index directory, or ``solr:URL`` for a SolrCloud
        collection (the one place a backend is chosen: see :func:`_remote`).
        ``ranking`` changes how matches are weighted (for measurements; see
        :mod:`searchidx.ranking`).
        """
        if isinstance(location, str) and location.startswith(SOLR_PREFIX):
            return cls(_remote(location))
        path = Path(location)
        return cls(WhooshBackend.open(path, ranking), path)

    @classmethod
    def exists(cls, location: str | Path) -> bool:
        """Whether ``location`` holds an index (remote locations are checked on open)."""
        if isinstance(location, str) and location.startswith(SOLR_PREFIX):
            return True
        return indexing.index_exists(Path(location))

    @classmethod
    def create(
        cls,
        path: str | Path,
        *,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        analysis: AnalysisOptions = FULL_ANALYSIS,
        ranking: RankingOptions = DEFAULT_RANKING,
    ) -> SearchIndex:
        """Create a new, empty index; refuses to replace an existing one.

        ``analysis`` and ``ranking`` switch features off (for measurements only).
        """
        path = Path(path)
        backend = WhooshBackend.create(
            path, lock_timeout=lock_timeout, analysis=analysis, ranking=ranking
        )
        return cls(backend, path)

    @classmethod
    def build(
        cls,
        path: str | Path,
        sources: Sequence[str | Path],
        *,
        rebuild: bool = False,
        on_progress: ProgressCallback | None = None,
        on_problem: ProblemCallback | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        should_stop: StopCheck | None = None,
        read_options: ReadOptions | None = None,
        fsync: bool = True,
        fields: Sequence[str | DeclaredField] = (),
    ) -> tuple[SearchIndex, IndexReport]:
        """Index ``sources`` into ``path``: add to an existing index, or create one.

        Documents are committed every ``batch_size``; a concurrent writer makes
        this wait up to ``lock_timeout`` seconds, then IndexLockedError. When
        ``should_stop()`` turns true, the batch in flight is committed and
        IndexingInterruptedError (with the report) is raised. With ``rebuild=True``
        a fresh index is built beside the old one and swapped in only when
        complete, so a failed or interrupted rebuild loses nothing.
        ``read_options`` say how to read the sources (format, CSV columns, …).
        With ``fsync`` (the default) every commit is on disk before it is
        reported; turn it off for bulk loads that can simply be run again after
        a power loss. ``fields`` are declared first (see :meth:`declare_fields`);
        a rebuild keeps the fields the old index declared.
        """
        path = Path(path)
        declared = as_declarations(fields)
        options = _WriteOptions(batch_size, lock_timeout, should_stop, read_options, fsync)
        if rebuild and indexing.index_exists(path):
            declared = (*_declared_before(path), *declared)
            return cls._rebuild(path, sources, on_progress, on_problem, options, declared)
        index = cls(WhooshBackend.open_or_create(path, lock_timeout=lock_timeout), path)
        try:
            index.declare_fields(declared, batch_size=batch_size, lock_timeout=lock_timeout)
            report = index._index_paths(sources, on_progress, on_problem, options)
        except BaseException:
            index.close()
            raise
        return index, report

    @classmethod
    def _rebuild(
        cls,
        path: Path,
        sources: Sequence[str | Path],
        on_progress: ProgressCallback | None,
        on_problem: ProblemCallback | None,
        options: _WriteOptions,
        fields: Sequence[DeclaredField],
    ) -> tuple[SearchIndex, IndexReport]:
        try:
            with (
                staged_rebuild(path, options.lock_timeout, fsync=options.fsync) as staging,
                cls.create(staging) as fresh,
            ):
                fresh.declare_fields(fields, lock_timeout=options.lock_timeout)
                report = fresh._index_paths(sources, on_progress, on_problem, options)
        except IndexingInterruptedError as stopped:
            raise IndexingInterruptedError(
                f"rebuild interrupted; the index in {path} is unchanged",
                stopped.report,
                hint="run the same `searchidx index --rebuild` again",
            ) from None
        return cls.open(path), report

    def close(self) -> None:
        self._backend.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------

    def add(
        self,
        documents: Iterable[Document],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        on_progress: ProgressCallback | None = None,
        fsync: bool = True,
    ) -> int:
        """Add or replace (by id) documents; returns how many were written."""
        options = WriteOptions(batch_size, lock_timeout, on_commit=on_progress, fsync=fsync)
        return self._backend.write(documents, options).written

    def declare_fields(
        self,
        fields: Sequence[str | DeclaredField],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    ) -> tuple[DeclaredField, ...]:
        """Make keys of the records' ``extra`` filterable, facetable and shown in hits.

        ``fields`` are ``DeclaredField``s or texts like ``section:keyword``
        (kinds: keyword, numeric, date). The index remembers them; documents
        already indexed that carry a new key are indexed again, unchanged.
        Returns the fields that were not declared before.
        """
        return declare_fields(
            self._backend,
            as_declarations(fields),
            batch_size=batch_size,
            lock_timeout=lock_timeout,
        )

    def declared_fields(self) -> tuple[DeclaredField, ...]:
        """The fields declared in this index, by name."""
        return self._backend.declared_fields()

    def delete(self, ids: Iterable[str], *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> int:
        """Remove the documents with these ids; returns how many there were."""
        return self._backend.delete(ids, lock_timeout=lock_timeout)

    def index_paths(
        self,
        sources: Sequence[str | Path],
        on_progress: ProgressCallback | None = None,
        on_problem: ProblemCallback | None = None,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        should_stop: StopCheck | None = None,
        read_options: ReadOptions | None = None,
        fsync: bool = True,
    ) -> IndexReport:
        """Read the sources (pages, corpora, CSV, HTML, feeds, WARC; ``-`` is stdin)
        and add every valid document they hold."""
        options = _WriteOptions(batch_size, lock_timeout, should_stop, read_options, fsync)
        return self._index_paths(sources, on_progress, on_problem, options)

    def _index_paths(
        self,
        sources: Sequence[str | Path],
        on_progress: ProgressCallback | None,
        on_problem: ProblemCallback | None,
        options: _WriteOptions,
    ) -> IndexReport:
        from searchidx.ingest import ReadOptions, read_paths  # only index runs pay for these

        tally = Tally(on_problem)
        with closing(self._backend.reader()) as before:  # what was indexed before this run
            reading = dataclasses.replace(
                options.read_options or ReadOptions(), parents=_article_facts(before)
            )
            outcome = self._backend.write(
                tally.documents(read_paths(sources, reading)),
                WriteOptions(
                    options.batch_size,
                    options.lock_timeout,
                    on_progress,
                    options.should_stop,
                    fsync=options.fsync,
                ),
            )
        report = tally.report(interrupted=outcome.stopped)
        if outcome.stopped:
            raise IndexingInterruptedError(
                f"interrupted: committed {report.indexed} documents "
                f"in {outcome.commits} batches to {self.location}",
                report,
            )
        return report

    # -- reading -------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        limit: int | None = 10,
        offset: int = 0,
        filters: Filters | None = None,
        facets: Sequence[str] = DEFAULT_FACETS,
        sort: SortOrder = "relevance",
        group: Grouping | None = None,
        interval: Interval = "month",
        partial_ok: bool = False,
        where: Sequence[str] = (),
        fields: Sequence[str] | None = None,
    ) -> Results:
        """Search; facet counts cover all matches, hits are one page of them.

        ``limit=None`` returns every hit. ``group="article"`` returns articles
        with their matching comments nested (``total`` then counts articles).
        ``interval`` (day, week, month, year) sets the date facet's granularity.
        The source, type and declared keyword facets ignore their own filter
        (multi-select). A distributed index with a shard that has no live
        replica raises ShardUnavailableError; with ``partial_ok`` it answers
        from the other shards instead, flagged ``partial`` (a local index is
        never partial). ``where`` adds conditions on declared fields
        (``section=Politik``, ``words>=500``); ``fields`` chooses what hits carry
        (see :mod:`searchidx.features.hit_fields`; None: the usual keys).
        """
        _check_request(limit, offset, sort, group)
        grouped = group == "article"
        filters = with_conditions(filters or Filters(), where)
        chosen = None if fields is None else check_hit_fields(fields, self.declared_fields())
        request = SearchRequest(
            Query(query, filters),
            sort=sort,
            offset=0 if grouped else offset,
            limit=None if grouped else limit,
            facets=tuple(facets),
            interval=interval,
        )
        with closing(self._backend.reader(partial_ok=partial_ok)) as reader:
            found = reader.search(request)
            suggestion = suggest(query, reader)
            end = None if limit is None else offset + limit
            if grouped:
                groups = group_by_article(found.page)
                total = len(groups)
                hits = tuple(group_hit(reader, found.plan, group) for group in groups[offset:end])
                hits = chosen_fields(reader, hits, chosen)
            else:
                total = found.total
                hits = tuple(
                    with_fields(make_hit(reader, scored, found.plan), scored.document, chosen)
                    for scored in found.page
                )
            partial = bool(reader.missing)
        return Results(
            query=query,
            total=total,
            offset=offset,
            limit=limit,
            hits=hits,
            facets=dict(found.facets),
            suggestion=suggestion,
            sort=sort,
            group=group,
            interval=interval,
            partial=partial,
        )

    def iter_hits(
        self,
        query: str,
        *,
        filters: Filters | None = None,
        sort: SortOrder = "relevance",
        where: Sequence[str] = (),
        fields: Sequence[str] | None = None,
    ) -> Iterator[Hit]:
        """Every hit, streamed in order without a cap (no facets, no grouping).

        Never partial: a stream has no place for the flag, so a shard without a
        live replica is always ShardUnavailableError.
        """
        _check_request(None, 0, sort, None)
        chosen = None if fields is None else check_hit_fields(fields, self.declared_fields())
        reader = self._backend.reader()
        try:
            # Bad queries fail here, before the first hit is asked for.
            stream = reader.stream(Query(query, with_conditions(filters or Filters(), where)), sort)
        except BaseException:
            reader.close()
            raise
        return _streamed_hits(reader, stream, chosen)

    def timeline(
        self,
        query: str,
        *,
        filters: Filters | None = None,
        interval: Interval = "month",
        by: TimelineGrouping | None = None,
        partial_ok: bool = False,
    ) -> tuple[TimelinePoint, ...]:
        """Matching and total documents per period (and per source with ``by="source"``).

        ``partial_ok`` as for :meth:`search`: each point is then flagged
        ``partial``; a partial timeline without any point has nothing to carry
        the flag, so it raises ShardUnavailableError all the same.
        """
        with closing(self._backend.reader(partial_ok=partial_ok)) as reader:
            histogram = reader.histogram(Query(query, filters or Filters()), interval, by)
            missing = reader.missing
        return flag_partial(attention(histogram, interval, by), missing)

    def export(
        self, query: str, *, filters: Filters | None = None, sort: SortOrder = "date"
    ) -> Export:
        """Every matching document with provenance; rows stream while the index stays open.

        Never partial: its provenance claims the complete result, so a shard
        without a live replica is always ShardUnavailableError.

        Close the export (or use it as a context manager) if you stop early.
        """
        filters = filters or Filters()
        _check_request(None, 0, sort, None)
        reader = self._backend.reader()
        try:
            stream = reader.stream(Query(query, filters), sort)
            meta = ExportMeta(
                query=query,
                filters={name: value for name, value in asdict(filters).items() if value},
                sort=sort,
                created=datetime.now(UTC).replace(microsecond=0).isoformat(),
                total=stream.total,
                fingerprint=reader.fingerprint(),
                index=self.location,
                fields={field.name: field.kind for field in self.declared_fields()},
            )
        except ShardUnavailableError as error:
            reader.close()
            raise never_partial(error) from None
        except BaseException:
            reader.close()
            raise
        return Export(meta, _export_rows(reader, stream, sort))

    def fingerprint(self) -> str:
        """A hex digest of the index content: equal exactly when the documents are."""
        with closing(self._backend.reader()) as reader:
            return reader.fingerprint()

    def similar(self, doc_id: str, *, limit: int = 10) -> Results:
        """Documents most like ``doc_id`` by its characteristic terms."""
        _check_request(limit, 0, "relevance", None)
        with closing(self._backend.reader()) as reader:
            plan, found = reader.similar(doc_id, limit)
            hits = tuple(make_hit(reader, scored, plan) for scored in found)
        return Results(f"similar:{doc_id}", len(hits), 0, limit, hits, {})

    def get(self, doc_id: str) -> Document:
        """The stored document with this id (DocumentNotFoundError if absent)."""
        with closing(self._backend.reader()) as reader:
            document = reader.document(doc_id)
        if document is None:
            raise DocumentNotFoundError(f"no document with id {doc_id!r} in {self.location}")
        return document

    def stats(self) -> IndexStats:
        with closing(self._backend.reader()) as reader:
            return reader.stats()


def _check_request(limit: int | None, offset: int, sort: str, group: str | None) -> None:
    if (limit is not None and limit < 0) or offset < 0:
        raise InvalidFilterError("limit and offset must not be negative")
    sort_spec(sort)
    if group is not None and group not in GROUPINGS:
        raise InvalidFilterError(f"unknown grouping {group!r}; use article")


def _streamed_hits(reader: Reader, stream: Stream, chosen: Sequence[str] | None) -> Iterator[Hit]:
    """Every hit in order, snippets made one at a time; closes the reader when done."""
    try:
        for scored in stream.items:
            yield with_fields(make_hit(reader, scored, stream.plan), scored.document, chosen)
    finally:
        stream.close()
        reader.close()


def _export_rows(reader: Reader, stream: Stream, sort: str) -> Iterator[ExportRow]:
    """Export rows in a layout-independent order; closes the reader when done."""
    try:
        yield from export_rows(stream.items, sort)
    finally:
        stream.close()
        reader.close()


def _declared_before(path: Path) -> tuple[DeclaredField, ...]:
    """What the index a rebuild replaces declared; none if it cannot be opened
    (another version: rebuilding is how it gets fixed)."""
    try:
        with SearchIndex.open(path) as old:
            return old.declared_fields()
    except (IndexVersionError, IndexNotFoundError):
        return ()


def _remote(location: str) -> Backend:
    """The backend for a ``solr:URL`` location (a SolrCloud collection)."""
    from searchidx.backends.solr.backend import SolrBackend  # only Solr users pay for it

    return SolrBackend.connect(location)


@dataclass(frozen=True)
class _WriteOptions:
    batch_size: int
    lock_timeout: float
    should_stop: StopCheck | None
    read_options: ReadOptions | None = None
    fsync: bool = True


def _article_facts(reader: Reader) -> Callable[[str], tuple[str, str] | None]:
    """Title and outlet of an indexed article, for comments naming it as parent."""

    def lookup(doc_id: str) -> tuple[str, str] | None:
        stored = reader.document(doc_id)
        if stored is None or stored.type != "article":
            return None
        return stored.title, stored.source

    return lookup
