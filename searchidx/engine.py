"""SearchIndex: the facade the CLI and the HTTP layer call, returning plain data."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from analyzers import FULL_ANALYSIS, AnalysisOptions
from searchidx.backends.base import FACETS, Backend, Query, SearchRequest, WriteOptions
from searchidx.backends.locations import SOLR_PREFIX as SOLR_PREFIX  # still importable here
from searchidx.backends.locations import is_remote, remote_backend
from searchidx.backends.whoosh import opening, write_defaults
from searchidx.backends.whoosh.backend import WhooshBackend
from searchidx.errors import DocumentNotFoundError
from searchidx.features.answers import Answers
from searchidx.features.declaring import as_declarations, declare_fields
from searchidx.features.export import Export
from searchidx.features.fields import DeclaredField
from searchidx.features.hit_fields import check_hit_fields, shows_snippet
from searchidx.features.hits import make_hit
from searchidx.features.results import search_results
from searchidx.features.streams import open_export, streamed_hits
from searchidx.features.timeline import attention, flag_partial
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
from searchidx.query.requests import check_request
from searchidx.query.where import with_conditions
from searchidx.ranking import DEFAULT_RANKING, RankingOptions

if TYPE_CHECKING:
    # Indexing runs (searchidx.building) read sources: the ingest package and the
    # write machinery. Imported when a run starts, so reading commands start faster.
    from searchidx.building import ProgressCallback, StopCheck
    from searchidx.ingest.options import ReadOptions
    from searchidx.ingest.tally import ProblemCallback

DEFAULT_FACETS = FACETS
DEFAULT_BATCH_SIZE = write_defaults.DEFAULT_BATCH_SIZE
DEFAULT_LOCK_TIMEOUT = write_defaults.DEFAULT_LOCK_TIMEOUT


class SearchIndex:
    """A searchidx index: open it, add documents, search, get, stats.

    The facade over a backend (:mod:`searchidx.backends.base`): the CLI, the
    HTTP API and Python callers use only this class, whatever stores the index.
    """

    def __init__(self, backend: Backend, path: Path | None = None) -> None:
        self._backend = backend
        self.location = backend.location
        # Repeated searches of an unchanged index are answered from here;
        # ``index.answers.capacity = 0`` turns that off (see features.answers).
        self.answers = Answers()
        # The index directory; a remote backend has none and shows its location.
        self.path = path if path is not None else Path(self.location)

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(
        cls, location: str | Path, *, ranking: RankingOptions = DEFAULT_RANKING
    ) -> SearchIndex:
        """Open an existing index (IndexNotFoundError / IndexVersionError otherwise).

        ``location`` is an index directory, or ``solr:URL`` for a SolrCloud
        collection (the one place a backend is chosen: see :func:`remote_backend`).
        ``ranking`` changes how matches are weighted (for measurements; see
        :mod:`searchidx.ranking`).
        """
        if is_remote(location):
            return cls(remote_backend(location))
        path = Path(location)
        return cls(WhooshBackend.open(path, ranking), path)

    @classmethod
    def exists(cls, location: str | Path) -> bool:
        """Whether ``location`` holds an index (remote locations are checked on open)."""
        if is_remote(location):
            return True
        return opening.index_exists(Path(location))

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
        from searchidx.building import IndexingRun, build_backend  # see TYPE_CHECKING above

        path = Path(path)
        declared = as_declarations(fields)
        run = IndexingRun(
            on_progress, on_problem, batch_size, lock_timeout, should_stop, read_options, fsync
        )
        backend, report = build_backend(path, sources, run, declared, rebuild=rebuild)
        return cls(backend, path), report

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
        from searchidx.building import IndexingRun, index_sources  # see TYPE_CHECKING above

        run = IndexingRun(
            on_progress, on_problem, batch_size, lock_timeout, should_stop, read_options, fsync
        )
        return index_sources(self._backend, sources, run)

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
        suggest: bool = False,
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
        A query that finds nothing gets a ``suggestion`` (did you mean) when a
        corrected spelling finds something; ``suggest=True`` also corrects the
        words that find nothing in a query that found something
        (``Putin OR Kurks`` -> ``Putin OR Kursk``), at some cost per such word.
        A search repeated while the index is unchanged is answered from
        :attr:`answers` (the same Results object; treat results as read-only).
        """
        check_request(limit, offset, sort, group)
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
            snippets=grouped or shows_snippet(chosen),  # grouped: comments show theirs
        )
        asked = (request, offset, limit, group, chosen, suggest, partial_ok)
        with closing(self._backend.reader(partial_ok=partial_ok)) as reader:
            return self.answers.answer(
                reader.version(),
                asked,
                lambda: search_results(
                    reader,
                    request,
                    offset=offset,
                    limit=limit,
                    group=group,
                    chosen=chosen,
                    suggest_words=suggest,
                ),
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
        check_request(None, 0, sort, None)
        chosen = None if fields is None else check_hit_fields(fields, self.declared_fields())
        reader = self._backend.reader()
        try:
            # Bad queries fail here, before the first hit is asked for.
            stream = reader.stream(Query(query, with_conditions(filters or Filters(), where)), sort)
        except BaseException:
            reader.close()
            raise
        return streamed_hits(reader, stream, chosen)

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
        check_request(None, 0, sort, None)
        return open_export(
            self._backend.reader(),
            Query(query, filters or Filters()),
            sort,
            index=self.location,
            declared=self.declared_fields,
        )

    def fingerprint(self) -> str:
        """A hex digest of the index content: equal exactly when the documents are."""
        with closing(self._backend.reader()) as reader:
            return reader.fingerprint()

    def similar(self, doc_id: str, *, limit: int = 10) -> Results:
        """Documents most like ``doc_id`` by its characteristic terms."""
        check_request(limit, 0, "relevance", None)
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
