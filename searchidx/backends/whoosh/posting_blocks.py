"""Whoosh 3 posting blocks decoded for what a query reads: ids and weights now, values later.

A block's data is one pickle (protocol 2) of ``(id deltas, weights, values)``.
Protocol 2 has no opcode for bytes, so under Python 3 every value (a
posting's encoded positions) is written as a call of ``_codecs.encode`` on a
str: unpickling the values is about three quarters of the cost of decoding a
block, yet only phrase candidates and the few hits shown ever read a value.

The ids and weights come first, so the pickle up to the values, closed as a
pair, unpickles on its own. The values start at the first ``_codecs.encode``
global: ids and weights are tuples of ints and floats, whose opcodes (``K``,
``M``, ``J``, ``G``, tuple and memo opcodes) recur at least every nine bytes
and none of which occur in that 16-byte marker, so it cannot appear earlier.
Whatever does not fit this shape (no marker, an unexpected result) is
unpickled whole, as before. A block's values are unpickled the first time one
of them is read (:class:`BlockValues`).
"""

from __future__ import annotations

import bisect
import pickle
import zlib
from collections.abc import Callable
from itertools import accumulate
from typing import Any, Final, Protocol

import numpy as np

from searchidx.backends.whoosh.segment_arrays import IntArray

_VALUES_MARKER: Final = b"c_codecs\nencode\n"
_MARK: Final = ord("(")  # opens a tuple of more than three items
_PAIR_AND_STOP: Final = b"\x86."  # TUPLE2, STOP
# Most bytes ids and weights take per posting (a 4-byte int and an 8-byte float,
# each with its opcode), and for the tuples' opcodes and the marker after them:
# inflating this much of a block is enough to find its values' start.
_HEAD_PER_POSTING: Final = 14
_HEAD_SLACK: Final = 64

Value = bytes | None


class Values(Protocol):
    """A term's posting values by posting number (a list, or :class:`BlockValues`)."""

    def __getitem__(self, at: int, /) -> Value: ...
    def __len__(self) -> int: ...


class Block:
    """Where one block's data lies in a term's posting bytes, and how it is stored."""

    __slots__ = ("compressed", "end", "size", "start")

    def __init__(self, start: int, end: int, compressed: bool, size: int) -> None:
        self.start = start
        self.end = end
        self.compressed = compressed
        self.size = size

    def data(self, raw: bytes) -> bytes:
        data = raw[self.start : self.end]
        return zlib.decompress(data) if self.compressed else data

    def head(self, raw: bytes) -> tuple[bytes, bool]:
        """The data's first bytes, as far as ids and weights can reach, and whether that is all.

        Inflating stops there: the values (three quarters of a block) stay compressed.
        """
        data = raw[self.start : self.end]
        if not self.compressed:
            return data, True
        inflater = zlib.decompressobj()
        head = inflater.decompress(data, _HEAD_PER_POSTING * self.size + _HEAD_SLACK)
        return head, inflater.eof


def ids_and_weights(data: bytes, size: int) -> tuple[tuple[int, ...], Any] | None:
    """The block's id deltas and weights without its values (None: unpickle it whole)."""
    at = data.find(_VALUES_MARKER)
    if at < 0:
        return None
    # With more than three values a MARK opens their tuple; with fewer the
    # byte before is the weights' last one, which may equal it by chance.
    cuts = (at - 1, at) if data[at - 1] == _MARK else (at,)
    for cut in cuts:
        try:
            found = pickle.loads(data[:cut] + _PAIR_AND_STOP)  # our own index
        except Exception:  # any failure: the whole pickle decides
            continue
        if _is_ids_and_weights(found, size):
            return found  # type: ignore[no-any-return]
    return None


def _is_ids_and_weights(found: Any, size: int) -> bool:
    if not (isinstance(found, tuple) and len(found) == 2):
        return False
    ids, weights = found
    if not (isinstance(ids, tuple) and len(ids) == size):
        return False
    return (
        weights is None
        or isinstance(weights, float)
        or (isinstance(weights, tuple) and len(weights) == size)
    )


def block_values(block_values: Any, size: int) -> list[Value]:
    """The values of an unpickled block as a list (formats without values: Nones)."""
    if isinstance(block_values, tuple | list):
        return list(block_values)
    return [None] * size


class BlockValues:
    """A term's posting values, each block unpickled on its first read and then kept.

    Shared by threads through the posting cache: two threads may both decode
    a block, and the later simply replaces the earlier's equal list.
    """

    __slots__ = ("_blocks", "_known", "_raw", "_size", "_starts")

    def __init__(self, raw: bytes, blocks: list[Block], known: dict[int, list[Value]]) -> None:
        self._raw = raw
        self._blocks = blocks
        self._known = known  # block number -> its values, for blocks unpickled whole
        # Plain ints: most terms have a block or two, where numpy costs more than it saves.
        self._starts = list(accumulate((block.size for block in blocks), initial=0))
        self._size = self._starts.pop()

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, at: int, /) -> Value:
        if not 0 <= at < self._size:
            raise IndexError(at)
        number = bisect.bisect_right(self._starts, at) - 1
        return self._block(number)[at - self._starts[number]]

    def take(self, ats: IntArray) -> list[Value]:
        """The values at posting numbers ``ats`` (a phrase's candidates), each block read once."""
        if len(ats) and not (int(ats.min()) >= 0 and int(ats.max()) < self._size):
            raise IndexError(ats)
        starts = np.array(self._starts, dtype=np.int64)
        found = starts.searchsorted(ats, side="right") - 1
        offsets = (ats - starts[found]).tolist()
        numbers = found.tolist()
        # Not np.unique: its first call imports numpy.ma (~30 ms of a fresh process).
        blocks = {number: self._block(number) for number in dict.fromkeys(numbers)}
        return [blocks[n][o] for n, o in zip(numbers, offsets, strict=True)]

    def _block(self, number: int) -> list[Value]:
        values = self._known.get(number)
        if values is None:
            block = self._blocks[number]
            values = block_values(pickle.loads(block.data(self._raw))[2], block.size)
            self._known[number] = values
        return values


class LazyValues:
    """A term's values whose blocks are located (by ``locate``) on the first read.

    Terms read from the side file (:mod:`raw_postings`) start like this: most
    are only scored, and locating the blocks would cost an unpickle per block.
    """

    __slots__ = ("_found", "_locate", "_size")

    def __init__(self, size: int, locate: Callable[[], BlockValues]) -> None:
        self._size = size
        self._locate = locate
        self._found: BlockValues | None = None

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, at: int, /) -> Value:
        return self.located()[at]

    def located(self) -> BlockValues:
        found = self._found
        if found is None:
            found = self._found = self._locate()
        return found


def values_at(values: Values, ats: IntArray) -> list[Value]:
    """``values`` at each of ``ats``."""
    if isinstance(values, LazyValues):
        values = values.located()
    if isinstance(values, BlockValues):
        return values.take(ats)
    return [values[at] for at in ats.tolist()]
