"""Every term's document numbers and weights as plain arrays, in a file beside Whoosh's.

A query's first read of a term costs a lookup in Whoosh's on-disk hash table
(an md5 and about ten small reads) and an unpickle (often an inflate too) of
each 128-posting block: most of a small query's fixed cost, and the whole
cost of a first read of a long posting list at 100k documents. When our
writer writes a segment (:mod:`term_writer`) it also writes this side file:

    magic | per term: key, ids, weights, positions | crc32s of the keys (<u4,
          ascending) | entries (one per crc, same order) | footer (count, offsets, magic)

A term is found by a bisection over the crc32s of its key (field name, NUL,
term bytes) and a comparison of the keys: a few microseconds, nothing
unpickled. Its ids are the first one (<u4) and the gaps to the next, each
as wide as the widest gap needs (one, two or four bytes: a cumulative sum
reads them); its weights are not stored when all 1.0, take a byte each when
small and whole, else four. Each is one ``frombuffer``. A positional
field's terms also carry their positions (:mod:`raw_positions`), which phrases
read. Whoosh's blocks stay where they are for the posting values: the entry
keeps their extent, and they are parsed only when a snippet (or a phrase over
a version-2 file, which has no positions) reads a value. Segments written by
Whoosh's own writer have no side file and are read as before.

The file is read through a memory map of its own (not the searcher's), so
closing a searcher never meets arrays still pointing into its map. The map
lives as long as some reader of its segment: cached postings name their
segment, not the map, so a segment merged away does not keep its file on disk.
"""

from __future__ import annotations

import bisect
import mmap
import operator
import os
import struct
import sys
import weakref
import zlib
from array import array
from collections.abc import Callable, Sequence
from typing import Any, Final, NamedTuple

import numpy as np
from whoosh.codec.whoosh3 import W3Codec

from searchidx.backends.whoosh.mapped import MAPPING
from searchidx.backends.whoosh.raw_positions import (
    NO_POSITIONS,
    FlatPositions,
    encode_positions,
)
from searchidx.backends.whoosh.segment_arrays import FloatArray, IntArray

RAW_EXT: Final = ".rwp"
# The version is in the magic: a side file of another layout is not read (the
# segment is then read through Whoosh's blocks, as one without a side file).
_MAGIC: Final = b"SXRAWP03"
# Version 2 is version 3 without positions (its kinds never set their bits): read too.
_READABLE: Final = (b"SXRAWP02", _MAGIC)
_FOOTER: Final = struct.Struct("<QQQ8s")  # terms, crcs at, entries at, magic
# record at, posting count, key length, kind, Whoosh postings at, their length
_ENTRY: Final = struct.Struct("<QIHBQI")
_FIRST_ID: Final = struct.Struct("<I")
# A record's kind: how it stores its weights (most are all 1.0 or small whole
# frequencies), plus 4 times how wide its id gaps are, plus 16 times how it
# stores its positions (raw_positions; 0 for a field without them).
_ONES, _BYTES, _FLOATS = 0, 1, 2
_GAP_TYPES: Final = ("B", "H", "I")
_GAP_DTYPES: Final = ("u1", "<u2", "<u4")
_LITTLE: Final = sys.byteorder == "little"

_POSITIONS_UNIT: Final = 16
Row = tuple[int, int, int, int, int, int, int]  # crc, then an entry's fields


class RawTerm(NamedTuple):
    """One term's record: ids, weights, positions (None: the field has none), Whoosh extent."""

    ids: IntArray
    weights: FloatArray
    positions: FlatPositions | None
    post_at: int
    post_length: int


def term_key(fieldname: str, btext: bytes) -> bytes:
    return fieldname.encode("utf-8") + b"\x00" + btext


