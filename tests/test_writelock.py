"""The write lock: a forked child never holds it, and its exit never releases it."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from searchidx import IndexLockedError
from searchidx.backends.whoosh.writelock import lock_path, write_lock

pytestmark = pytest.mark.whoosh_only(
    "Whoosh's directory write lock (Solr serialises updates itself)"
)


def _lock_descriptors(path: str) -> int:
    """In the forked child: how many of its descriptors point at ``path``."""
    found = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            found += os.readlink(f"/proc/self/fd/{fd}") == path
        except OSError:
            continue
    return found


def test_a_forked_child_holds_no_copy_of_the_lock(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    with write_lock(tmp_path, timeout=0), context.Pool(1) as pool:
        assert pool.apply(_lock_descriptors, (str(lock_path(tmp_path)),)) == 0
        pool.terminate()  # the child's exit must not release the parent's lock
        pool.join()
        with pytest.raises(IndexLockedError), write_lock(tmp_path, timeout=0):
            pass
    with write_lock(tmp_path, timeout=0):
        pass
