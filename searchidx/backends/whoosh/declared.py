"""Declared fields in a Whoosh index: typed fields added to the index's own schema.

The schema pickled into the index's table of contents is where a Whoosh index
remembers its fields, so a declaration is a schema change committed like any
other (atomically, under the write lock): ``kw_section`` an ID column (filter,
facet), ``num_words`` a NUMERIC, ``dt_published`` a DATETIME. None is stored:
the value stays in ``extra``, which the fingerprint already covers.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whoosh.fields import DATETIME, ID, NUMERIC, FieldType
from whoosh.index import FileIndex

from searchidx.backends.whoosh.writelock import remove_crash_debris, write_lock
from searchidx.features.fields import DeclaredField, FieldKind, declared_in, new_declarations


def declared_fields(schema: Any) -> tuple[DeclaredField, ...]:
    """The fields declared in an index (from its schema's field names)."""
    return declared_in(schema.names())


def field_type(kind: FieldKind) -> FieldType:
    if kind == "keyword":
        return ID(sortable=True)  # the column facets count from
    if kind == "numeric":
        return NUMERIC(numtype=float, bits=64, signed=True)
    return DATETIME()


def declare(
    ix: FileIndex, fields: Iterable[DeclaredField], lock_timeout: float
) -> tuple[DeclaredField, ...]:
    """Add the fields not declared yet to the index's schema; returns those added."""
    folder = Path(ix.storage.folder)
    with write_lock(folder, lock_timeout):
        remove_crash_debris(folder)
        added = new_declarations(declared_fields(ix.schema), fields)
        if not added:
            return ()
        writer = ix.writer(_lk=False)  # we hold the lock Whoosh would take
        try:
            for field in added:
                writer.add_field(field.internal, field_type(field.kind))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
    return added