class RawPostingsWriter:
    """Collects the side file while Whoosh's posting file is written, term by term."""

    def __init__(self, dbfile: Any) -> None:
        self._file = dbfile
        self._file.write(_MAGIC)
        self._at = len(_MAGIC)
        self._rows: list[Row] = []
        # Terms of one posting repeat their record (a document's rare words and grams).
        self._singles: dict[tuple[int, float, tuple[bytes | None] | None], tuple[int, bytes]] = {}

    def add(
        self,
        fieldname: str,
        btext: bytes,
        docnums: Sequence[int],
        weights: Sequence[float],
        extent: tuple[int, int],
        values: Sequence[bytes | None] | None = None,
    ) -> None:
        """One term's record: its key, ids, weights and, given ``values``, positions.

        Each as compact as it allows; ``values`` are Whoosh ``Positions`` values.
        """
        key = term_key(fieldname, btext)
        if len(docnums) == 1:
            single = (docnums[0], weights[0], None if values is None else (values[0],))
            found = self._singles.get(single)
            if found is None:
                found = self._singles[single] = _record(docnums, weights, values)
            kind, body = found
        else:
            kind, body = _record(docnums, weights, values)
        self._rows.append((zlib.crc32(key), self._at, len(docnums), len(key), kind, *extent))
        self._write(key + body)

    def close(self) -> None:
        """The crc32s and entries (in crc order), then the footer; closes the file."""
        rows = sorted(self._rows)
        crcs_at = self._at
        crcs = array("I", (row[0] for row in rows))
        if not _LITTLE:
            crcs.byteswap()
        self._write(crcs.tobytes())
        entries_at = self._at
        self._write(b"".join(_ENTRY.pack(*row[1:]) for row in rows))
        self._write(_FOOTER.pack(len(rows), crcs_at, entries_at, _MAGIC))
        self._file.close()

    def _write(self, data: bytes) -> None:
        self._file.write(data)
        self._at += len(data)


def _record(
    docnums: Sequence[int], weights: Sequence[float], values: Sequence[bytes | None] | None
) -> tuple[int, bytes]:
    """A term's kind and its record after the key: first id, gaps, weights, positions."""
    width, gaps = _gaps(docnums)
    kind, stored = _compact(array("f", weights))
    if not _LITTLE:
        gaps.byteswap()
        stored.byteswap()
    placed, positions = (NO_POSITIONS, b"") if values is None else encode_positions(values)
    kind += 4 * width + _POSITIONS_UNIT * placed
    return kind, _FIRST_ID.pack(docnums[0]) + gaps.tobytes() + stored.tobytes() + positions


def _gaps(docnums: Sequence[int]) -> tuple[int, array[int]]:
    """The gaps between ascending ids, in the narrowest array type that holds them."""
    gaps = list(map(operator.sub, docnums[1:], docnums[:-1]))
    widest = max(gaps, default=0)
    width = 0 if widest < 1 << 8 else 1 if widest < 1 << 16 else 2
    return width, array(_GAP_TYPES[width], gaps)


def _compact(weights: array[float]) -> tuple[int, array[Any]]:
    if weights.count(1.0) == len(weights):
        return _ONES, array("B")
    try:
        whole = array("B", map(int, weights))
    except OverflowError:
        return _FLOATS, weights
    return (_BYTES, whole) if array("f", whole) == weights else (_FLOATS, weights)


