"""The index's write lock, held for a whole indexing run, and crash debris cleanup.

Whoosh's ``MAIN_WRITELOCK`` is an ``fcntl.flock`` lock: the kernel drops it when
its holder dies, even by SIGKILL, so the lock *file* left behind never blocks
the next writer. We hold it for a whole run (Whoosh alone would take it per
commit) so that two ``searchidx index`` runs cannot interleave their batches:
the second waits up to its timeout and then fails with a message naming the lock.

While we hold the lock no other writer can be active, which makes it the one
safe moment to delete what a killed writer left behind: half-written TOC
files and the writer's temporary posting pool. Orphaned segment files are not
ours to judge; Whoosh deletes them at the next commit.

An ``flock`` lock belongs to the open file, which a forked child shares: a
forked index worker holding a copy of the lock's descriptor would keep the
lock after its parent is killed. So every process forked while we hold a lock
closes its copy first thing (``os.register_at_fork``); closing a copy never
releases the parent's lock, only the last holder's close or ``LOCK_UN`` does.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh.util.filelock import FileLock, try_for

from searchidx.errors import IndexLockedError

# Whoosh's default index name: the prefix of every file it writes into an index.
INDEX_NAME = "MAIN"
# How often a waiting writer retries the lock.
_RETRY_SECONDS = 0.05

# The locks this process holds, whose descriptors a forked child must close.
_held: list[FileLock] = []


def _close_inherited_locks() -> None:
    """In a freshly forked child: drop our copies of the parent's lock descriptors."""
    for lock in _held:
        fd, lock.fd, lock.locked = lock.fd, None, False  # its __del__ would LOCK_UN the parent's
        if fd is not None:
            os.close(fd)
    _held.clear()


os.register_at_fork(after_in_child=_close_inherited_locks)


def lock_path(folder: Path) -> Path:
    """The lock file every Whoosh and searchidx writer of ``folder`` takes."""
    return folder / f"{INDEX_NAME}_WRITELOCK"


@contextmanager
def write_lock(folder: Path, timeout: float) -> Iterator[None]:
    """Hold the write lock of the index in ``folder``, waiting up to ``timeout`` s.

    Raises IndexLockedError (naming the lock file) when another writer keeps it.
    """
    lock = FileLock(str(lock_path(folder)))
    waited = max(timeout, 0.0)
    if not try_for(lock.acquire, timeout=waited, delay=_RETRY_SECONDS):
        raise IndexLockedError(
            f"another process is writing to the index in {folder} "
            f"(lock {lock_path(folder)} still held after waiting {waited:g}s)"
        )
    _held.append(lock)
    try:
        yield
    finally:
        _held.remove(lock)
        lock.release()


def remove_crash_debris(folder: Path) -> list[str]:
    """Delete a killed writer's leftovers; call only while holding the write lock.

    Returns the names removed. Completed TOCs and segments are never touched.
    """
    # TOC.write() writes ``_MAIN_<gen>.toc.<time>`` and renames it into place.
    half_written_toc = re.compile(rf"^_{INDEX_NAME}_\d+\.toc\.[\d.]+$")
    removed: list[str] = []
    for entry in folder.iterdir():
        if entry.is_file() and half_written_toc.match(entry.name):
            entry.unlink(missing_ok=True)
            removed.append(entry.name)
    pool = folder / f"{INDEX_NAME}.tmp"  # the posting pool of SegmentWriter
    if pool.is_dir():
        shutil.rmtree(pool, ignore_errors=True)
        removed.append(pool.name)
    return removed
