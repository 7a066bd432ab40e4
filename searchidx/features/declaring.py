"""Declaring fields in an index that already holds documents.

A backend remembers a declaration; the documents indexed before it carry the
new key only in their stored ``extra``. Writing those documents again, as
stored, indexes the key without changing any stored field, so nothing is lost
and the content fingerprint stays the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import closing

from searchidx.backends.base import Backend, Query, WriteOptions
from searchidx.features.fields import DeclaredField, parse_field_spec
from searchidx.models import Document


def as_declarations(fields: Iterable[str | DeclaredField]) -> tuple[DeclaredField, ...]:
    """``section:keyword`` texts (or declarations) as declarations."""
    return tuple(
        field if isinstance(field, DeclaredField) else parse_field_spec(field) for field in fields
    )


def declare_fields(
    backend: Backend, fields: Iterable[DeclaredField], *, batch_size: int, lock_timeout: float
) -> tuple[DeclaredField, ...]:
    """Declare ``fields`` and index them in the documents already there; returns the new ones."""
    added = backend.declare(fields, lock_timeout=lock_timeout)
    if added:
        with closing(backend.reader()) as reader:
            stream = reader.stream(Query(""), "date")
            try:
                carrying = _carrying(
                    (scored.document for scored in stream.items), {f.name for f in added}
                )
                backend.write(carrying, WriteOptions(batch_size, lock_timeout))
            finally:
                stream.close()
    return added


def _carrying(documents: Iterable[Document], names: set[str]) -> Iterator[Document]:
    return (doc for doc in documents if not names.isdisjoint(doc.extra))
