"""Analysing and writing segments in worker processes, committing them in order.

Whoosh writes one segment per commit, and nearly all of its cost is the pure
Python analysis and posting code, which one process runs on one core. Here a
pool of long-lived worker processes each turn a whole batch into a finished
segment while the parent reads the next batch; the parent commits the
segments strictly in batch order, one table of contents per batch, so crash
safety is the same as with a single writer: each commit is atomic and a
crash loses only batches not yet committed.

Workers die with the parent: a ``kill -9`` of ``searchidx index`` must not
leave them indexing for minutes (the kernel sends each one SIGKILL when the
parent dies, ``PR_SET_PDEATHSIG``). They never hold the parent's write lock
(writelock.py closes it in every forked child), so the next run can write.

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

import ctypes
import multiprocessing
import os
import shutil
import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import Any, Final

from whoosh import index as whoosh_index

from searchidx.backends.whoosh.segment_writer import FreshSegmentWriter

STAGING_PREFIX: Final = ".searchidx-staging-"
WORKER_LIMIT_MB: Final = 256
_PR_SET_PDEATHSIG: Final = 1  # from <linux/prctl.h>
# Without prctl (not Linux), how often a worker checks that its parent lives.
_PARENT_POLL_SECONDS: Final = 0.5

# Per worker process: its staging index, created on the first batch.
_staging: Any = None


def remove_staging_debris(folder: Path) -> None:
    """Delete staging folders a killed run left behind (hold the write lock)."""
    for entry in folder.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(entry, ignore_errors=True)


def die_with_parent(parent: int) -> None:
    """End this (forked) process as soon as process ``parent`` is gone."""
    libc = ctypes.CDLL(None, use_errno=True)
    prctl = getattr(libc, "prctl", None)
    if prctl is not None and prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
        if os.getppid() != parent:  # it died before prctl took effect
            os._exit(1)
        return
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_PARENT_POLL_SECONDS)
    os._exit(1)


def _init_worker(folder: str, schema: Any, indexname: str, parent: int) -> None:
    die_with_parent(parent)
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
            initargs=(ix.storage.folder, ix.schema, ix.indexname, os.getpid()),
        )
        self.workers = workers
        self._commit_segment = commit_segment
        self._in_flight: deque[tuple[AsyncResult[tuple[Any, list[str]]], Any]] = deque()
        self._folder = Path(ix.storage.folder)

    def submit(self, docs: list[dict[str, Any]], token: Any) -> None:
        """Queue one batch; commits finished ones so that at most ``workers`` run."""
        while len(self._in_flight) >= self.workers:
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
