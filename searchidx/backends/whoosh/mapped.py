"""Searchers read segment files through a memory map, without a system call per read.

Whoosh reads a term's entry in a segment's on-disk hash table with about ten
small seeks and reads, each a pair of system calls through the compound
file's sub-file wrapper: ~60 µs per term looked up, the largest fixed cost of
a query whose words the process has not seen yet (every OR word, its
variants, its character n-grams). Over a map the same reads are slices.

Whoosh's own mmap support copies every sub-file of a compound segment into a
``BytesIO`` on each open (see :func:`opening.index_storage`); here a sub-file
is a window onto the one map, so opening stays as cheap as with plain reads.
Only searchers use this storage: a writer's merge reads whole segments once,
and mapping them would count every page it touched in its resident memory.
Long reads (a common word's posting list at 100k documents) still go through
``os.pread``: one system call copies them, where a slice of the map would
first fault in every page (AND and phrase queries at 100k took ~10% more CPU).
"""

from __future__ import annotations

import mmap
import os
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile

# Windows cannot delete a mapped file, and a merge deletes the segments it replaced.
MAPPING: bool = os.name != "nt"
# Reads this long or longer are copied by the kernel instead of sliced from the map.
LONG_READ: int = 16 * 1024


class MappedStorage(FileStorage):  # type: ignore[misc]  # whoosh ships no type hints
    """A read-only Whoosh storage whose files are memory maps (plain files when empty)."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(str(path), supports_mmap=False, readonly=True)

    def open_file(self, name: str, **kwargs: Any) -> Any:
        if not MAPPING:
            return super().open_file(name, **kwargs)
        descriptor = os.open(self._fpath(name), os.O_RDONLY)
        try:
            empty = os.fstat(descriptor).st_size == 0  # mmap refuses empty files
            source = None if empty else mmap.mmap(descriptor, 0, access=mmap.ACCESS_READ)
        except BaseException:
            os.close(descriptor)
            raise
        if source is None:
            os.close(descriptor)
            return super().open_file(name, **kwargs)
        return MappedFile(source, descriptor, 0, len(source), name, owns_map=True)


class MappedFile(StructFile):  # type: ignore[misc]
    """A StructFile over ``length`` bytes of a map from ``offset``; ``subset`` shares the map."""

    def __init__(
        self,
        source: mmap.mmap,
        descriptor: int,
        offset: int,
        length: int,
        name: str | None,
        *,
        owns_map: bool,
    ) -> None:
        super().__init__(_Window(source, offset, length), name=name)
        self._source = source
        self._descriptor = descriptor
        self._offset = offset
        self._end = offset + length
        self._owns_map = owns_map

    def get(self, position: int, length: int) -> bytes:
        start = self._offset + position
        stop = min(start + length, self._end)
        if stop - start >= LONG_READ:
            return os.pread(self._descriptor, stop - start, start)
        return self._source[start:stop]

    def subset(self, position: int, length: int, name: str | None = None) -> MappedFile:
        """A compound segment's sub-file: a window onto the same map, nothing copied."""
        return MappedFile(
            self._source,
            self._descriptor,
            self._offset + position,
            length,
            name or self._name,
            owns_map=False,
        )

    def close(self) -> None:
        super().close()
        if self._owns_map:
            self._source.close()
            os.close(self._descriptor)


class _Window:
    """The file interface (read, readline, seek, tell) over part of a map."""

    def __init__(self, source: mmap.mmap, offset: int, length: int) -> None:
        self._source = source
        self._start = offset
        self._end = offset + length
        self._at = offset

    def read(self, size: int = -1) -> bytes:
        stop = self._end if size is None or size < 0 else min(self._at + size, self._end)
        found = self._source[self._at : stop]
        self._at = max(stop, self._at)
        return found

    def readline(self, size: int = -1) -> bytes:
        newline = self._source.find(b"\n", self._at, self._end)
        stop = self._end if newline < 0 else newline + 1
        if size is not None and size >= 0:
            stop = min(stop, self._at + size)
        return self.read(stop - self._at)

    def seek(self, position: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: self._start, os.SEEK_CUR: self._at, os.SEEK_END: self._end}[whence]
        self._at = max(base + position, self._start)
        return self._at - self._start

    def tell(self) -> int:
        return self._at - self._start

    def close(self) -> None:
        """The map is closed by the file that owns it."""
