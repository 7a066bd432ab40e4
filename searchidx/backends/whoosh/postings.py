"""A term's postings as numpy arrays, read a block at a time, cached per segment.

Whoosh's matchers walk postings one document at a time in Python. For scoring
and counting every match we need whole posting lists, so this reads Whoosh's
posting blocks (128 documents each) directly and decodes their document
numbers with one vectorised cumulative sum. Segments are immutable, so a
term's arrays are cached per segment (bounded by the number of postings held)
and shared by later searchers of the same process.
"""

from __future__ import annotations

import io
import pickle
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from whoosh.reading import TermNotFound

from searchidx.backends.whoosh.posting_blocks import (
    Block,
    BlockValues,
    LazyValues,
    Value,
    Values,
    block_values,
    ids_and_weights,
)
from searchidx.backends.whoosh.raw_positions import FlatPositions
from searchidx.backends.whoosh.raw_postings import RawTable, live_table, raw_table
from searchidx.backends.whoosh.segment_arrays import FloatArray, IntArray, segment_key
from searchidx.lru import LRUCache

# Postings kept in the cache, over all terms (ids and weights: 16 bytes each, plus
# the compressed blocks and any values unpickled, about 70 bytes a posting).
CACHE_POSTINGS: Final = 3_000_000

_MAGIC_SIZE: Final = 4
_BLOCK_LENGTH: Final = struct.Struct("!i")


@dataclass(frozen=True)
class Postings:
    """One term in one segment: local document numbers (ascending), weights, values."""

    ids: IntArray
    weights: FloatArray
    values: Values  # Whoosh's encoded posting values (positions)
    positions: FlatPositions | None = None  # the side file's, when it has them


_EMPTY: Final = Postings(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64), [])
_cache: LRUCache[tuple[Any, ...], Postings] = LRUCache(
    lambda: CACHE_POSTINGS, weight=lambda found: len(found.ids)
)


def segment_postings(leaf: Any, fieldname: str, btext: bytes, *, values: bool = False) -> Postings:
    """Document numbers (ascending, deleted ones included) and weights of one term.

    With ``values`` (a phrase will read most of them) a term not yet cached
    in a segment without a side file (:mod:`raw_postings`) has its blocks
    unpickled whole at once instead of on first read.
    """
    # Asked first even on a cache hit: a reader of the segment holding its
    # table is what lets cached values read their blocks (raw_postings.live_table).
    table = raw_table(leaf)
    key = (segment_key(leaf)[0], fieldname, btext)
    found = _cache.get(key)
    if found is None:
        found = _fresh(leaf, table, fieldname, btext, values)
        _cache.put(key, found)
    return found


def read_postings(leaf: Any, fieldname: str, btext: bytes) -> Postings:
    """One term's postings read afresh and not cached: for lookups no search repeats
    (the ids a commit replaces), which would only crowd the cache."""
    return _fresh(leaf, raw_table(leaf), fieldname, btext, False)


def _fresh(
    leaf: Any, table: RawTable | None, fieldname: str, btext: bytes, values: bool
) -> Postings:
    if table is not None:
        return _read_raw(table, fieldname, btext)
    return _read(leaf, fieldname, btext, values)


def positions_in(leaf: Any, fieldname: str, words: Iterable[str], docnum: int) -> set[int]:
    """Positions where any of ``words`` occurs in one document (segment-local number)."""
    field = leaf.schema[fieldname]
    if not field.format.supports("positions"):
        return set()
    found: set[int] = set()
    for word in words:
        posting = segment_postings(leaf, fieldname, field.to_bytes(word))
        at = int(posting.ids.searchsorted(docnum))
        if at < len(posting.ids) and posting.ids[at] == docnum:
            value = posting.values[at]
            if value is not None:
                found.update(field.format.decode_positions(value))
    return found


def held_by(leaf: Any, fieldname: str, words: Iterable[str], docnum: int) -> set[str]:
    """Those of ``words`` that one document (segment-local number) holds in ``fieldname``."""
    field = leaf.schema[fieldname]
    found: set[str] = set()
    for word in words:
        ids = segment_postings(leaf, fieldname, field.to_bytes(word)).ids
        at = int(ids.searchsorted(docnum))
        if at < len(ids) and ids[at] == docnum:
            found.add(word)
    return found


