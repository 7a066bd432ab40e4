"""Searchers over memory-mapped segment files: the same bytes, the same results."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage

from searchidx import SearchIndex
from searchidx.backends.whoosh.mapped import MappedFile, MappedStorage
from tests.conftest import ids, make_doc


def _write(folder: Path, name: str, data: bytes) -> None:
    (folder / name).write_bytes(data)


def test_reads_match_plain_file_reads(tmp_path: Path) -> None:
    data = bytes(range(256)) * 100 + b"line one\nline two\n" + pickle.dumps({"k": [1, 2, 3]})
    _write(tmp_path, "f.bin", data)
    mapped = MappedStorage(tmp_path).open_file("f.bin")
    plain = FileStorage(str(tmp_path)).open_file("f.bin")
    try:
        assert isinstance(mapped, MappedFile)
        reads = [(0, 10), (1000, 300), (1000, 20_000), (len(data) - 5, 50), (len(data), 4)]
        for position, length in reads:  # 20,000 bytes: a long read (os.pread)
            assert mapped.get(position, length) == plain.get(position, length)
        assert mapped.get_uint(12) == plain.get_uint(12)
        start = 256 * 100
        mapped.seek(start)
        plain.seek(start)
        assert mapped.readline() == plain.readline() == b"line one\n"
        assert mapped.read(4) == plain.read(4)
        assert mapped.tell() == plain.tell()
        mapped.seek(-len(pickle.dumps({"k": [1, 2, 3]})), os.SEEK_END)
        assert mapped.read_pickle() == {"k": [1, 2, 3]}
        assert mapped.read() == b""
    finally:
        mapped.close()
        plain.close()


def test_a_subset_is_a_window_of_the_same_map(tmp_path: Path) -> None:
    _write(tmp_path, "f.bin", b"headerPAYLOAD\nrest-of-file" + b"x" * 40_000)
    whole = MappedStorage(tmp_path).open_file("f.bin")
    part = whole.subset(6, 8, name="part")
    assert part.get(0, 7) == b"PAYLOAD"
    assert part.get(5, 100) == b"AD\n"  # never past the window
    assert part.get(5, 100_000) == b"AD\n"  # nor when the read is long
    assert whole.subset(22, 30_000).get(0, 30_000) == b"file" + b"x" * 29_996
    assert part.readline() == b"PAYLOAD\n"
    assert part.read() == b""
    part.seek(0)
    assert part.read(3) == b"PAY"
    part.close()  # a window leaves the map open for its siblings
    assert whole.get(0, 6) == b"header"
    whole.close()
    with pytest.raises(ValueError):
        whole.get(0, 1)


def test_an_empty_file_is_read_plainly(tmp_path: Path) -> None:
    _write(tmp_path, "empty", b"")
    opened = MappedStorage(tmp_path).open_file("empty")
    assert not isinstance(opened, MappedFile)
    assert opened.read() == b""
    opened.close()


def test_a_searcher_reads_segments_a_later_commit_deleted(tmp_path: Path) -> None:
    """A commit that replaces every document of a segment deletes its file; a
    searcher that mapped it goes on reading it, and new searches see the new one."""
    folder = tmp_path / "ix"
    index = SearchIndex.create(folder)
    index.add([make_doc("a", "Die Region Kursk liegt im Westen"), make_doc("b", "Kurskoffensive")])
    first = set(folder.glob("*.seg"))
    streamed = index.iter_hits("Kursk")  # holds the first generation's segment maps
    assert next(streamed).id == "a"
    index.add([make_doc("a", "Neu: Region Kursk"), make_doc("b", "Neu: Kursk-Offensive")])
    assert first and not first & set(folder.glob("*.seg"))  # the old segment is gone
    assert [(hit.id, hit.snippet) for hit in streamed] == [("b", "<mark>Kursk</mark>offensive")]
    found = index.search("Kursk")
    assert ids(found) == ["a", "b"]
    assert all(hit.snippet.startswith("Neu:") for hit in found.hits)
    index.close()
