"""A term's positions as flat arrays in the side file, for phrases over many candidates.

Whoosh keeps each posting's positions as a pickled list inside the posting's
128-posting block, itself pickled (and compressed). A phrase of common words
has tens of thousands of candidates, and unpickling their blocks was most of
its time at 100k documents. The side file (:mod:`raw_postings`) therefore
also holds, per term of a positional field:

    total positions (<u4) | how many each posting has | every position, in order

The counts are left out when every posting has one position (most terms),
else take a byte each (four when some posting has 256 or more). Positions are
absolute (not gaps) in two bytes each, or four when a document is longer than
65,535 words, so a phrase gathers the positions of just its candidates with
one ``take``. Snippets still read Whoosh's values: one document at a time.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Callable, Sequence
from typing import Any, Final

import numpy as np
from whoosh.formats import Positions

from searchidx.backends.whoosh.segment_arrays import IntArray
from searchidx.backends.whoosh.single_positions import BININT1, COUNT_SIZE, LIST_ENDS, LIST_OPENS

# How a record's positions are stored, in bits 4-6 of its kind byte.
NO_POSITIONS, ONE_EACH, COUNT_BYTES, COUNT_WORDS = 0, 1, 2, 3
WIDE_POSITIONS: Final = 4  # added to the above: positions take four bytes
_COUNT_TYPES: Final = {COUNT_BYTES: ("B", "u1"), COUNT_WORDS: ("I", "<u4")}
_POSITION_TYPES: Final = (("H", "<u2"), ("I", "<u4"))
_TOTAL_SIZE: Final = 4
# Whoosh's Positions value of one position below 256 (most values): the count,
# then a pickled one-item list whose int is one BININT1 byte (single_positions).
_ONE_POSITION_HEAD: Final = LIST_OPENS + bytes([BININT1])
_ONE_POSITION_SIZE: Final = COUNT_SIZE + len(_ONE_POSITION_HEAD) + 1 + len(LIST_ENDS)
_WHOOSH_POSITIONS: Final = Positions()  # its decoder, for every other value
_LITTLE: Final = sys.byteorder == "little"


def stores_positions(field_format: Any) -> bool:
    """Whether a field's posting values are Whoosh ``Positions`` (what is decoded here)."""
    return isinstance(field_format, Positions) and type(field_format).encode is Positions.encode


def positions_of(value: bytes | None) -> list[int]:
    """The absolute positions in one Whoosh ``Positions`` value (empty for none)."""
    if not value:
        return []
    if (
        len(value) == _ONE_POSITION_SIZE
        and value[COUNT_SIZE:-3] == _ONE_POSITION_HEAD
        and value[-2:] == LIST_ENDS
    ):
        return [value[-3]]
    found: list[int] = _WHOOSH_POSITIONS.decode_positions(value)
    return found


def encode_positions(values: Sequence[bytes | None]) -> tuple[int, bytes]:
    """A term's positions section and its kind bits (see the module docstring)."""
    counts = array("I")
    flat: list[int] = []
    for value in values:
        found = positions_of(value)
        counts.append(len(found))
        flat.extend(found)
    wide = int(max(flat, default=0) >= 1 << 16)
    positions = array(_POSITION_TYPES[wide][0], flat)
    biggest = max(counts, default=0)
    if biggest == 1 and min(counts) == 1:
        kind, stored = ONE_EACH, array("B")
    else:
        kind = COUNT_BYTES if biggest < 1 << 8 else COUNT_WORDS
        stored = array(_COUNT_TYPES[kind][0], counts)
    if not _LITTLE:
        stored.byteswap()
        positions.byteswap()
    total = len(flat).to_bytes(_TOTAL_SIZE, "little")
    return kind + WIDE_POSITIONS * wide, total + stored.tobytes() + positions.tobytes()


class FlatPositions:
    """One term's positions in one segment, read off the side file when a phrase asks.

    Only the asked postings' positions are gathered, through ``side`` (the
    side file's bytes, from whichever reader holds the segment then), and
    nothing kept points into the map: cached postings never keep a map alive.
    """

    __slots__ = ("_at", "_kind", "_offsets", "_postings", "_side")

    def __init__(self, side: Callable[[], Any], kind: int, postings: int, at: int) -> None:
        self._side = side
        self._kind = kind
        self._postings = postings
        self._at = at
        self._offsets: IntArray | None = None  # where each posting's positions start, and the end

    def keys_at(self, rows: IntArray) -> IntArray:
        """``index << 32 | position`` for every position of the postings ``rows`` (ascending).

        ``index`` is the place in ``rows``, as :func:`sequences.rows_in_sequence` keys them.
        """
        side = self._side()
        (total,) = np.frombuffer(side, "<u4", 1, self._at)
        count_kind, wide = self._kind % WIDE_POSITIONS, self._kind >= WIDE_POSITIONS
        counts_at = self._at + _TOTAL_SIZE
        positions_at = counts_at
        if count_kind != ONE_EACH:
            positions_at += self._postings * np.dtype(_COUNT_TYPES[count_kind][1]).itemsize
        every = np.frombuffer(side, _POSITION_TYPES[wide][1], int(total), positions_at)
        if count_kind == ONE_EACH:
            places = np.arange(len(rows), dtype=np.int64)
            return places << 32 | every[rows].astype(np.int64)
        offsets = self._offsets
        if offsets is None:
            counts = np.frombuffer(side, _COUNT_TYPES[count_kind][1], self._postings, counts_at)
            offsets = np.zeros(self._postings + 1, dtype=np.int64)
            np.cumsum(counts, out=offsets[1:])
            self._offsets = offsets
        starts = offsets[rows]
        sizes = offsets[rows + 1] - starts
        ends = np.cumsum(sizes)
        gather = np.arange(int(ends[-1]) if len(ends) else 0, dtype=np.int64)
        gather += np.repeat(starts - (ends - sizes), sizes)
        places = np.repeat(np.arange(len(rows), dtype=np.int64), sizes)
        keys: IntArray = places << 32 | every[gather].astype(np.int64)
        return keys