class KnownTerms:
    """A reader whose ``(field, term) in reader`` reads the cached postings.

    Whoosh answers it with a lookup in each segment's on-disk term table;
    a term a segment holds has postings there, so the arrays an evaluation
    has just read (and cached) answer it at once. Everything else is the
    reader's own.
    """

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self.schema = reader.schema

    def __contains__(self, term: tuple[str, bytes]) -> bool:
        fieldname, btext = term
        if fieldname not in self.schema or self._reader.doc_count_all() == 0:
            return False
        if isinstance(btext, str):
            btext = self.schema[fieldname].to_bytes(btext)
        return any(
            len(segment_postings(leaf, fieldname, btext).ids)
            for leaf, _ in self._reader.leaf_readers()
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


def _read(leaf: Any, fieldname: str, btext: bytes, with_values: bool) -> Postings:
    terms = leaf._terms
    try:  # one hash lookup; "term in reader" and term_info would each do one
        info = terms.term_info(fieldname, btext)
    except TermNotFound:
        return _EMPTY
    if info.is_inlined():
        ids, weights, values = info.inlined_postings()
        return Postings(
            np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64), list(values)
        )
    offset, length = info.extent()
    if isinstance(length, tuple):  # Whoosh 2.7 keeps the unpacked 1-tuple
        length = length[0]
    return _parse_blocks(terms._postfile.get(offset, length), with_values)


def _read_raw(table: RawTable, fieldname: str, btext: bytes) -> Postings:
    """The arrays off the side file; the values' blocks located only when one is read.

    Even for a phrase: it reads the values of its candidates only, and unpickling
    just their blocks measured no slower than every block at once (100k index).
    """
    found = table.find(fieldname, btext)
    if found is None:
        return _EMPTY
    segid, post_at, post_length = table.segid, found.post_at, found.post_length

    def locate() -> BlockValues:  # when a reader of the segment reads a value
        return _block_layout(live_table(segid).posting_bytes(post_at, post_length))

    values = LazyValues(len(found.ids), locate)
    return Postings(found.ids, found.weights, values, found.positions)


def _block_layout(raw: bytes) -> BlockValues:
    """Where each block lies, nothing decoded: values unpickle a block on its first read."""
    return BlockValues(raw, list(_walk_blocks(raw)), {})


def _walk_blocks(raw: bytes) -> Iterator[Block]:
    """Whoosh 3 postings: a magic tag, then blocks of (length, info pickle, data pickle).

    A negative length marks the last block; data is zlib-compressed when the
    block info says so. Read in one piece instead of a file seek per block.
    """
    stream = io.BytesIO(raw)
    position = _MAGIC_SIZE
    last = False
    while not last:
        (length,) = _BLOCK_LENGTH.unpack_from(raw, position)
        last = length < 0
        stream.seek(position + _BLOCK_LENGTH.size)
        size, _, _, compression, _, _ = pickle.load(stream)
        end = position + _BLOCK_LENGTH.size + abs(length)
        yield Block(stream.tell(), end, bool(compression), size)
        position = end


def _parse_blocks(raw: bytes, eager: bool) -> Postings:
    """Ids and weights of every block (:func:`_walk_blocks`).

    Values (positions) are left in their blocks until read (:mod:`posting_blocks`)
    unless ``eager``.
    """
    deltas: list[int] = []
    weights: list[float] = []
    blocks: list[Block] = []
    known: dict[int, list[Value]] = {}
    for block in _walk_blocks(raw):
        size = block.size
        head, whole = (b"", False) if eager else block.head(raw)
        found = None if eager else ids_and_weights(head, size)
        if found is None:
            ids, block_weights, values = pickle.loads(head if whole else block.data(raw))
            known[len(blocks)] = block_values(values, size)
        else:
            ids, block_weights = found
        blocks.append(block)
        deltas.extend(ids)
        if block_weights is None:
            weights.extend([1.0] * size)
        elif isinstance(block_weights, float):
            weights.extend([block_weights] * size)
        else:
            weights.extend(block_weights)
    ids_array = _decode_ids(deltas, [block.size for block in blocks])
    return Postings(ids_array, np.array(weights, dtype=np.float64), BlockValues(raw, blocks, known))


def _decode_ids(deltas: list[int], block_sizes: list[int]) -> IntArray:
    """Each block's ids are deltas starting from 0: one cumsum, minus each block's base."""
    running = np.cumsum(np.array(deltas, dtype=np.int64))
    if len(block_sizes) == 1:  # most terms: nothing to subtract
        return running
    sizes = np.array(block_sizes, dtype=np.int64)
    ends = np.cumsum(sizes)
    bases = np.concatenate(([0], running[ends[:-1] - 1]))
    ids: IntArray = running - np.repeat(bases, sizes)
    return ids


def clear() -> None:
    _cache.clear()
