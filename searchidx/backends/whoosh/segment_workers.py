"""Analysing and writing segments in worker processes, committing them in order.

Whoosh writes one segment per commit, and nearly all of its cost is the pure
Python analysis and posting code, which one process runs on one core. Here a
pool of long-lived worker processes each turn a whole batch into a finished
segment while the parent reads the next batch; the parent commits the
segments strictly in batch order, one table of contents per batch, so crash
safety is the same as with a single writer: each commit is atomic and a
crash loses only batches not yet committed.

Workers live for the whole run, so their analyzer caches (decompounding,
stemming, whole-chain terms) warm up once instead of once per batch, as they
would with Whoosh's own ``procs=`` writer, which also starts new processes
per commit.

A worker writes into its own staging index (``.searchidx-staging-PID`` inside
the index directory: Whoosh's file cleaner skips dot names), and the parent
moves the finished segment file into the index just before the commit that
lists it. Writing straight into the index would not work: every commit
deletes segment files the new table of contents does not list, including
those another process is still writing.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
from collections import deque
from collections.abc import Callable
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import Any, Final

from whoosh import index as whoosh_index

from searchidx.backends.whoosh.segment_writer import FreshSegmentWriter

STAGING_PREFIX: Final = ".searchidx-staging-"
WORKER_LIMIT_MB: Final = 256

# Per worker process: its staging index, created on the first batch.
_staging: Any = None


def remove_staging_debris(folder: Path) -> None:
    """Delete staging folders a killed run left behind (hold the write lock)."""
    for entry in folder.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(entry, ignore_errors=True)


def _init_worker(folder: str, schema: Any, indexname: str) -> None:
    # Ctrl-C goes to the whole process group; the parent decides what happens
    # (commit what is done, then stop), so workers must not die half-way.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _staging
    staging = Path(folder) / f"{STAGING_PREFIX}{os.getpid()}"
    staging.mkdir()
    _staging = whoosh_index.create_in(str(staging), schema, indexname=indexname)


def _write_segment(docs: list[dict[str, Any]]) -> tuple[Any, list[str]]:
    """Index ``docs`` into a finished segment; returns it and its file paths."""
    writer = FreshSegmentWriter(_staging, _lk=False, limitmb=WORKER_LIMIT_MB)
    try:
        for fields in docs:
            writer.add_document(**fields)
        segment = writer._finalize_segment()
    finally:
        writer._tempstorage.destroy()
    folder = Path(_staging.storage.folder)
    prefix = f"{segment.segment_id()}."  # "MAIN_<random id>.seg" and friends
    paths = [str(path) for path in folder.iterdir() if path.name.startswith(prefix)]
    if not paths:
        raise RuntimeError(f"worker wrote no files for segment {segment.segment_id()}")
    return segment, paths


class SegmentPipeline:
    """Sends batches to worker processes and commits their segments in order.

    ``commit_segment(segment, paths)`` runs in the parent, in batch order, with
    the write lock held; it must move ``paths`` into the index and commit.
    """

    def __init__(
        self,
        ix: Any,
        workers: int,
        commit_segment: Callable[[Any, list[str], Any], None],
    ) -> None:
        context = multiprocessing.get_context("fork")
        self._pool: Pool = context.Pool(
            workers,
            initializer=_init_worker,
            initargs=(ix.storage.folder, ix.schema, ix.indexname),
        )
        self._workers = workers
        self._commit_segment = commit_segment
        self._in_flight: deque[tuple[AsyncResult[tuple[Any, list[str]]], Any]] = deque()
        self._folder = Path(ix.storage.folder)

    def submit(self, docs: list[dict[str, Any]], token: Any) -> None:
        """Queue one batch; commits finished ones so that at most ``workers`` run."""
        while len(self._in_flight) >= self._workers:
            self._commit_oldest()
        self._in_flight.append((self._pool.apply_async(_write_segment, (docs,)), token))

    def drain(self) -> None:
        """Commit every batch still in flight."""
        while self._in_flight:
            self._commit_oldest()

    def _commit_oldest(self) -> None:
        result, token = self._in_flight.popleft()
        segment, paths = result.get()
        self._commit_segment(segment, paths, token)

    def close(self) -> None:
        """Stop the workers and remove their staging folders."""
        self._pool.terminate()
        self._pool.join()
        remove_staging_debris(self._folder)

    def __enter__(self) -> SegmentPipeline:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
