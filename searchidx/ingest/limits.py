"""Size and sanity limits on ingested documents, enforced with a Notice.

A single 50 MB "article" took 100 s and 760 MB to index, and every search that
hit it spent 35 s highlighting it. No news text is that long (a 15,000-word
long read is about 100,000 characters), so text beyond ``MAX_TEXT_CHARS`` is
cut at a word boundary and the user is told; the document is still indexed.
Dates in the future are scraping or typing errors that would sit on top of
every newest-first list forever, so they are dropped (with a Notice) too, as
are dates before the year 1000 (a typo such as ``0202``, never a news date;
labels and the query language write years with four digits). A ``url`` that
is not http(s) (``javascript:``, ``data:``, ``file:``) would become a link on the
search page, so it is dropped with a Notice as well.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta

from searchidx.ingest.records import Record
from searchidx.models import Document, Notice, is_web_url, wall_time

MAX_TEXT_CHARS = 200_000
MAX_TITLE_CHARS = 1_000
MAX_ID_CHARS = 1_000
# Outlets date in local time, up to a day ahead of UTC; allow for that and clock skew.
FUTURE_TOLERANCE = timedelta(days=2)
# The earliest year stored (see the module doc); the latest is Python's, 9999.
MIN_YEAR = 1000
# How far back from the limit a cut looks for whitespace before cutting mid-word.
_WORD_BOUNDARY_WINDOW = 200


def clip_documents(records: Iterable[Record], location: str) -> Iterator[Record]:
    """``records`` with every Document clipped (see :func:`clip`)."""
    for record in records:
        if isinstance(record, Document):
            record, notice = clip(record, location)
            if notice is not None:
                yield notice
        yield record


def clip(doc: Document, location: str) -> tuple[Document, Notice | None]:
    """``doc`` within the limits, plus a Notice saying what changed (or None)."""
    notes: list[str] = []
    if len(doc.text) > MAX_TEXT_CHARS:
        notes.append(
            f"text of {_short(doc.id)} has {len(doc.text):,} characters; indexed the first "
            f"{MAX_TEXT_CHARS:,} (the maximum per document)"
        )
        doc = dataclasses.replace(doc, text=_cut(doc.text, MAX_TEXT_CHARS))
    if len(doc.title) > MAX_TITLE_CHARS:
        notes.append(f"title of {_short(doc.id)} cut to {MAX_TITLE_CHARS:,} characters")
        doc = dataclasses.replace(doc, title=_cut(doc.title, MAX_TITLE_CHARS))
    doc = _checked_date(doc, notes)
    if doc.url is not None and not is_web_url(doc.url):
        notes.append(f"url of {_short(doc.id)} is not http(s); indexed without a url")
        doc = dataclasses.replace(doc, url=None)
    return doc, (Notice(location, "; ".join(notes)) if notes else None)


def _checked_date(doc: Document, notes: list[str]) -> Document:
    """``doc`` without its date if that is in the future or before ``MIN_YEAR``."""
    if doc.date is None:
        return doc
    moment = wall_time(doc.date)
    if moment > datetime.now() + FUTURE_TOLERANCE:
        problem = "is in the future"
    elif moment.year < MIN_YEAR:
        problem = f"is before the year {MIN_YEAR}"
    else:
        return doc
    shown = doc.date.isoformat()
    notes.append(f"date {shown} of {_short(doc.id)} {problem}; indexed without a date")
    return dataclasses.replace(doc, date=None)


def _cut(text: str, limit: int) -> str:
    start = limit - _WORD_BOUNDARY_WINDOW
    boundary = max(text.rfind(" ", start, limit), text.rfind("\n", start, limit))
    return text[: boundary if boundary > 0 else limit].rstrip()


def _short(doc_id: str) -> str:
    return repr(doc_id if len(doc_id) <= 60 else doc_id[:57] + "...")
