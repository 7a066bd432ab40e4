"""Indexing runs: read sources into a backend, creating the index or rebuilding it.

The machinery behind :meth:`SearchIndex.build` and :meth:`SearchIndex.index_paths`.
It hands back backends, so the facade stays the one place an index is wrapped.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from searchidx.backends.base import Backend, Reader, WriteOptions
from searchidx.backends.whoosh import indexing
from searchidx.backends.whoosh.backend import WhooshBackend
from searchidx.backends.whoosh.rebuild import staged_rebuild
from searchidx.errors import IndexingInterruptedError, IndexNotFoundError, IndexVersionError
from searchidx.features.declaring import declare_fields
from searchidx.features.fields import DeclaredField
from searchidx.ingest.tally import ProblemCallback, Tally
from searchidx.models import IndexReport

if TYPE_CHECKING:
    from searchidx.ingest.options import ReadOptions

ProgressCallback = Callable[[int], None]
StopCheck = Callable[[], bool]


@dataclass(frozen=True)
class IndexingRun:
    """What a caller asked of one indexing run, besides its sources."""

    on_progress: ProgressCallback | None
    on_problem: ProblemCallback | None
    batch_size: int
    lock_timeout: float
    should_stop: StopCheck | None
    read_options: ReadOptions | None = None
    fsync: bool = True


def build_backend(
    path: Path,
    sources: Sequence[str | Path],
    run: IndexingRun,
    fields: Sequence[DeclaredField],
    *,
    rebuild: bool,
) -> tuple[Backend, IndexReport]:
    """The index in ``path`` holding ``sources`` (see :meth:`SearchIndex.build`)."""
    if rebuild and indexing.index_exists(path):
        report = _rebuild(path, sources, run, (*_declared_before(path), *fields))
        return WhooshBackend.open(path), report
    backend = WhooshBackend.open_or_create(path, lock_timeout=run.lock_timeout)
    try:
        declare_fields(backend, fields, batch_size=run.batch_size, lock_timeout=run.lock_timeout)
        report = index_sources(backend, sources, run)
    except BaseException:
        backend.close()
        raise
    return backend, report


def _rebuild(
    path: Path, sources: Sequence[str | Path], run: IndexingRun, fields: Sequence[DeclaredField]
) -> IndexReport:
    """Build a fresh index beside ``path`` and swap it in only when complete."""
    try:
        with (
            staged_rebuild(path, run.lock_timeout, fsync=run.fsync) as staging,
            closing(
                WhooshBackend.create(staging, lock_timeout=indexing.DEFAULT_LOCK_TIMEOUT)
            ) as fresh,
        ):
            declare_fields(
                fresh,
                fields,
                batch_size=indexing.DEFAULT_BATCH_SIZE,
                lock_timeout=run.lock_timeout,
            )
            return index_sources(fresh, sources, run)
    except IndexingInterruptedError as stopped:
        raise IndexingInterruptedError(
            f"rebuild interrupted; the index in {path} is unchanged",
            stopped.report,
            hint="run the same `searchidx index --rebuild` again",
        ) from None


def index_sources(backend: Backend, sources: Sequence[str | Path], run: IndexingRun) -> IndexReport:
    """Read the sources and add every valid document they hold (IndexingInterruptedError
    once ``should_stop`` turns true, after committing the batch in flight)."""
    from searchidx.ingest import ReadOptions, read_paths  # only index runs pay for these

    tally = Tally(run.on_problem)
    with closing(backend.reader()) as before:  # what was indexed before this run
        reading = dataclasses.replace(
            run.read_options or ReadOptions(), parents=_article_facts(before)
        )
        outcome = backend.write(
            tally.documents(read_paths(sources, reading)),
            WriteOptions(
                run.batch_size,
                run.lock_timeout,
                run.on_progress,
                run.should_stop,
                fsync=run.fsync,
            ),
        )
    report = tally.report(interrupted=outcome.stopped)
    if outcome.stopped:
        raise IndexingInterruptedError(
            f"interrupted: committed {report.indexed} documents "
            f"in {outcome.commits} batches to {backend.location}",
            report,
        )
    return report


def _declared_before(path: Path) -> tuple[DeclaredField, ...]:
    """What the index a rebuild replaces declared; none if it cannot be opened
    (another version: rebuilding is how it gets fixed)."""
    try:
        with closing(WhooshBackend.open(path)) as old:
            return old.declared_fields()
    except (IndexVersionError, IndexNotFoundError):
        return ()


def _article_facts(reader: Reader) -> Callable[[str], tuple[str, str] | None]:
    """Title and outlet of an indexed article, for comments naming it as parent."""

    def lookup(doc_id: str) -> tuple[str, str] | None:
        stored = reader.document(doc_id)
        if stored is None or stored.type != "article":
            return None
        return stored.title, stored.source

    return lookup
