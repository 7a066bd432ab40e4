"""Durable commits: new files, then the table of contents, then the directory on disk.

Whoosh never calls ``fsync``: after a power loss or kernel crash a commit it
reported could be lost, or worse, a TOC could survive that names segment files
whose data never reached the disk. A commit is made durable in three steps,
each finished before the next starts:

1. every file written (or moved in) since the last commit is ``fsync``-ed,
   the new TOC's temporary file last, and then the directory, so their names
   are on disk too;
2. the TOC is renamed into place (what makes the commit visible);
3. the directory is ``fsync``-ed again, so the rename is on disk before the
   commit is reported.

All of Whoosh's writes go through its storage object, so a storage that
remembers the files it creates and syncs them when a file is renamed (only a
TOC is ever renamed) needs no change in Whoosh's writer. Its temporary posting
pool (``MAIN.tmp``) lives in a storage of its own and is never synced.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage


def fsync_path(path: str | Path) -> None:
    """Flush a file's or directory's data and metadata to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class DurableFileStorage(FileStorage):  # type: ignore[misc]  # whoosh ships no type hints
    """A Whoosh FileStorage whose renames are durable commits (when ``fsync`` is on).

    Reads use plain file reads, never mmap (see opening.index_storage).
    """

    def __init__(self, path: str | Path, *, fsync: bool = True) -> None:
        super().__init__(str(path), supports_mmap=False)
        self.fsync = fsync
        self._unsynced: dict[str, None] = {}  # names, in the order they were written

    def create_file(self, name: str, *args: Any, **kwargs: Any) -> Any:
        created = super().create_file(name, *args, **kwargs)
        self._unsynced[name] = None
        return created

    def adopt_file(self, source: str | Path) -> None:
        """Move a finished file (a worker's segment) into this directory."""
        name = Path(source).name
        os.replace(source, self._fpath(name))
        self._unsynced[name] = None

    def rename_file(self, oldname: str, newname: str, safe: bool = False) -> None:
        if self.fsync:
            self.sync_written()
        super().rename_file(oldname, newname, safe=safe)
        if self.fsync:
            fsync_path(self.folder)
        else:
            self._unsynced.clear()  # nobody will sync them; keep the list short
        self._unsynced.pop(oldname, None)

    def sync_written(self) -> None:
        """fsync every file written since the last commit, then the directory."""
        for name in list(self._unsynced):
            with contextlib.suppress(FileNotFoundError):  # parts of an assembled segment
                fsync_path(self._fpath(name))
            del self._unsynced[name]
        fsync_path(self.folder)
