"""SearchIndex: the facade the CLI and the HTTP layer call, returning plain data."""

from __future__ import annotations

import glob
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from whoosh import query as wq
from whoosh.index import FileIndex
from whoosh.searching import Hit as WhooshHit

from searchidx import highlight, indexing
from searchidx.errors import DocumentNotFoundError, IndexingInterruptedError, InvalidFilterError
from searchidx.expansion import ReaderVocabulary
from searchidx.facets import DEFAULT_FACETS, check_facet_names, count_facets
from searchidx.models import (
    Document,
    Filters,
    Hit,
    IndexReport,
    IndexStats,
    Notice,
    Results,
    Skipped,
)
from searchidx.query_limits import bound_expansions
from searchidx.querying import filter_query, make_parser, parse_query, sort_spec
from searchidx.writelock import write_lock

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
        limit: int = 10,
        offset: int = 0,
        filters: Filters | None = None,
        facets: Sequence[str] = DEFAULT_FACETS,
        sort: str = "relevance",
    ) -> Results:
        """Search; facet counts cover all matches, hits are one page of them."""
        if limit < 0 or offset < 0:
            raise InvalidFilterError("limit and offset must not be negative")
        check_facet_names(facets)
        restriction = filter_query(filters or Filters())
        sortedby, reverse = sort_spec(sort)
        with self._ix.searcher() as searcher:
            parsed = parse_query(
                make_parser(self._ix.schema, ReaderVocabulary(searcher.reader())), query
            )
            parsed = bound_expansions(parsed, searcher.reader())
            found = searcher.search(
                parsed,
                filter=restriction,
                limit=max(offset + limit, 1),
                sortedby=sortedby,
                reverse=reverse,
                terms=True,
            )
            highlight.configure(found)
            hits = tuple(_to_hit(hit) for hit in found[offset : offset + limit])
            # Counted ourselves: Whoosh's len(results) ignores the filter.
            matching = parsed if restriction is None else wq.And([parsed, restriction])
            docnums = list(searcher.docs_for_query(matching))
            facet_counts = count_facets(searcher, docnums, facets) if facets else {}
        return Results(query, len(docnums), offset, limit, hits, facet_counts)

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


def _to_hit(hit: WhooshHit) -> Hit:
    doc = indexing.stored_to_document(hit.fields())
    return Hit(
        id=doc.id,
        type=doc.type,
        parent_id=doc.parent_id,
        title=doc.title,
        source=doc.source,
        date=doc.date,
        author=doc.author,
        url=doc.url,
        score=float(hit.score or 0.0),
        snippet=highlight.snippet(hit, doc.text),
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
