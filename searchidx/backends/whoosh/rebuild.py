"""Rebuilding an index directory beside the old one and swapping it in when complete.

A failed or interrupted rebuild loses nothing: the old index stays in place and
readable until two renames replace it.
"""

from __future__ import annotations

import glob
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from searchidx.backends.whoosh.durable import fsync_path
from searchidx.backends.whoosh.writelock import write_lock

_KEEP_ON_REBUILD = (".gitkeep", "README.md")


@contextmanager
def staged_rebuild(path: Path, lock_timeout: float, *, fsync: bool = True) -> Iterator[Path]:
    """A fresh directory beside ``path`` that replaces it when the block succeeds."""
    # Holding the old index's lock keeps other writers out until the swap, and
    # makes any staging directory still there the debris of a killed rebuild.
    with write_lock(path, lock_timeout):
        for debris in path.parent.glob(glob.escape(f".{path.name}") + ".rebuild-*"):
            shutil.rmtree(debris, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.rebuild-", dir=path.parent))
        staging.chmod(path.stat().st_mode & 0o7777)  # mkdtemp's 0700 would lock readers out
        try:
            yield staging
            _swap_directories(staging, path, fsync=fsync)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _swap_directories(fresh: Path, target: Path, *, fsync: bool) -> None:
    """Replace ``target`` by ``fresh`` with two renames, keeping repo placeholders."""
    for name in _KEEP_ON_REBUILD:
        if (target / name).is_file():
            shutil.copy2(target / name, fresh / name)
    retired = target.with_name(f".{target.name}.retired")
    shutil.rmtree(retired, ignore_errors=True)
    target.rename(retired)
    fresh.rename(target)
    if fsync:
        fsync_path(target.parent)  # the swap is the rebuild's commit
    shutil.rmtree(retired, ignore_errors=True)