class RawTable:
    """One segment's side file, and the Whoosh posting bytes its entries point into."""

    def __init__(self, side: memoryview, postings: memoryview, segid: str) -> None:
        if not readable(side):
            raise ValueError("not a searchidx raw postings file of this version")
        terms, crcs_at, self._entries_at, _ = _FOOTER.unpack_from(side, len(side) - _FOOTER.size)
        self.segid = segid
        self._side = side
        self._postings = postings
        crcs = side[crcs_at : crcs_at + 4 * terms]
        self._crcs: Sequence[int] = crcs.cast("I") if _LITTLE else _swapped(crcs)
        self._terms = terms
        # The bytes again when a phrase reads positions: through this table while
        # it lives, else the table of whichever reader holds the segment then.
        # One function per table; a weak reference, so cached positions keep no map.
        table = weakref.ref(self)
        self._side_later: Callable[[], memoryview] = lambda: (table() or live_table(segid))._side

    def find(self, fieldname: str, btext: bytes) -> RawTerm | None:
        """One term's arrays and where its Whoosh postings lie; None if absent."""
        key = term_key(fieldname, btext)
        crc = zlib.crc32(key)
        row = bisect.bisect_left(self._crcs, crc)
        while row < self._terms and self._crcs[row] == crc:
            at, count, key_length, kind, post_at, post_length = _ENTRY.unpack_from(
                self._side, self._entries_at + row * _ENTRY.size
            )
            if self._side[at : at + key_length] == key:
                ids, weights_at = self._ids((kind >> 2) & 3, count, at + key_length)
                weights, positions_at = self._weights(kind & 3, count, weights_at)
                placed = kind // _POSITIONS_UNIT
                positions = None
                if placed != NO_POSITIONS:
                    positions = FlatPositions(self._side_later, placed, count, positions_at)
                return RawTerm(ids, weights, positions, post_at, post_length)
            row += 1
        return None

    def _ids(self, width: int, count: int, at: int) -> tuple[IntArray, int]:
        """The ids of a record whose first id is at ``at``, and where its weights start."""
        (first,) = _FIRST_ID.unpack_from(self._side, at)
        gaps_at = at + _FIRST_ID.size
        gaps = np.frombuffer(self._side, _GAP_DTYPES[width], count - 1, gaps_at)
        ids = np.empty(count, dtype=np.int64)
        ids[0] = first
        np.cumsum(gaps, dtype=np.int64, out=ids[1:])
        ids[1:] += first
        return ids, gaps_at + gaps.nbytes

    def _weights(self, kind: int, count: int, at: int) -> tuple[FloatArray, int]:
        """The weights of a record whose weights start at ``at``, and where they end."""
        if kind == _ONES:
            return np.ones(count, dtype=np.float64), at
        stored = np.frombuffer(self._side, "u1" if kind == _BYTES else "<f4", count, at)
        return stored.astype(np.float64), at + stored.nbytes

    def posting_bytes(self, at: int, length: int) -> bytes:
        return bytes(self._postings[at : at + length])


def _swapped(data: memoryview) -> array[int]:
    found = array("I", data.tobytes())
    found.byteswap()
    return found


# The tables some open reader holds, by segment id: a segment merged away and
# no longer read is unmapped (and its file's disk space freed) with its readers.
_live: weakref.WeakValueDictionary[str, RawTable] = weakref.WeakValueDictionary()
_ATTRIBUTE: Final = "_searchidx_raw_table"


def raw_table(leaf: Any) -> RawTable | None:
    """The side file of a reader's segment (None: it has none, or it is not on disk).

    Kept on the reader, so it lives exactly as long as some reader of its segment.
    """
    known: RawTable | bool | None = getattr(leaf, _ATTRIBUTE, None)
    if known is None:
        segment = leaf._segment
        found = _live.get(segment.segid)
        if found is None and MAPPING:
            found = _open(leaf._storage, segment)
            if found is not None:
                _live[segment.segid] = found
        known = found or False  # False: looked, none
        setattr(leaf, _ATTRIBUTE, known)
    return known if isinstance(known, RawTable) else None


def live_table(segid: str) -> RawTable:
    """The table of a segment that an open reader holds (what its cached postings point into)."""
    found = _live.get(segid)
    if found is None:
        raise LookupError(f"no reader holds segment {segid} any more")
    return found


def _open(storage: Any, segment: Any) -> RawTable | None:
    compound = getattr(storage, "a", None)
    base = getattr(storage, "b", storage)
    folder = getattr(base, "folder", None)
    if folder is None:
        return None
    side_name, posts_name = segment.make_filename(RAW_EXT), segment.make_filename(W3Codec.POSTS_EXT)
    if segment.is_compound():
        places = getattr(compound, "_dir", {})
        if side_name not in places or posts_name not in places:
            return None
        whole = _mapped(os.path.join(folder, segment.make_filename(segment.COMPOUND_EXT)))
        side, posts = (_window(whole, places[name]) for name in (side_name, posts_name))
    else:
        side_path = os.path.join(folder, side_name)
        if not os.path.exists(side_path):
            return None
        side = _mapped(side_path)
        posts = _mapped(os.path.join(folder, posts_name))
    return RawTable(side, posts, segment.segid) if readable(side) else None


def readable(side: memoryview) -> bool:
    """Whether ``side`` is a side file of this version (magic at both ends)."""
    size = len(_MAGIC)
    if len(side) < size + _FOOTER.size:
        return False
    head = bytes(side[:size])
    return head in _READABLE and bytes(side[-size:]) == head


def _mapped(path: str) -> memoryview:
    with open(path, "rb") as file:
        return memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))


def _window(whole: memoryview, place: dict[str, int]) -> memoryview:
    return whole[place["offset"] : place["offset"] + place["length"]]
