"""Documents as Whoosh field values and back: what the writer adds, what a hit rebuilds.

Both directions in one place, so a field renamed or added on the way in is read
back the same way; importable without the write machinery (a search needs only
:func:`stored_to_document`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, cast

from searchidx.backends.base import plain_values, sounds_text
from searchidx.backends.whoosh.schema import GRAMS_FIELD, PHONETIC_FIELD, WORDS_FIELD
from searchidx.features.fields import DeclaredField
from searchidx.features.periods import period_of
from searchidx.models import DOC_TYPES, DocType, Document, wall_time


def document_fields(
    doc: Document, declared: Iterable[DeclaredField] = (), *, grams: bool = True
) -> dict[str, Any]:
    """The Whoosh field values for one document (None values left out).

    ``declared`` fields index their ``extra`` value under their internal name;
    ``grams`` is false for an index made without the grams field.
    """
    fields: dict[str, Any] = {
        **plain_values(doc),
        "text": doc.text,
        "extra": dict(doc.extra) or None,
    }
    # A comment must not match on the headline of the article it hangs under.
    fields["title" if doc.type == "article" else "parent_title"] = doc.title
    fields[PHONETIC_FIELD] = sounds_text(doc)
    fields[WORDS_FIELD] = doc.text
    if grams:
        fields[GRAMS_FIELD] = doc.text
    if doc.date is not None:
        # Indexed as the wall time written (filters, sorting, buckets); stored as
        # given, so a UTC offset comes back in results.
        fields["date"] = wall_time(doc.date)
        fields["month"] = period_of(fields["date"], "month")
        if doc.date.tzinfo is not None:
            fields["_stored_date"] = doc.date
    for field in declared:
        fields[field.internal] = field.value(doc)
    return {name: value for name, value in fields.items() if value is not None}


def stored_to_document(stored: Mapping[str, Any]) -> Document:
    """Rebuild a Document from a hit's stored fields."""
    doc_type = stored.get("type", "article")
    date = stored.get("date")
    return Document(
        id=stored["id"],
        type=cast(DocType, doc_type if doc_type in DOC_TYPES else "article"),
        text=stored.get("text", ""),
        title=stored.get("title") or stored.get("parent_title") or "",
        source=stored.get("source", "unbekannt"),
        date=date if isinstance(date, datetime) else None,
        author=stored.get("author"),
        parent_id=stored.get("parent_id"),
        url=stored.get("url"),
        reply_to=stored.get("reply_to"),
        rank=stored.get("rank"),
        extra=stored.get("extra") or {},
    )
