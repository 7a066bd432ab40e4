"""The position of every posting value that holds exactly one, read off the bytes in bulk.

Nine in ten of Whoosh's ``Positions`` values hold one position: a 4-byte count,
then a pickled one-item list whose int is a ``K`` (one byte) or ``M`` (two
bytes, little-endian) opcode. A phrase of two common words has tens of thousands of
candidate documents, and reading their values one at a time in Python was most
of its time; here all of them are joined and checked with a few numpy
comparisons. Values of any other shape are flagged for the per-value path.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np

from searchidx.backends.whoosh.segment_arrays import BoolArray, IntArray

COUNT_SIZE: Final = 4  # skipped: the pickled list says how many
LIST_OPENS: Final = b"\x80\x02]q\x00"  # PROTO 2, EMPTY_LIST, BINPUT 0
LIST_ENDS: Final = b"a."  # APPEND, STOP
BININT1, _BININT2 = ord("K"), ord("M")
_HEAD: Final = np.frombuffer(LIST_OPENS, dtype=np.uint8)
_TAIL: Final = np.frombuffer(LIST_ENDS, dtype=np.uint8)
# Whole value sizes: head, the opcode, its one or two bytes, tail.
_SIZE_K: Final = COUNT_SIZE + len(_HEAD) + 2 + len(_TAIL)
_SIZE_M: Final = _SIZE_K + 1


def single_positions(values: Sequence[bytes | None]) -> tuple[IntArray, BoolArray]:
    """Each value's position, and whether it is one read here (False: unpickle the value)."""
    count = len(values)
    sizes = np.fromiter((len(value) if value else 0 for value in values), np.int64, count)
    starts = np.cumsum(sizes) - sizes
    joined = np.frombuffer(b"".join(value for value in values if value), dtype=np.uint8)
    positions = np.zeros(count, dtype=np.int64)
    single = np.zeros(count, dtype=np.bool_)
    for size, opcode in ((_SIZE_K, BININT1), (_SIZE_M, _BININT2)):
        rows = np.flatnonzero(sizes == size)
        if not len(rows):
            continue
        at = starts[rows]
        opens, ends = at + COUNT_SIZE, at + size - len(_TAIL)
        shaped = _bytes_equal(joined, opens, _HEAD) & _bytes_equal(joined, ends, _TAIL)
        opcode_at = opens + len(_HEAD)
        shaped &= joined[opcode_at] == opcode
        value = joined[opcode_at + 1].astype(np.int64)
        if opcode == _BININT2:
            value |= joined[opcode_at + 2].astype(np.int64) << 8
        positions[rows[shaped]] = value[shaped]
        single[rows[shaped]] = True
    return positions, single


def _bytes_equal(joined: np.ndarray, at: IntArray, expected: np.ndarray) -> BoolArray:
    """Whether the bytes at each of ``at`` are ``expected``."""
    window = joined[at[:, None] + np.arange(len(expected), dtype=np.int64)[None, :]]
    found: BoolArray = (window == expected[None, :]).all(axis=1)
    return found
