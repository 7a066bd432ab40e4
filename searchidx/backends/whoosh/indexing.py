"""Creating and writing Whoosh indexes: batched, idempotent, marked.

Every index directory carries a marker file (``searchidx.json``). Whoosh unpickles
the schema stored in an index, so we refuse directories without our marker
instead of unpickling whatever a stranger left there. Opening for reading lives
in :mod:`opening`, the Document/field conversions in :mod:`documents`; both are
re-exported here for the writers.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from whoosh.index import FileIndex

from analyzers import FULL_ANALYSIS, AnalysisOptions
from searchidx.backends.base import WriteOutcome
from searchidx.backends.whoosh.declared import declared_fields
from searchidx.backends.whoosh.documents import document_fields, stored_to_document
from searchidx.backends.whoosh.durable import fsync_path
from searchidx.backends.whoosh.id_lookup import delete_ids
from searchidx.backends.whoosh.merging import keep_all, merge_tiers
from searchidx.backends.whoosh.opening import (
    CREATING_FLAG,
    index_exists,
    index_storage,
    open_index,
)
from searchidx.backends.whoosh.schema import GRAMS_FIELD, MARKER_FILE, build_schema, marker
from searchidx.backends.whoosh.segment_workers import SegmentPipeline, remove_staging_debris
from searchidx.backends.whoosh.segment_writer import BatchSegmentWriter
from searchidx.backends.whoosh.write_defaults import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_LOCK_TIMEOUT,
    index_workers,
)
from searchidx.backends.whoosh.writelock import (
    INDEX_NAME,
    lock_path,
    remove_crash_debris,
    write_lock,
)
from searchidx.errors import IndexExistsError
from searchidx.features.fields import DeclaredField
from searchidx.models import Document

__all__ = [  # the names other modules and tests import from here
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_LOCK_TIMEOUT",
    "add_documents",
    "create_index",
    "document_fields",
    "index_exists",
    "index_workers",
    "open_index",
    "open_or_create",
    "stored_to_document",
    "write_documents",
]

WRITER_LIMIT_MB = 128
# Worker processes pay off once an input fills a batch of this many documents.
PARALLEL_MIN_BATCH = 1_000
_ALLOWED_IN_NEW_INDEX = frozenset({".gitkeep", "README.md", CREATING_FLAG, lock_path(Path()).name})


def create_index(
    path: Path,
    *,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    analysis: AnalysisOptions = FULL_ANALYSIS,
) -> FileIndex:
    """Create an empty index in ``path`` (which must not hold one already)."""
    if index_exists(path):
        raise IndexExistsError(f"an index already exists in {path}")
    if not (path / CREATING_FLAG).is_file():
        _refuse_foreign_files(path)  # before the lock file, so a wrong --index stays untouched
    path.mkdir(parents=True, exist_ok=True)
    with write_lock(path, lock_timeout):
        if index_exists(path):  # another process created it while we waited
            raise IndexExistsError(f"an index already exists in {path}")
        return _create_locked(path, analysis)


def open_or_create(path: Path, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> FileIndex:
    """Open the index in ``path``, or create it there; safe against a concurrent creator."""
    if index_exists(path):
        return open_index(path)
    try:
        return create_index(path, lock_timeout=lock_timeout)
    except IndexExistsError:
        if index_exists(path):
            return open_index(path)
        raise


def _create_locked(path: Path, analysis: AnalysisOptions = FULL_ANALYSIS) -> FileIndex:
    # A run killed half-way through creation leaves the flag file: its Whoosh
    # files are ours and unfinished, so start over instead of refusing the dir.
    if (path / CREATING_FLAG).is_file():
        _remove_unfinished_index(path)
    _refuse_foreign_files(path)
    (path / CREATING_FLAG).touch()
    storage = index_storage(path)
    storage.create_index(build_schema(analysis))
    _write_atomically(path / MARKER_FILE, json.dumps(marker(), indent=2) + "\n")
    (path / CREATING_FLAG).unlink()
    # Opened anew: a handle from create_index keeps the schema it was given and
    # would neither see fields another handle declares nor keep them on commit.
    return storage.open_index()


def _refuse_foreign_files(path: Path) -> None:
    if path.is_dir() and any(p.name not in _ALLOWED_IN_NEW_INDEX for p in path.iterdir()):
        raise IndexExistsError(
            f"{path} is not empty and is not a searchidx index; refusing to write into it",
            hint="choose an empty or new directory with --index",
        )


def _remove_unfinished_index(path: Path) -> None:
    for entry in path.iterdir():
        if entry.name == lock_path(path).name:
            continue  # we hold it: deleting it would let another writer lock a new inode
        if entry.name.startswith((f"_{INDEX_NAME}_", f"{INDEX_NAME}_", MARKER_FILE)):
            entry.unlink(missing_ok=True)
    remove_crash_debris(path)
    (path / CREATING_FLAG).unlink(missing_ok=True)


def _write_atomically(target: Path, text: str) -> None:
    # A reader must never see a half-written marker: write aside, sync, then rename.
    partial = target.with_name(target.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    fsync_path(partial)
    partial.replace(target)
    fsync_path(target.parent)


def add_documents(
    ix: FileIndex,
    documents: Iterable[Document],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    on_commit: Callable[[int], None] | None = None,
    fsync: bool = True,
) -> int:
    """Add or replace documents by id (see write_documents); returns how many."""
    outcome = write_documents(
        ix,
        documents,
        batch_size=batch_size,
        lock_timeout=lock_timeout,
        on_commit=on_commit,
        fsync=fsync,
    )
    return outcome.written


def write_documents(
    ix: FileIndex,
    documents: Iterable[Document],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    on_commit: Callable[[int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    fsync: bool = True,
) -> WriteOutcome:
    """Add or replace documents by id, committing every ``batch_size`` documents.

    The write lock is held for the whole run (IndexLockedError after waiting
    ``lock_timeout`` seconds). Each commit is atomic, so a crash or kill loses
    at most the batch in flight, and re-running the same input converges on
    the same index because the id is unique and every write replaces. When
    ``should_stop()`` turns true the batch in flight is committed and the run ends.
    With ``fsync`` (the default) a commit is on disk before it is counted, so
    it survives a power loss too (durable.py); bulk loads may turn it off.
    """
    folder = Path(ix.storage.folder)
    ix.storage.fsync = fsync
    with write_lock(folder, lock_timeout):
        remove_crash_debris(folder)
        remove_staging_debris(folder)
        # Nobody else writes while we hold the lock: in an index that starts
        # empty an id can only exist if this run wrote it, which saves
        # update_document()'s per-document lookup for every other id.
        batches = _Batches(ix, fresh_ids=set() if ix.is_empty() else None)
        batches.declared = declared_fields(ix.schema)
        try:
            return _write_batches(batches, documents, max(batch_size, 1), on_commit, should_stop)
        finally:
            batches.close()


def _write_batches(
    batches: _Batches,
    documents: Iterable[Document],
    batch_size: int,
    on_commit: Callable[[int], None] | None,
    should_stop: Callable[[], bool] | None,
) -> WriteOutcome:
    stop = should_stop or (lambda: False)
    batch: dict[str, Document] = {}
    for doc in documents:
        # Later duplicates win; Whoosh would not see an earlier one in the same writer.
        batch.pop(doc.id, None)
        batch[doc.id] = doc
        stopping = stop()
        if len(batch) >= batch_size or stopping:
            batches.commit(list(batch.values()), on_commit, whole=len(batch) >= batch_size)
            batch.clear()
            if stopping:
                batches.finish(on_commit)
                return batches.outcome(stopped=True)
    if batch:
        batches.commit(list(batch.values()), on_commit, whole=False)
    batches.finish(on_commit)
    return batches.outcome(stopped=False)


class _Batches:
    """Commits batches with the run's write lock held and counts what they wrote.

    Batches of at least PARALLEL_MIN_BATCH documents go to worker processes
    (see segment_workers.py); small ones (the seeds, most tests) stay in this
    process. A batch that is not whole (the last of a run, or one cut short by
    a stop) is split among the workers, so that adding a thousand documents
    to a big index uses every core instead of one.
    """

    def __init__(self, ix: FileIndex, fresh_ids: set[str] | None) -> None:
        self._ix = ix
        self._fresh_ids = fresh_ids  # ids written so far, if the index started empty
        self._pipeline: SegmentPipeline | None = None
        self._on_commit: Callable[[int], None] | None = None
        self.written = 0
        self.commits = 0
        self.declared: tuple[DeclaredField, ...] = ()
        self.grams = GRAMS_FIELD in ix.schema  # an index made without grams stays so

    def commit(
        self, docs: list[Document], on_commit: Callable[[int], None] | None, *, whole: bool
    ) -> None:
        replace = {doc.id for doc in docs if self._needs_replace(doc.id)}
        if self._fresh_ids is not None:
            self._fresh_ids.update(doc.id for doc in docs)
        if self._pipeline is None and len(docs) >= PARALLEL_MIN_BATCH:
            workers = index_workers()
            if workers > 1:
                self._pipeline = SegmentPipeline(self._ix, workers, self._commit_staged)
        if self._pipeline is None:
            self._commit_here(docs, replace)
            self._count(len(docs), on_commit)
            return
        self._on_commit = on_commit
        # Whole batches of a bulk run commit without merging (merging.keep_all);
        # the parts of a small run's batch merge as an in-process commit would,
        # or every add of a thousand documents would leave small segments forever.
        policy = keep_all if whole else merge_tiers
        for part in _parts(docs, 1 if whole else self._pipeline.workers):
            fields = [document_fields(doc, self.declared, grams=self.grams) for doc in part]
            replaced = frozenset(doc.id for doc in part if doc.id in replace)
            self._pipeline.submit(fields, (replaced, len(part), policy))

    def _needs_replace(self, doc_id: str) -> bool:
        return self._fresh_ids is None or doc_id in self._fresh_ids

    def _commit_here(self, docs: list[Document], replace: set[str]) -> None:
        # _lk=False: the run already holds the lock Whoosh would take per writer.
        writer = BatchSegmentWriter(self._ix, _lk=False, limitmb=WRITER_LIMIT_MB)
        try:
            # What update_document() does per document, for all of them at once.
            delete_ids(writer, replace)
            for doc in docs:
                writer.add_document(**document_fields(doc, self.declared, grams=self.grams))
            writer.commit(mergetype=merge_tiers)
        except BaseException:
            _cancel(writer)
            raise

    def _commit_staged(self, segment: Any, paths: list[str], token: Any) -> None:
        """Commit a worker's finished segment, replacing the ids it supersedes."""
        replace, count, policy = token
        # Ours, so that segments the policy merges get their side files too.
        writer = BatchSegmentWriter(self._ix, _lk=False, limitmb=WRITER_LIMIT_MB)
        try:
            delete_ids(writer, replace)
            # What writer.commit() does, with the worker's segment as the new one.
            segments = writer._merge_segments(policy, None, None)
            if writer._added:  # the merge policy merged old segments into this writer
                segments.append(writer._finalize_segment())
            else:
                writer._close_segment()
            for path in paths:
                self._ix.storage.adopt_file(path)
            writer._commit_toc([*segments, segment])
            writer._finish()
        except BaseException:
            _cancel(writer)
            raise
        self._count(count, self._on_commit)

    def _count(self, docs: int, on_commit: Callable[[int], None] | None) -> None:
        self.written += docs
        self.commits += 1
        if on_commit is not None:
            on_commit(self.written)

    def finish(self, on_commit: Callable[[int], None] | None) -> None:
        """Commit whatever the workers still have in flight."""
        if self._pipeline is not None:
            self._on_commit = on_commit
            self._pipeline.drain()

    def close(self) -> None:
        if self._pipeline is not None:
            self._pipeline.close()
            self._pipeline = None

    def outcome(self, *, stopped: bool) -> WriteOutcome:
        return WriteOutcome(written=self.written, commits=self.commits, stopped=stopped)


def _parts(docs: list[Document], count: int) -> list[list[Document]]:
    """``docs`` in ``count`` consecutive parts of (nearly) equal size, none empty."""
    size = max(1, -(-len(docs) // max(count, 1)))
    return [docs[start : start + size] for start in range(0, len(docs), size)]


def _cancel(writer: Any) -> None:
    if not writer.is_closed:
        with contextlib.suppress(Exception):
            writer.cancel()
