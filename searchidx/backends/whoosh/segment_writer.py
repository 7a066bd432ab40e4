"""A Whoosh segment writer for fresh segments built in one go (the index workers).

While writing postings, Whoosh's ``SegmentWriter`` looks up every posting's
field length (for the block statistics) with a seek and a read in the length
column it has just written: about a tenth of a worker's time. Here each
field's whole length column is read once into memory instead, and the
postings are written a term at a time (:mod:`searchidx.backends.whoosh.term_writer`).

The posting and term files are byte for byte what Whoosh writes for the same
documents (``tests/test_segment_writer.py`` compares them).
"""

from __future__ import annotations

from typing import Any

from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

from searchidx.backends.whoosh.raw_postings import RAW_EXT, RawPostingsWriter
from searchidx.backends.whoosh.segment_arrays import length_bytes
from searchidx.backends.whoosh.term_writer import TermPool, supports, write_terms

_LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]


class ColumnLengths:
    """``doc_field_length`` from length columns read whole, as Whoosh's reader answers it."""

    def __init__(self, perdoc: Any, fieldnames: list[str], doc_count: int) -> None:
        self._bytes = {name: length_bytes(perdoc, name, doc_count) for name in fieldnames}

    def length_bytes(self, fieldname: str) -> bytes | None:
        return self._bytes.get(fieldname)

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> Any:
        found = self._bytes.get(fieldname)
        if found is None:
            return default
        lbyte = found[docnum]
        return _LENGTH_OF_BYTE[lbyte] if lbyte else None

    def close(self) -> None:
        self._bytes = {}


class FreshSegmentWriter(SegmentWriter):  # type: ignore[misc]  # whoosh ships no type hints
    """A SegmentWriter for a new segment that never merges other segments in."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pool: Any
        if supports(self.codec, self.schema):
            self.pool.cleanup()
            self.pool = TermPool()

    def add_document(self, **fields: Any) -> None:
        """Whoosh's ``add_document``, with each field's postings added in one call.

        Same checks, same per-document writes in the same order; the postings
        go straight into the TermPool (``TermPool.add_field``).
        """
        if not isinstance(self.pool, TermPool):
            super().add_document(**fields)
            return
        self._check_state()
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(self.schema, fieldnames)
        self.perdocwriter.start_doc(self.docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is not None:
                    self._add_field(fields, fieldname, value, docboost)
        except Exception:
            self.perdocwriter.cancel_doc()
            raise
        self.perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _add_field(
        self, fields: dict[str, Any], fieldname: str, value: Any, docboost: float
    ) -> None:
        field = self.schema[fieldname]
        length = 0
        if field.indexed:
            boost = self._field_boost(fields, fieldname, docboost)
            length = self.pool.add_field(fieldname, field, value, self.docnum, boost)
        stored = fields.get(f"_stored_{fieldname}", value)
        self.perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
        column = field.column_type
        if column and stored is not None:
            self.perdocwriter.add_column_value(fieldname, column, field.to_column_value(stored))

    def _flush_segment(self) -> None:
        """The postings a term at a time (:func:`write_terms`), lengths read whole."""
        self.perdocwriter.close()
        lengths = None
        if self.codec.length_stats:
            pdr = self.per_document_reader()
            lengths = ColumnLengths(pdr, list(self.schema.scorable_names()), self.docnum)
        if isinstance(self.pool, TermPool):
            raw = RawPostingsWriter(self.newsegment.create_file(self.storage, RAW_EXT))
            write_terms(self.fieldwriter, self.schema, self.pool, lengths, self.codec, raw)
            raw.close()
        else:
            self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if lengths is not None:
            pdr.close()

    def add_reader(self, reader: Any) -> None:
        raise TypeError("FreshSegmentWriter writes new documents only; it does not merge")


class BatchSegmentWriter(FreshSegmentWriter):
    """The same fast path for a commit in this process, which may also merge segments.

    Whoosh's merge appends a merged segment's documents after the new ones and
    feeds their postings term by term in document order, so each term's
    postings still arrive in ascending document numbers, as the TermPool
    needs; lengths of merged documents are in the length column read at flush.
    """

    def add_reader(self, reader: Any) -> None:
        SegmentWriter.add_reader(self, reader)
