"""Documents to Solr update JSON and back: the same fields the Whoosh index holds."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, cast

from searchidx.backends.solr.tokens import pre_analyzed
from searchidx.backends.whoosh.indexing import document_fields
from searchidx.backends.whoosh.schema import PHONETIC_FIELD
from searchidx.models import DOC_TYPES, DocType, Document

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
STORED_FIELDS = ",".join(_STORED)  # what a search reads back


def solr_document(doc: Document) -> dict[str, Any]:
    """One document as Solr update JSON; text fields pre-analyzed by our analyzers."""
    fields: dict[str, Any] = {
        "id": doc.id,
        "type": doc.type,
        "text": pre_analyzed(doc.text, "text"),
        "source": doc.source,
        "parent_id": doc.parent_id,
        "author": doc.author,
        "url": doc.url,
        "reply_to": doc.reply_to,
        "rank": doc.rank,
        "extra": json.dumps(dict(doc.extra), ensure_ascii=False) if doc.extra else None,
    }
    # As in the Whoosh index, a comment does not match on its article's headline.
    if doc.type == "article":
        fields["title"] = pre_analyzed(doc.title, "title")
    else:
        fields["parent_title"] = doc.title or None
    sounds = f"{doc.title}\n{doc.text}" if doc.type == "article" else doc.text
    fields[PHONETIC_FIELD] = pre_analyzed(sounds, PHONETIC_FIELD, stored=False)
    if doc.date is not None:
        fields["date"] = solr_date(doc.date)
        fields["month"] = doc.date.strftime("%Y-%m")
    return {name: value for name, value in fields.items() if value is not None}


def stored_values(doc: Document) -> dict[str, Any]:
    """The fields a Whoosh index stores for ``doc`` (what its fingerprint hashes)."""
    return {name: value for name, value in document_fields(doc).items() if name in _STORED}


def solr_date(moment: datetime) -> str:
    """Solr's UTC date syntax; our dates are naive and meant as UTC (as in Whoosh)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + (
        f".{moment.microsecond // 1000:03d}Z" if moment.microsecond else "Z"
    )


def from_solr(stored: Mapping[str, Any]) -> Document:
    """Rebuild a Document from a Solr result document."""
    doc_type = stored.get("type", "article")
    date = stored.get("date")
    extra = stored.get("extra")
    return Document(
        id=stored["id"],
        type=cast(DocType, doc_type if doc_type in DOC_TYPES else "article"),
        text=stored.get("text", ""),
        title=stored.get("title") or stored.get("parent_title") or "",
        source=stored.get("source", "unbekannt"),
        date=_parse_date(date) if isinstance(date, str) else None,
        author=stored.get("author"),
        parent_id=stored.get("parent_id"),
        url=stored.get("url"),
        reply_to=stored.get("reply_to"),
        rank=stored.get("rank"),
        extra=json.loads(extra) if isinstance(extra, str) and extra else {},
    )


def _parse_date(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)
