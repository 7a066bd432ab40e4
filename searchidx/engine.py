"""SearchIndex: the facade the CLI and the HTTP layer call, returning plain data."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import TracebackType

from whoosh import query as wq
from whoosh.index import FileIndex
from whoosh.searching import Hit as WhooshHit

from searchidx import highlight, indexing
from searchidx.errors import DocumentNotFoundError, InvalidFilterError
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
from searchidx.querying import filter_query, make_parser, parse_query, sort_spec

ProgressCallback = Callable[[int], None]
ProblemCallback = Callable[[Skipped | Notice], None]
_KEEP_ON_REBUILD = (".gitkeep", "README.md")


class SearchIndex:
    """A searchidx index on disk. Open it, add documents, search, get, stats."""

    def __init__(self, path: Path, ix: FileIndex) -> None:
        self.path = path
        self._ix = ix
        self._parser = make_parser(ix.schema)

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path) -> SearchIndex:
        """Open an existing index (IndexNotFoundError / IndexVersionError otherwise)."""
        path = Path(path)
        return cls(path, indexing.open_index(path))

    @classmethod
    def create(cls, path: str | Path) -> SearchIndex:
        """Create a new, empty index; refuses to replace an existing one."""
        path = Path(path)
        return cls(path, indexing.create_index(path))

    @classmethod
    def build(
        cls,
        path: str | Path,
        sources: Sequence[str | Path],
        *,
        rebuild: bool = False,
        on_progress: ProgressCallback | None = None,
        on_problem: ProblemCallback | None = None,
    ) -> tuple[SearchIndex, IndexReport]:
        """Index ``sources`` into ``path``: add to an existing index, or create one.

        With ``rebuild=True`` a fresh index is built beside the old one and swapped
        in only when complete, so a failed or interrupted rebuild loses nothing.
        """
        path = Path(path)
        if not rebuild or not indexing.index_exists(path):
            index = cls.open(path) if indexing.index_exists(path) else cls.create(path)
            return index, index.index_paths(sources, on_progress, on_problem)
        staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.rebuild-", dir=path.parent))
        try:
            fresh = cls.create(staging)
            report = fresh.index_paths(sources, on_progress, on_problem)
            fresh.close()
            _swap_directories(staging, path)
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
        on_progress: ProgressCallback | None = None,
    ) -> int:
        """Add or replace (by id) documents; returns how many were written."""
        return indexing.add_documents(
            self._ix, documents, batch_size=batch_size, on_commit=on_progress
        )

    def index_paths(
        self,
        sources: Sequence[str | Path],
        on_progress: ProgressCallback | None = None,
        on_problem: ProblemCallback | None = None,
    ) -> IndexReport:
        """Read seed pages and JSONL files and add every valid document they hold."""
        from searchidx.ingest import read_paths  # only index runs pay for the ingesters

        tally = _Tally(on_problem)
        written = self.add(tally.documents(read_paths(sources)), on_progress=on_progress)
        return tally.report(written)

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
        parsed = parse_query(self._parser, query)
        restriction = filter_query(filters or Filters())
        sortedby, reverse = sort_spec(sort)
        with self._ix.searcher() as searcher:
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

    def report(self, written: int) -> IndexReport:
        return IndexReport(
            indexed=written,
            articles=self.articles,
            comments=self.comments,
            skipped=tuple(self.skipped),
            notices=tuple(self.notices),
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
