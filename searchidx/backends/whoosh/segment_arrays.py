"""Per-segment column data as numpy arrays, cached across searchers.

Whoosh reads a field length or a column value one document at a time through
Python calls, which dominates the cost of scoring and facet counting over tens
of thousands of matches. A segment never changes once written (only its set of
deleted documents grows), so its lengths, facet columns and dates are decoded
once per process into arrays and reused by every later searcher; the cache key
carries the deletion count, so a segment with new deletions is read afresh.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from whoosh.util.numeric import byte_to_length

from searchidx.backends.whoosh.column_labels import label_codes
from searchidx.lru import LRUCache

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
UIntArray = npt.NDArray[np.uint64]

# Whoosh stores a field's length per document as one byte (lossy, log scale).
_LENGTH_OF_BYTE: Final = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
# Whoosh fills the date column of undated documents with 2**64 - 1.
NO_DATE: Final = np.uint64(2**64 - 1)
# Segments kept (about 1 MB each per 10,000 documents): more than any index has,
# since a segment evicted here is decoded again on every search. A 1M-document
# bulk build has ~100 segments; with room for 64 the 1M benchmark re-read every
# column on every query (2.4 s with facets instead of milliseconds).
CACHE_SEGMENTS: Final = 1024


@dataclass
class Labels:
    """One facet column of a segment: a code per document and the code's label."""

    codes: IntArray  # -1: no value
    values: list[str]


@dataclass
class SegmentArrays:
    """Decoded columns of one segment; filled lazily, one column at a time."""

    doc_count: int
    live: BoolArray
    lengths: dict[str, FloatArray] = field(default_factory=dict)
    labels: dict[str, Labels] = field(default_factory=dict)
    dates: UIntArray | None = None
    stored: tuple[IntArray, IntArray] | None = None  # stored-field offsets, lengths


_cache: LRUCache[tuple[str, int], SegmentArrays] = LRUCache(lambda: CACHE_SEGMENTS)


def static_field(schema: Any, fieldname: str) -> bool:
    """Whether ``fieldname`` is one of the schema's own fields (``in schema.names()``,
    which sorts every name on each call: tens of thousands of calls a query set)."""
    return fieldname in schema._fields


def segment_key(leaf: Any) -> tuple[str, int]:
    """A segment's random id names its immutable files; deletions only ever grow.

    The id alone, not Whoosh's ``segment_id()`` (index name + id, formatted on
    every call): this runs for every posting list a query touches.
    """
    segment = leaf._segment
    return (segment.segid, segment.deleted_count())


def arrays_for(leaf: Any) -> SegmentArrays:
    """The cached arrays of one Whoosh SegmentReader."""
    key = segment_key(leaf)
    found = _cache.get(key)
    if found is not None:
        return found
    count = leaf.doc_count_all()
    live = np.ones(count, dtype=np.bool_)
    if leaf.has_deletions():
        deleted = np.fromiter(leaf._perdoc.deleted_docs(), dtype=np.int64)
        live[deleted[deleted < count]] = False
    found = SegmentArrays(count, live)
    _cache.put(key, found)
    return found


def length_bytes(perdoc: Any, fieldname: str, doc_count: int) -> bytes:
    """Whoosh's one-byte field lengths of every document (0: not in the field)."""
    return _fixed_column_bytes(perdoc, f"_{fieldname}_len", None, doc_count)


def field_lengths(leaf: Any, fieldname: str) -> FloatArray:
    """Each document's length in ``fieldname``, as Whoosh's scorer sees it."""
    arrays = arrays_for(leaf)
    found = arrays.lengths.get(fieldname)
    if found is None:
        raw = length_bytes(leaf._perdoc, fieldname, arrays.doc_count)
        found = arrays.lengths[fieldname] = _LENGTH_OF_BYTE[np.frombuffer(raw, dtype=np.uint8)]
    return found


def column_labels(leaf: Any, column: str) -> Labels:
    """The values of a sortable ID column (source, type, month) as codes."""
    arrays = arrays_for(leaf)
    found = arrays.labels.get(column)
    if found is None:
        found = arrays.labels[column] = _read_labels(leaf, column, arrays.doc_count)
    return found


def dates(leaf: Any) -> UIntArray:
    """Raw ``date`` column values (Whoosh datetime longs; NO_DATE when undated)."""
    arrays = arrays_for(leaf)
    if arrays.dates is None:
        if leaf.has_column("date"):
            column = leaf.schema["date"].column_type
            raw = _fixed_column_bytes(leaf._perdoc, "date", column, arrays.doc_count)
            stored = np.dtype(">" + column._typecode)  # "Q": Whoosh's sortable 64-bit ints
            arrays.dates = np.frombuffer(raw, dtype=stored).astype(np.uint64)
        else:
            arrays.dates = np.full(arrays.doc_count, NO_DATE, dtype=np.uint64)
    return arrays.dates


def _fixed_column_bytes(perdoc: Any, name: str, column: Any, doc_count: int) -> bytes:
    """A numeric column's bytes for every document (the tail Whoosh leaves out filled).

    ``column`` is the column type (None: Whoosh's one-byte field lengths).
    """
    if column is None:
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN

        column = LENGTHS_COLUMN
    # The writer leaves out trailing documents that have the default value.
    fill = struct.pack("!" + column._typecode, column._default)
    width = len(fill)
    if not perdoc.has_column(name):
        return fill * doc_count
    reader = perdoc.column_reader(name, column)
    stored = min(reader._count, doc_count)
    data = bytes(reader._dbfile.get(reader._basepos, stored * width)) if stored else b""
    return data + fill * (doc_count - stored)  # type: ignore[no-any-return]


def _read_labels(leaf: Any, column: str, doc_count: int) -> Labels:
    if doc_count == 0 or not leaf.has_column(column):
        return Labels(np.full(doc_count, -1, dtype=np.int64), [])
    codes, values = label_codes(leaf.column_reader(column, translate=False), doc_count)
    return Labels(codes, [raw.decode("utf-8") for raw in values])


def clear() -> None:
    """Forget every cached segment (tests; after replacing an index in place)."""
    _cache.clear()
