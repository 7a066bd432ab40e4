"""A segment's facet column (source, type, month, declared keywords) as codes, decoded at once.

Whoosh keeps a sortable ID column as its values back to back, then an array of
their lengths. Its reader hands them out one document at a time through Python
calls (~1.5 µs each): a cold process on the 100k benchmark index spent half a
second of its first faceted search there, 3 columns of 10 segments. Here the
values and lengths are read in one piece each and padded into a fixed-width
byte array that numpy groups (``np.unique``), so a column costs a few
vectorised passes. Codes are numbered in order of first appearance, as the
per-document path numbers them; that path stays for any other column layout
and for values too long to pad.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import numpy.typing as npt
from whoosh.columns import VarBytesColumn

IntArray = npt.NDArray[np.int64]

# Longest value padded into the array (doc_count × this bytes, briefly).
MAX_PADDED_BYTES: Final = 256


def label_codes(reader: Any, doc_count: int) -> tuple[IntArray, list[bytes]]:
    """A code per document (-1: no value) and the value of each code, in first-seen order."""
    layout = _var_bytes_layout(reader, doc_count)
    if layout is None:
        return codes_one_by_one(reader, doc_count)
    data, offsets, lengths = layout
    width = int(lengths.max()) if doc_count else 0
    if width == 0:
        return np.full(doc_count, -1, dtype=np.int64), []
    if width > MAX_PADDED_BYTES:
        return codes_one_by_one(reader, doc_count)
    keys = _padded(data, offsets, lengths, width)
    found, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return _first_seen_codes(found, first, inverse.reshape(-1), lengths)


def codes_one_by_one(reader: Any, doc_count: int) -> tuple[IntArray, list[bytes]]:
    """The same through Whoosh's reader, one document at a time."""
    index: dict[bytes, int] = {}
    codes = np.fromiter(
        (index.setdefault(raw, len(index)) if raw else -1 for raw in reader),
        dtype=np.int64,
        count=doc_count,
    )
    return codes, list(index)


def _var_bytes_layout(reader: Any, doc_count: int) -> tuple[Any, IntArray, IntArray] | None:
    """The column's bytes, offsets and lengths as arrays (None: not Whoosh's var-bytes layout)."""
    if type(reader) is not VarBytesColumn.Reader or reader._doccount != doc_count:
        return None
    lengths = np.frombuffer(reader._lengths, dtype=np.dtype(reader._lengths.typecode))
    offsets = np.frombuffer(reader._offsets, dtype=np.dtype(reader._offsets.typecode))
    if len(lengths) != doc_count or len(offsets) != doc_count:
        return None
    lengths, offsets = lengths.astype(np.int64), offsets.astype(np.int64)
    end = int((offsets + lengths).max()) if doc_count else 0
    raw = bytes(reader._dbfile.get(reader._basepos, end)) if end else b""
    if len(raw) != end:
        return None
    return np.frombuffer(raw, dtype=np.uint8), offsets, lengths


def _padded(data: Any, offsets: IntArray, lengths: IntArray, width: int) -> Any:
    """Each document's value, zero-padded to ``width`` bytes, as one ``S{width}`` item."""
    columns = np.arange(width, dtype=np.int64)
    inside = columns[None, :] < lengths[:, None]
    where = np.minimum(offsets[:, None] + columns[None, :], len(data) - 1)
    padded = np.where(inside, data[where], 0).astype(np.uint8)
    return np.ascontiguousarray(padded).view(f"S{width}").reshape(-1)


def _first_seen_codes(
    found: Any, first: IntArray, inverse: IntArray, lengths: IntArray
) -> tuple[IntArray, list[bytes]]:
    """Renumber ``np.unique``'s sorted groups by first appearance; empty values get -1.

    Only empty values pad to the empty key, so a group is empty when its first member is.
    """
    kept = np.flatnonzero(lengths[first] > 0)
    order = kept[np.argsort(first[kept], kind="stable")]
    renumber = np.full(len(found), -1, dtype=np.int64)
    renumber[order] = np.arange(len(order), dtype=np.int64)
    codes: IntArray = renumber[inverse]
    return codes, [bytes(found[group]) for group in order]
