"""SearchIndex: the facade the CLI and the HTTP layer call, returning plain data."""

from __future__ import annotations

import glob
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from whoosh import query as wq
from whoosh.index import FileIndex

from searchidx.backends.whoosh import indexing, reading
from searchidx.backends.whoosh.facets import DEFAULT_FACETS, count_facets
from searchidx.backends.whoosh.searching import SearchRun
from searchidx.backends.whoosh.writelock import write_lock
from searchidx.errors import DocumentNotFoundError, IndexingInterruptedError
from searchidx.features.export import Export
from searchidx.features.fingerprint import content_fingerprint
from searchidx.features.timeline import attention
from searchidx.models import (
    Document,
    Filters,
    Hit,
    IndexReport,
    IndexStats,
    Notice,
    Results,
    Skipped,
    TimelinePoint,
)

ProgressCallback = Callable[[int], None]
ProblemCallback = Callable[[Skipped | Notice], None]
StopCheck = Callable[[], bool]
_KEEP_ON_REBUILD = (".gitkeep", "README.md")


class SearchIndex:
    """A searchidx index on disk. Open it, add documents, search, get, stats."""

    def __init__(self, path: Path, ix: FileIndex) -> None:
        self.path = path
        self._ix = ix

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path) -> SearchIndex:
        """Open an existing index (IndexNotFoundError / IndexVersionError otherwise)."""
        path = Path(path)
        return cls(path, indexing.open_index(path))

    @classmethod
    def create(
        cls, path: str | Path, *, lock_timeout: float = indexing.DEFAULT_LOCK_TIMEOUT
    ) -> SearchIndex:
        """Create a new, empty index; refuses to replace an existing one."""
        path = Path(path)
        return cls(path, indexing.create_index(path, lock_timeout=lock_timeout))

    @classmethod
    def build(
        cls,
        path: str | Path,
        sources: Sequence[str | Path],
        *,
        rebuild: bool = False,
        on_progress: ProgressCallback | None = None,
        on_problem: ProblemCallback | None = None,
        batch_size: int = indexing.DEFAULT_BATCH_SIZE,
        lock_timeout: float = indexing.DEFAULT_LOCK_TIMEOUT,
        should_stop: StopCheck | None = None,
    ) -> tuple[SearchIndex, IndexReport]:
        """Index ``sources`` into ``path``: add to an existing index, or create one.

        Documents are committed every ``batch_size``; a concurrent writer makes
        this wait up to ``lock_timeout`` seconds, then IndexLockedError. When
        ``should_stop()`` turns true, the batch in flight is committed and
        IndexingInterruptedError (with the report) is raised. With ``rebuild=True``
        a fresh index is built beside the old one and swapped in only when
        complete, so a failed or interrupted rebuild loses nothing.
        """
        path = Path(path)
        options = _WriteOptions(batch_size, lock_timeout, should_stop)
        if rebuild and indexing.index_exists(path):
            return cls._rebuild(path, sources, on_progress, on_problem, options)
        index = cls(path, indexing.open_or_create(path, lock_timeout=lock_timeout))
        try:
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
    ) -> tuple[SearchIndex, IndexReport]:
        # Holding the old index's lock keeps other writers out until the swap, and
        # makes any staging directory still there the debris of a killed rebuild.
        with write_lock(path, options.lock_timeout):
            for debris in path.parent.glob(glob.escape(f".{path.name}") + ".rebuild-*"):
                shutil.rmtree(debris, ignore_errors=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.rebuild-", dir=path.parent))
            staging.chmod(path.stat().st_mode & 0o7777)  # mkdtemp's 0700 would lock readers out
            try:
                with cls.create(staging) as fresh:
                    report = fresh._index_paths(sources, on_progress, on_problem, options)
                _swap_directories(staging, path)
            except IndexingInterruptedError as stopped:
                raise IndexingInterruptedError(
                    f"rebuild interrupted; the index in {path} is unchanged",
                    stopped.report,
                    hint="run the same `searchidx index --rebuild` again",
                ) from None
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        return cls.open(path), report

    def close(self) -> None:
        self._ix.close()

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
        batch_size: int = indexing.DEFAULT_BATCH_SIZE,
        lock_timeout: float = indexing.DEFAULT_LOCK_TIMEOUT,
        on_progress: ProgressCallback | None = None,
    ) -> int:
        """Add or replace (by id) documents; returns how many were written."""
        return indexing.add_documents(
            self._ix,
            documents,
            batch_size=batch_size,
            lock_timeout=lock_timeout,
            on_commit=on_progress,
        )

    def index_paths(
        self,
        sources: Sequence[str | Path],
        on_progress: ProgressCallback | None = None,
        on_problem: ProblemCallback | None = None,
        *,
        batch_size: int = indexing.DEFAULT_BATCH_SIZE,
        lock_timeout: float = indexing.DEFAULT_LOCK_TIMEOUT,
        should_stop: StopCheck | None = None,
    ) -> IndexReport:
        """Read seed pages and JSONL files and add every valid document they hold."""
        options = _WriteOptions(batch_size, lock_timeout, should_stop)
        return self._index_paths(sources, on_progress, on_problem, options)

    def _index_paths(
        self,
        sources: Sequence[str | Path],
        on_progress: ProgressCallback | None,
        on_problem: ProblemCallback | None,
        options: _WriteOptions,
    ) -> IndexReport:
        from searchidx.ingest import read_paths  # only index runs pay for the ingesters

        tally = _Tally(on_problem)
        outcome = indexing.write_documents(
            self._ix,
            tally.documents(read_paths(sources)),
            batch_size=options.batch_size,
            lock_timeout=options.lock_timeout,
            on_commit=on_progress,
            should_stop=options.should_stop,
        )
        report = tally.report(outcome.written, interrupted=outcome.stopped)
        if outcome.stopped:
            raise IndexingInterruptedError(
                f"interrupted: committed {outcome.written} documents "
                f"in {outcome.commits} batches to {self.path}",
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
        sort: str = "relevance",
        group: str | None = None,
        interval: str = "month",
    ) -> Results:
        """Search; facet counts cover all matches, hits are one page of them.

        ``limit=None`` returns every hit. ``group="article"`` returns articles
        with their matching comments nested (``total`` then counts articles).
        ``interval`` (day, week, month, year) sets the date facet's granularity.
        The source and type facets ignore their own filter (multi-select).
        """
        reading.check_request(limit, offset, sort, group)
        with self._ix.searcher() as searcher:
            run = SearchRun(searcher, query, filters or Filters())
            return reading.search_page(
                run,
                limit=limit,
                offset=offset,
                facets=facets,
                sort=sort,
                group=group,
                interval=interval,
            )

    def iter_hits(
        self, query: str, *, filters: Filters | None = None, sort: str = "relevance"
    ) -> Iterator[Hit]:
        """Every hit, streamed in order without a cap (no facets, no grouping)."""
        reading.check_request(None, 0, sort, None)
        searcher = self._ix.searcher()
        try:
            run = SearchRun(searcher, query, filters or Filters())  # bad queries fail here
        except BaseException:
            searcher.close()
            raise
        return reading.stream_hits(run, sort)

    def timeline(
        self,
        query: str,
        *,
        filters: Filters | None = None,
        interval: str = "month",
        by: str | None = None,
    ) -> tuple[TimelinePoint, ...]:
        """Matching and total documents per period (and per source with ``by="source"``)."""
        with self._ix.searcher() as searcher:
            return attention(SearchRun(searcher, query, filters or Filters()), interval, by)

    def export(self, query: str, *, filters: Filters | None = None, sort: str = "date") -> Export:
        """Every matching document with provenance; rows stream while the index stays open.

        Close the export (or use it as a context manager) if you stop early.
        """
        filters = filters or Filters()
        reading.check_request(None, 0, sort, None)
        searcher = self._ix.searcher()
        try:
            run = SearchRun(searcher, query, filters)
            meta = reading.export_meta(run, filters, sort, str(self.path))
        except BaseException:
            searcher.close()
            raise
        return Export(meta, reading.export_rows(run, sort))

    def fingerprint(self) -> str:
        """A hex digest of the index content: equal exactly when the documents are."""
        with self._ix.searcher() as searcher:
            return content_fingerprint(searcher)

    def similar(self, doc_id: str, *, limit: int = 10) -> Results:
        """Documents most like ``doc_id`` by its characteristic terms."""
        reading.check_request(limit, 0, "relevance", None)
        with self._ix.searcher() as searcher:
            hits = reading.similar_hits(searcher, doc_id, limit)
        return Results(f"similar:{doc_id}", len(hits), 0, limit, hits, {})

    def get(self, doc_id: str) -> Document:
        """The stored document with this id (DocumentNotFoundError if absent)."""
        with self._ix.searcher() as searcher:
            stored = searcher.document(id=doc_id)
        if stored is None:
            raise DocumentNotFoundError(f"no document with id {doc_id!r} in {self.path}")
        return indexing.stored_to_document(stored)

    def stats(self) -> IndexStats:
        with self._ix.searcher() as searcher:
            counts = count_facets(searcher, searcher.docs_for_query(wq.Every()), ("type", "source"))
        types = {value.value: value.count for value in counts["type"]}
        return IndexStats(
            documents=sum(types.values()),
            articles=types.get("article", 0),
            comments=types.get("comment", 0),
            sources=len(counts["source"]),
            path=str(self.path),
        )


