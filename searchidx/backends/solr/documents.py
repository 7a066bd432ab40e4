"""Documents to Solr update JSON and back: the same fields the Whoosh index holds."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from searchidx.backends.base import plain_values, sounds_text
from searchidx.backends.solr.tokens import pre_analyzed
from searchidx.backends.whoosh.documents import document_fields, stored_to_document
from searchidx.backends.whoosh.schema import GRAMS_FIELD, PHONETIC_FIELD, WORDS_FIELD
from searchidx.features.fields import DeclaredField
from searchidx.models import Document, wall_time

# Every stored field (as in the Whoosh schema; phonetic and month are not stored).
_STORED = [
    "id",
    "type",
    "text",
    "title",
    "parent_title",
    "source",
    "date",
    "author",
    "parent_id",
    "url",
    "reply_to",
    "rank",
    "extra",
]
# A date's UTC offset as the outlet wrote it (``+01:00``); ``date`` holds the wall time.
_OFFSET = "date_offset"
STORED_FIELDS = ",".join([*_STORED, _OFFSET])  # what a search reads back


def solr_document(doc: Document, declared: Iterable[DeclaredField] = ()) -> dict[str, Any]:
    """One document as Solr update JSON; text fields pre-analyzed by our analyzers.

    ``declared`` fields index their ``extra`` value in the matching dynamic field.
    """
    fields: dict[str, Any] = {
        **plain_values(doc),
        "text": pre_analyzed(doc.text, "text"),
        "extra": json.dumps(dict(doc.extra), ensure_ascii=False) if doc.extra else None,
    }
    # As in the Whoosh index, a comment does not match on its article's headline.
    if doc.type == "article":
        fields["title"] = pre_analyzed(doc.title, "title")
    else:
        fields["parent_title"] = doc.title or None
    fields[PHONETIC_FIELD] = pre_analyzed(sounds_text(doc), PHONETIC_FIELD, stored=False)
    fields[WORDS_FIELD] = pre_analyzed(doc.text, WORDS_FIELD, stored=False)
    fields[GRAMS_FIELD] = pre_analyzed(doc.text, GRAMS_FIELD, stored=False)
    if doc.date is not None:
        fields["date"] = solr_date(doc.date)
        fields["month"] = wall_time(doc.date).strftime("%Y-%m")
        fields[_OFFSET] = _offset_text(doc.date)
    for field in declared:
        value = field.value(doc)
        fields[field.internal] = solr_date(value) if isinstance(value, datetime) else value
    return {name: value for name, value in fields.items() if value is not None}


def stored_values(doc: Document) -> dict[str, Any]:
    """The fields a Whoosh index stores for ``doc`` (what its fingerprint hashes)."""
    fields = document_fields(doc)
    # Whoosh indexes the wall time but stores the date as written, offset included.
    if "date" in fields:  # an undated document stores no date at all
        fields["date"] = fields.pop("_stored_date", fields["date"])
    return {name: value for name, value in fields.items() if name in _STORED}


def solr_date(moment: datetime) -> str:
    """Solr's date syntax for the wall time of ``moment``, as Whoosh filters and buckets it.

    Solr reads every date as UTC; labelling the outlet's wall time so keeps
    filters, day/week/month buckets and date order equal to the Whoosh backend's.
    """
    moment = wall_time(moment)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + (
        f".{moment.microsecond // 1000:03d}Z" if moment.microsecond else "Z"
    )


def from_solr(stored: Mapping[str, Any]) -> Document:
    """Rebuild a Document from a Solr result document (dates and extra decoded first)."""
    date, extra = stored.get("date"), stored.get("extra")
    return stored_to_document(
        {
            **stored,
            "date": _parse_date(date, stored.get(_OFFSET)) if isinstance(date, str) else None,
            "extra": json.loads(extra) if isinstance(extra, str) and extra else {},
        }
    )


def _offset_text(moment: datetime) -> str | None:
    """``+01:00`` for a date written with that offset, None for a plain wall time."""
    offset = moment.utcoffset()
    if offset is None:
        return None
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(offset) // timedelta(minutes=1)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _parse_date(value: str, offset: object) -> datetime:
    """The stored wall time, with the outlet's UTC offset again when it had one."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)
    if isinstance(offset, str) and offset:
        return datetime.fromisoformat(moment.isoformat() + offset)
    return moment
