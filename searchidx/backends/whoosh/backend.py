"""The embedded backend: a Whoosh index in one directory (see :mod:`searchidx.backends.base`).

Creating and writing import :mod:`indexing` (segment workers, multiprocessing) when
called: opening and searching never need it, so reading commands start faster.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from whoosh.index import FileIndex
from whoosh.searching import Searcher

from analyzers import FULL_ANALYSIS, AnalysisOptions
from searchidx.backends.base import WriteOptions, WriteOutcome
from searchidx.backends.whoosh import opening
from searchidx.backends.whoosh.declared import declare, declared_fields
from searchidx.backends.whoosh.mapped import MappedStorage
from searchidx.backends.whoosh.merging import merge_tiers
from searchidx.backends.whoosh.reading import WhooshReader
from searchidx.backends.whoosh.searcher_pool import SearcherPool
from searchidx.backends.whoosh.weighting import RankedBM25F
from searchidx.backends.whoosh.writelock import remove_crash_debris, write_lock
from searchidx.features.fields import DeclaredField
from searchidx.models import Document
from searchidx.ranking import DEFAULT_RANKING, RankingOptions


class WhooshBackend:
    """A searchidx index directory, opened."""

    def __init__(
        self, path: Path, ix: FileIndex, ranking: RankingOptions = DEFAULT_RANKING
    ) -> None:
        self.path = path
        self.ix = ix
        self.ranking = ranking
        # Searchers read through memory maps (mapped.py); writers keep plain reads.
        self._read_ix = MappedStorage(path).open_index(ix.indexname)
        self._searchers = SearcherPool(self._open_searcher)
        self._declared: tuple[int, tuple[DeclaredField, ...]] | None = None

    @classmethod
    def open(cls, path: Path, ranking: RankingOptions = DEFAULT_RANKING) -> WhooshBackend:
        """Open an existing index (IndexNotFoundError / IndexVersionError otherwise)."""
        return cls(path, opening.open_index(path), ranking)

    @classmethod
    def create(
        cls,
        path: Path,
        *,
        lock_timeout: float,
        analysis: AnalysisOptions = FULL_ANALYSIS,
        ranking: RankingOptions = DEFAULT_RANKING,
    ) -> WhooshBackend:
        """A new, empty index; refuses to replace an existing one.

        ``analysis`` and ``ranking`` switch features off (for measurements only).
        """
        from searchidx.backends.whoosh import indexing  # the write side: see the docstring

        ix = indexing.create_index(path, lock_timeout=lock_timeout, analysis=analysis)
        return cls(path, ix, ranking)

    @classmethod
    def open_or_create(cls, path: Path, *, lock_timeout: float) -> WhooshBackend:
        from searchidx.backends.whoosh import indexing  # the write side: see the docstring

        return cls(path, indexing.open_or_create(path, lock_timeout=lock_timeout))

    @property
    def location(self) -> str:
        return str(self.path)

    def write(self, documents: Iterable[Document], options: WriteOptions) -> WriteOutcome:
        from searchidx.backends.whoosh import indexing  # the write side: see the docstring

        return indexing.write_documents(
            self.ix,
            documents,
            batch_size=options.batch_size,
            lock_timeout=options.lock_timeout,
            on_commit=options.on_commit,
            should_stop=options.should_stop,
            fsync=options.fsync,
        )

    def delete(self, ids: Iterable[str], *, lock_timeout: float) -> int:
        """Remove documents by id in one commit, holding the write lock."""
        folder = Path(self.ix.storage.folder)
        with write_lock(folder, lock_timeout):
            remove_crash_debris(folder)
            # _lk=False: we hold the lock Whoosh would take per writer.
            writer = self.ix.writer(_lk=False)
            try:
                removed = sum(writer.delete_by_term("id", doc_id) for doc_id in set(ids))
                writer.commit(mergetype=merge_tiers)
            except BaseException:
                writer.cancel()
                raise
        return int(removed)

    def declared_fields(self) -> tuple[DeclaredField, ...]:
        """The declared fields of the latest commit.

        Whoosh unpickles the whole schema, analyzers included, from the table of
        contents on every ``ix.schema`` (~0.5 ms, the cost of a small query), so
        the answer is kept until a commit writes a new generation.
        """
        generation = self.ix.latest_generation()
        if self._declared is None or self._declared[0] != generation:
            self._declared = (generation, declared_fields(self.ix.schema))
        return self._declared[1]

    def declare(
        self, fields: Iterable[DeclaredField], *, lock_timeout: float
    ) -> tuple[DeclaredField, ...]:
        """Add fields to the index's schema (committed); returns the newly declared ones."""
        return declare(self.ix, fields, lock_timeout)

    def reader(self, *, partial_ok: bool = False) -> WhooshReader:
        """A reader over the committed index; it is whole on disk, so never partial."""
        searcher = self._searchers.take()
        return WhooshReader(searcher, self.location, self.ranking, release=self._searchers.give)

    def _open_searcher(self) -> Searcher:
        return self._read_ix.searcher(weighting=RankedBM25F(self.ranking))

    def close(self) -> None:
        self._searchers.close()
        self.ix.close()
