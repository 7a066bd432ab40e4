"""Writing a fresh segment's postings a term at a time instead of a posting at a time.

Whoosh's field writer takes every posting through four Python calls (the
pool's ``add``, the sorted iteration, ``FieldWriter.add``, the posting
writer's ``add_posting`` with its type checks and running statistics): about
half of an index worker's time. For a segment written in one go the postings
of each term are collected in order (:class:`TermPool`), so whole blocks of
128 postings can be cut, summarised and encoded at once. The bytes written are
Whoosh 3's format exactly, the block rules included (every block compressed,
the last one marked by a negative length, float32 weights, statistics over
the non-zero lengths); ``tests/test_segment_writer.py`` compares every file.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from pickle import dumps
from typing import Any, Final

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3TermInfo
from whoosh.system import pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

from searchidx.backends.whoosh.formats import count_value, fused_counts, fused_positions
from searchidx.backends.whoosh.raw_positions import stores_positions
from searchidx.backends.whoosh.raw_postings import RawPostingsWriter

Posting = tuple[str, bytes, int, float, bytes | None]
_PICKLE_PROTOCOL: Final = 2  # what Whoosh 3 pickles blocks with


# Postings of one term: document numbers, weights, values. Arrays, not lists:
# a bulk batch pools ~9 million postings, as lists ~170 bytes each (an int, a
# float and three pointers), as arrays 12 bytes plus the value's pointer; and
# the cyclic collector does not walk arrays.
TermPostings = tuple["array[int]", "array[float]", list[Any]]


def _new_postings() -> TermPostings:
    return array("i"), array("d"), []


class TermPool:
    """Postings grouped by (field, term) as they arrive; replaces Whoosh's PostingPool."""

    def __init__(self) -> None:
        self.terms: dict[tuple[str, bytes], TermPostings] = {}
        self.fieldnames: set[str] = set()

    def add(self, item: Posting) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        found = self.terms.get((fieldname, tbytes))
        if found is None:
            found = self.terms[(fieldname, tbytes)] = _new_postings()
            self.fieldnames.add(fieldname)
        found[0].append(docnum)
        found[1].append(weight)
        found[2].append(vbytes)

    def add_field(self, fieldname: str, field: Any, value: Any, docnum: int, boost: float) -> int:
        """Add one document's postings for ``field``; returns the field length Whoosh counts.

        What Whoosh's ``add_document`` does with ``field.index(value)``, the
        same values in the same order, without a tuple and two generators
        per posting where the format takes the fused path.
        """
        counts = fused_counts(field, value)
        if counts is not None:
            counted = ((word, freq, count_value(freq)) for word, freq in counts.items())
            return self._add_terms(fieldname, field, counted, docnum, boost)
        positions = fused_positions(field, value)
        if positions is None:
            length = 0
            for tbytes, freq, weight, vbytes in field.index(value):
                length += freq
                self.add((fieldname, tbytes, docnum, weight * boost, vbytes))
            return length if field.scorable else 0
        value_of = field.format.value_of
        placed = ((word, len(at), value_of(at)) for word, at in positions.items())
        return self._add_terms(fieldname, field, placed, docnum, boost)

    def _add_terms(
        self,
        fieldname: str,
        field: Any,
        found: Iterable[tuple[str, int, bytes]],
        docnum: int,
        boost: float,
    ) -> int:
        """One document's ``(term, frequency, posting value)`` of ``field`` into the pool."""
        terms, field_boost = self.terms, field.format.field_boost
        length = 0
        for word, freq, vbytes in found:
            length += freq
            key = (fieldname, word.encode("utf-8"))
            lists = terms.get(key)
            if lists is None:
                lists = terms[key] = _new_postings()
            lists[0].append(docnum)
            lists[1].append(float(freq) * field_boost * boost)
            lists[2].append(vbytes)
        if length and fieldname not in self.fieldnames:
            self.fieldnames.add(fieldname)
        return length if field.scorable else 0

    def iter_postings(self) -> Iterator[Posting]:
        for key in sorted(self.terms):
            docnums, weights, values = self.terms[key]
            for at, docnum in enumerate(docnums):
                yield key[0], key[1], docnum, weights[at], values[at]

    def cleanup(self) -> None:
        self.terms = {}

    def cancel(self) -> None:
        self.cleanup()