@dataclass(frozen=True)
class _WriteOptions:
    batch_size: int
    lock_timeout: float
    should_stop: StopCheck | None


class _Tally:
    """Counts what flows from the ingester into the index and reports problems."""

    def __init__(self, on_problem: ProblemCallback | None) -> None:
        self._on_problem = on_problem
        self.articles = 0
        self.comments = 0
        self.skipped: list[Skipped] = []
        self.notices: list[Notice] = []

    def documents(self, items: Iterable[Document | Skipped | Notice]) -> Iterable[Document]:
        for item in items:
            if isinstance(item, Document):
                if item.type == "article":
                    self.articles += 1
                else:
                    self.comments += 1
                yield item
                continue
            if isinstance(item, Skipped):
                self.skipped.append(item)
            else:
                self.notices.append(item)
            if self._on_problem is not None:
                self._on_problem(item)

    def report(self, written: int, *, interrupted: bool = False) -> IndexReport:
        return IndexReport(
            indexed=written,
            articles=self.articles,
            comments=self.comments,
            skipped=tuple(self.skipped),
            notices=tuple(self.notices),
            interrupted=interrupted,
        )


def _swap_directories(fresh: Path, target: Path) -> None:
    """Replace ``target`` by ``fresh`` with two renames, keeping repo placeholders."""
    for name in _KEEP_ON_REBUILD:
        if (target / name).is_file():
            shutil.copy2(target / name, fresh / name)
    retired = target.with_name(f".{target.name}.retired")
    shutil.rmtree(retired, ignore_errors=True)
    target.rename(retired)
    fresh.rename(target)
    shutil.rmtree(retired, ignore_errors=True)
