"""Stored fields of one document, without Whoosh's per-searcher offset table.

Whoosh's stored-field column keeps a length per document; every new searcher
rebuilds the offsets from those lengths in a Python loop on first use, about
1.5 ms per 10,000 documents, which a one-page search pays for every segment.
Here the offsets come from one numpy cumulative sum per segment, cached
across searchers (segments never change), and each hit reads and unpickles
just its own record, as Whoosh does.

Inflating a record (zlib) costs five times its unpickling, and a record never
changes: the inflated records of recently shown hits are kept, by segment and
document, in a bounded LRU shared by searchers and threads. They are kept as
pickles, so every caller still gets its own dict.
"""

from __future__ import annotations

import bisect
import pickle
import struct
import zlib
from collections.abc import Iterable
from typing import Any, Final

import numpy as np

from searchidx.backends.whoosh.postings import held_by, positions_in
from searchidx.backends.whoosh.segment_arrays import IntArray, arrays_for
from searchidx.lru import LRUCache

_STORED: Final = "_stored"
# Inflated records kept, weighed in bytes (a 500-word article: about 3 kB).
CACHE_BYTES: Final = 32 << 20
_records: LRUCache[tuple[str, int], bytes] = LRUCache(lambda: CACHE_BYTES, weight=len)


def leaf_of(searcher: Any, docnum: int) -> tuple[Any, int]:
    """The segment reader holding global document ``docnum``, and its local number."""
    leaves = searcher.reader().leaf_readers()
    bases = [base for _, base in leaves]
    leaf, base = leaves[bisect.bisect_right(bases, docnum) - 1]
    return leaf, docnum - base


def text_positions(searcher: Any, words: Iterable[str], docnum: int) -> set[int]:
    """Token positions of ``words`` in the ``text`` field of one document, from the index."""
    leaf, local = leaf_of(searcher, docnum)
    return positions_in(leaf, "text", words, local)


def terms_held(searcher: Any, fieldname: str, words: Iterable[str], docnum: int) -> set[str]:
    """Those of ``words`` that global document ``docnum`` holds in ``fieldname``."""
    leaf, local = leaf_of(searcher, docnum)
    return held_by(leaf, fieldname, words, local)


def stored_fields(searcher: Any, docnum: int) -> dict[str, Any]:
    """The stored fields of global document ``docnum`` ({} if it has none)."""
    leaf, local = leaf_of(searcher, docnum)
    key = (leaf._segment.segment_id(), local)
    record = _records.get(key)
    if record is None:
        record = _read_record(leaf, local)
        _records.put(key, record)
    if not record:
        return {}
    found = pickle.loads(record)  # our own index: see "Trust boundary"
    return found if isinstance(found, dict) else {}


def _read_record(leaf: Any, local: int) -> bytes:
    """The inflated pickle of one document's stored fields (empty if it has none)."""
    colfile, basepos, length = _column_file(leaf._perdoc)
    offsets, lengths = _table(leaf, colfile, basepos, length)
    size = int(lengths[local])
    if not size:
        return b""
    return zlib.decompress(colfile.get(basepos + int(offsets[local]), size))


def _column_file(perdoc: Any) -> tuple[Any, int, int]:
    # The per-document reader owns (and closes) the files it opened.
    files = perdoc._colfiles
    if _STORED not in files:
        files[_STORED] = perdoc._get_column_file(_STORED)
    colfile, basepos, length = files[_STORED]
    return colfile, int(basepos), int(length)


def _table(leaf: Any, colfile: Any, basepos: int, length: int) -> tuple[IntArray, IntArray]:
    arrays = arrays_for(leaf)
    if arrays.stored is None:
        arrays.stored = _read_table(colfile, basepos, length, arrays.doc_count)
    return arrays.stored


def _read_table(colfile: Any, basepos: int, length: int, count: int) -> tuple[IntArray, IntArray]:
    """Whoosh's VarBytesColumn layout: data, [offsets], lengths, type codes at the end."""
    last = basepos + length - 1
    lengths_code = chr(colfile.get_byte(last))
    offsets = None
    if lengths_code == "X":  # offsets were written too
        lengths_code = chr(colfile.get_byte(last - 2))
        offsets_code = chr(colfile.get_byte(last - 1))
        width = struct.calcsize(offsets_code)
        start = (last - 2) - count * width
        offsets = _numbers(colfile, start, width, count)
        last = start
    width = struct.calcsize(lengths_code)
    lengths = _numbers(colfile, last - width * count, width, count)
    if offsets is None:
        offsets = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
    return offsets, lengths


def _numbers(colfile: Any, start: int, width: int, count: int) -> IntArray:
    raw = colfile.get(start, width * count)
    return np.frombuffer(raw, dtype=np.dtype(f">u{width}")).astype(np.int64)