def supports(codec: Any, schema: Any) -> bool:
    """Whether ``write_terms`` reproduces this codec and schema (else use Whoosh's path)."""
    return (
        type(codec) is W3Codec
        and codec._inlinelimit <= 1
        and not any(schema[name].separate_spelling() for name in schema.names())
        and not any(schema[name].vector for name in schema.names())
    )


class _Block:
    """The statistics W3TermInfo.add_block reads from Whoosh's posting writer."""

    def __init__(self, ids: Sequence[int], weights: array[float], lengths: list[int]) -> None:
        self._ids = ids
        self._weights = weights
        self._minlength = byte_to_length(min(lengths)) if lengths else None
        self._maxlength = byte_to_length(max(lengths)) if lengths else 0
        self._maxweight = 0.0

    def __len__(self) -> int:
        return len(self._ids)

    def min_id(self) -> int:
        return self._ids[0]

    def max_id(self) -> int:
        return self._ids[-1]

    def min_length(self) -> int | None:
        return self._minlength

    def max_length(self) -> int:
        return self._maxlength

    def max_weight(self) -> float:
        return self._maxweight


def write_terms(
    fieldwriter: Any,
    schema: Any,
    pool: TermPool,
    lengths: Any,
    codec: Any,
    raw: RawPostingsWriter | None = None,
) -> None:
    """Write every term of ``pool`` through a W3FieldWriter's files, in key order.

    With ``raw`` each term's ids, weights and positions also go to the side
    file (:mod:`raw_postings`).
    """
    current = None
    for key in sorted(pool.terms):
        fieldname, btext = key
        if fieldname != current:
            if current is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            current = fieldname
            field_bytes = lengths.length_bytes(fieldname) if lengths is not None else None
            fixedsize = schema[fieldname].format.fixed_value_size()
            positional = stores_positions(schema[fieldname].format)
        docnums, weights, values = pool.terms[key]
        info = _write_postings(
            fieldwriter._postfile, docnums, weights, values, field_bytes, fixedsize, codec
        )
        fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + btext, info.to_bytes())
        if raw is not None:
            placed = values if positional else None
            raw.add(fieldname, btext, docnums, weights, info.extent(), placed)
    if current is not None:
        fieldwriter.finish_field()


def _write_postings(
    postfile: Any,
    docnums: Sequence[int],
    weights: Sequence[float],
    values: list[Any],
    field_bytes: bytes | None,
    fixedsize: int | None,
    codec: Any,
) -> W3TermInfo:
    info = W3TermInfo()
    start = postfile.tell()
    count, size = len(docnums), codec._blocklimit
    for begin in range(0, count, size):
        end = min(begin + size, count)
        ids = docnums[begin:end]
        block_weights = weights[begin:end]
        stored = array("f", block_weights)  # Whoosh buffers weights as float32
        found = [b for b in (field_bytes[d] for d in ids) if b] if field_bytes is not None else []
        block = _Block(ids, stored, found)
        block._maxweight = max(0.0, *block_weights)
        if begin == 0:
            postfile.write(WHOOSH3_HEADER_MAGIC)
        info.add_block(block)
        data = (_deltas(ids), _mini_weights(stored), _mini_values(values[begin:end], fixedsize))
        compression = codec._compression
        databytes = dumps(data, _PICKLE_PROTOCOL)
        if compression:
            databytes = zlib.compress(databytes, compression)
        infobytes = dumps(
            (
                len(ids),
                ids[-1],
                block._maxweight,
                compression,
                length_to_byte(block._minlength),
                length_to_byte(block._maxlength),
            ),
            _PICKLE_PROTOCOL,
        )
        length = len(infobytes) + len(databytes)
        postfile.write_int(-length if end == count else length)
        postfile.write(infobytes)
        postfile.write(databytes)
    info.set_extent(start, postfile.tell() - start)
    return info


def _deltas(ids: Sequence[int]) -> tuple[int, ...]:
    return tuple(now - before for before, now in zip([0, *ids[:-1]], ids, strict=True))


def _mini_weights(weights: array[float]) -> Any:
    if all(w == 1.0 for w in weights):
        return None
    if all(w == weights[0] for w in weights):
        return weights[0]
    return tuple(weights)


def _mini_values(values: list[Any], fixedsize: int | None) -> Any:
    kept = [value for value in values if value]  # Whoosh keeps only non-empty values
    if fixedsize is None or fixedsize < 0:
        return tuple(kept)
    if fixedsize == 0:
        return None
    return b"".join(kept)
