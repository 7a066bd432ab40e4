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
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

from searchidx.backends.whoosh.formats import count_value, fused_counts, fused_positions
from searchidx.backends.whoosh.raw_positions import stores_positions
from searchidx.backends.whoosh.raw_postings import RawPostingsWriter

Posting = tuple[str, bytes, int, float, bytes | None]
_PICKLE_PROTOCOL: Final = 2  # what Whoosh 3 pickles blocks with
_TERMINFO: Final = W3TermInfo._struct


# Postings of one term: document numbers, weights, values. Arrays, not lists:
# a bulk batch pools ~9 million postings, as lists ~170 bytes each (an int, a
# float and three pointers), as arrays 12 bytes plus the value's pointer; and
# the cyclic collector does not walk arrays.
TermPostings = tuple["array[int]", "array[float]", list[Any]]


def _new_postings() -> TermPostings:
    return array("i"), array("d"), []


class TermPool:
    """Postings grouped by field and term as they arrive; replaces Whoosh's PostingPool.

    Terms are kept as ``str``: the analyzer's cached words carry their hash,
    so pooling a posting is one dict lookup, with no key tuple and no
    encoding per posting. Terms that arrive as bytes (Whoosh's own path:
    ids, dates, merged segments) are decoded with ``surrogateescape``, which
    gives back the same bytes for any input; terms are sorted by those bytes
    when written.
    """

    def __init__(self) -> None:
        self.fields: dict[str, dict[str, TermPostings]] = {}
        self._last: tuple[str, bytes, TermPostings] | None = None

    @property
    def fieldnames(self) -> set[str]:
        return {name for name, terms in self.fields.items() if terms}

    def add(self, item: Posting) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        last = self._last
        # A merge feeds each term's postings in a row, with one bytes object.
        if last is not None and last[1] is tbytes and last[0] == fieldname:
            found = last[2]
        else:
            terms = self.fields.setdefault(fieldname, {})
            word = tbytes.decode("utf-8", "surrogateescape")
            known = terms.get(word)
            found = terms[word] = _new_postings() if known is None else known
            self._last = (fieldname, tbytes, found)
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
        terms, field_boost = self.fields.setdefault(fieldname, {}), field.format.field_boost
        length = 0
        for word, freq, vbytes in found:
            length += freq
            lists = terms.get(word)
            if lists is None:
                lists = terms[word] = _new_postings()
            lists[0].append(docnum)
            lists[1].append(float(freq) * field_boost * boost)
            lists[2].append(vbytes)
        return length if field.scorable else 0

    def sorted_terms(self) -> Iterator[tuple[str, bytes, TermPostings]]:
        """``(field, term bytes, postings)`` in Whoosh's order: by field, then term bytes."""
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            encoded = sorted((word.encode("utf-8", "surrogateescape"), word) for word in terms)
            for btext, word in encoded:
                yield fieldname, btext, terms[word]

    def iter_postings(self) -> Iterator[Posting]:
        for fieldname, btext, (docnums, weights, values) in self.sorted_terms():
            for at, docnum in enumerate(docnums):
                yield fieldname, btext, docnum, weights[at], values[at]

    def cleanup(self) -> None:
        self.fields = {}
        self._last = None

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


class _TermStats:
    """What W3TermInfo accumulates over a term's blocks, without its per-block calls."""

    __slots__ = ("df", "maxid", "maxlength", "maxweight", "minid", "minlength", "weight")

    def __init__(self, first_id: int) -> None:
        self.weight = 0.0
        self.df = 0
        self.minlength: int | None = None
        self.maxlength = 0
        self.maxweight = 0.0
        self.minid = first_id
        self.maxid = first_id

    def to_bytes(self, offset: int, length: int) -> bytes:
        """The bytes of ``W3TermInfo.to_bytes`` for a term with these blocks."""
        minlength = 0 if self.minlength is None else length_to_byte(self.minlength)
        packed: bytes = _TERMINFO.pack(
            False,
            self.weight,
            self.df,
            minlength,
            length_to_byte(self.maxlength),
            self.maxweight,
            self.minid,
            self.maxid,
        )
        where: bytes = pack_long(offset) + pack_int(length)
        return packed + where


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
    field: _FieldTerms | None = None
    postfile = _Appender(fieldwriter._postfile)
    for fieldname, btext, postings in pool.sorted_terms():
        if field is None or field.name != fieldname:
            if field is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            field = _FieldTerms(fieldname, schema[fieldname].format, lengths, codec)
        stats, data = field.postings_bytes(postings)
        start = postfile.append(data)
        info = stats.to_bytes(start, len(data))
        fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + btext, info)
        if raw is not None:
            docnums, weights, values = postings
            placed = values if field.positional else None
            raw.add(fieldname, btext, docnums, weights, (start, len(data)), placed)
    postfile.flush()
    if field is not None:
        fieldwriter.finish_field()


class _Appender:
    """Appends to the posting file in runs of terms and knows each term's offset.

    Nothing else writes to the file while the terms are written.
    """

    RUN: Final = 512

    def __init__(self, postfile: Any) -> None:
        self._file = postfile
        self._at: int = postfile.tell()
        self._run: list[bytes] = []

    def append(self, data: bytes) -> int:
        """Queue ``data``; returns the offset it will have."""
        start = self._at
        self._at += len(data)
        self._run.append(data)
        if len(self._run) >= self.RUN:
            self.flush()
        return start

    def flush(self) -> None:
        self._file.write(b"".join(self._run))
        self._run = []


class _FieldTerms:
    """One field's constants for writing its terms, and its terms of one posting.

    Half the terms of a segment have one posting, and most of those share
    their document, weight and value with others (the grams and rare words of
    one document): their blocks are the same bytes, encoded once.
    """

    def __init__(self, name: str, fmt: Any, lengths: Any, codec: Any) -> None:
        self.name = name
        self.positional = stores_positions(fmt)
        self._field_bytes = lengths.length_bytes(name) if lengths is not None else None
        self._fixedsize = fmt.fixed_value_size()
        self._codec = codec
        self._singles: dict[tuple[int, float, Any], tuple[_TermStats, bytes]] = {}

    def postings_bytes(self, postings: TermPostings) -> tuple[_TermStats, bytes]:
        docnums, weights, values = postings
        if len(docnums) != 1:
            return self._encode(postings)
        key = (docnums[0], weights[0], values[0])
        found = self._singles.get(key)
        if found is None:
            found = self._singles[key] = self._encode(postings)
        return found

    def _encode(self, postings: TermPostings) -> tuple[_TermStats, bytes]:
        docnums, weights, values = postings
        return _postings_bytes(
            docnums, weights, values, self._field_bytes, self._fixedsize, self._codec
        )


def _postings_bytes(
    docnums: Sequence[int],
    weights: Sequence[float],
    values: list[Any],
    field_bytes: bytes | None,
    fixedsize: int | None,
    codec: Any,
) -> tuple[_TermStats, bytes]:
    """One term's blocks as Whoosh's posting writer writes them, and their statistics."""
    stats = _TermStats(docnums[0])
    count, size = len(docnums), codec._blocklimit
    parts = [WHOOSH3_HEADER_MAGIC]
    for begin in range(0, count, size):
        end = min(begin + size, count)
        parts.append(
            _block_bytes(
                stats,
                docnums[begin:end],
                weights[begin:end],
                values[begin:end],
                field_bytes,
                fixedsize,
                codec._compression,
                end == count,
            )
        )
    return stats, b"".join(parts)


def _block_bytes(
    stats: _TermStats,
    ids: Sequence[int],
    block_weights: Sequence[float],
    values: list[Any],
    field_bytes: bytes | None,
    fixedsize: int | None,
    compression: int,
    last: bool,
) -> bytes:
    """A block's length, info and data; adds the block to ``stats`` as add_block does."""
    stored = array("f", block_weights)  # Whoosh buffers weights as float32
    found = [b for b in (field_bytes[d] for d in ids) if b] if field_bytes is not None else []
    minlength = byte_to_length(min(found)) if found else None
    maxlength = byte_to_length(max(found)) if found else 0
    maxweight = max(0.0, *block_weights)
    stats.weight += sum(stored)
    stats.df += len(ids)
    if stats.minlength is None:
        stats.minlength = minlength
    elif minlength is not None:
        stats.minlength = min(stats.minlength, minlength)
    stats.maxlength = max(stats.maxlength, maxlength)
    stats.maxweight = max(stats.maxweight, maxweight)
    stats.maxid = ids[-1]
    data = (_deltas(ids), _mini_weights(stored), _mini_values(values, fixedsize))
    databytes = dumps(data, _PICKLE_PROTOCOL)
    if compression:
        databytes = zlib.compress(databytes, compression)
    infobytes = dumps(
        (
            len(ids),
            ids[-1],
            maxweight,
            compression,
            length_to_byte(minlength),
            length_to_byte(maxlength),
        ),
        _PICKLE_PROTOCOL,
    )
    length = len(infobytes) + len(databytes)
    header: bytes = pack_int(-length if last else length)
    return header + infobytes + databytes


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
