"""RSS and Atom feeds (feedparser, pinned): one article per entry.

Each entry gives ``title``, its text (full ``content`` if the feed carries
it, else the ``summary``; HTML reduced to text), ``date`` (published, else
updated, with the offset the feed states), ``url`` (the link), ``author``, and
the feed's title as ``source`` (else its host). The id is the entry's
``id``/``guid``, else its link. A document that is not a feed is skipped; an
entry with neither title nor text is skipped as ``feed.xml:entry N``.
feedparser reads the bytes handed to it and never fetches anything.
"""

from __future__ import annotations

import email.utils
import hashlib
import io
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import feedparser

from searchidx.errors import IngestError
from searchidx.ingest.dates import parse_iso_datetime
from searchidx.ingest.html_text import fragment_text
from searchidx.ingest.limits import MAX_ID_CHARS, clip_documents
from searchidx.ingest.records import UNKNOWN_SOURCE, Record
from searchidx.ingest.sources import Source
from searchidx.models import Document, Notice, Skipped

MAX_FEED_BYTES = 64 * 2**20


def read_feed(source: Source) -> Iterator[Record]:
    """The entries of one RSS/Atom feed file (or stdin) as articles."""
    try:
        data = source.read_all(MAX_FEED_BYTES)
    except IngestError as error:
        yield Skipped(error.location, error.reason)
        return
    try:
        parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False)
    except Exception as error:  # a third-party parser on hostile input: report, go on
        yield Skipped(source.location, f"feed not readable: {type(error).__name__}")
        return
    if not parsed.entries:
        yield Skipped(source.location, _why_empty(parsed))
        return
    outlet = _outlet(parsed.feed)
    for number, entry in enumerate(parsed.entries, start=1):
        yield from clip_documents(_entry(entry, number, outlet, source.location), source.location)


def _why_empty(parsed: Any) -> str:
    if parsed.get("version"):
        return "feed has no entries"
    problem = parsed.get("bozo_exception")
    detail = f" ({' '.join(str(problem).split())[:120]})" if problem else ""
    return f"not an RSS or Atom feed{detail}"


def _entry(entry: Mapping[str, Any], number: int, outlet: str, location: str) -> Iterator[Record]:
    title = " ".join(fragment_text(entry.get("title") or "").split())
    text = _text(entry)
    if not title and not text:
        yield Skipped(f"{location}:entry {number}", "entry has neither title nor text")
        return
    link = entry.get("link") or None
    doc_id = entry.get("id") or link or _digest(f"{outlet}\n{title}\n{text}")
    if len(doc_id) > MAX_ID_CHARS:
        doc_id = _digest(doc_id)
    date, bad_date = _date(entry)
    if bad_date:
        yield Notice(f"{location}:entry {number}", f"unreadable date {bad_date!r}; kept undated")
    yield Document(
        id=doc_id,
        type="article",
        text=text or title,
        title=title,
        source=outlet,
        date=date,
        author=entry.get("author") or None,
        url=link,
    )


def _text(entry: Mapping[str, Any]) -> str:
    contents = entry.get("content") or []
    best = max((part.get("value") or "" for part in contents), key=len, default="")
    return fragment_text(best or entry.get("summary") or "")


def _date(entry: Mapping[str, Any]) -> tuple[datetime | None, str | None]:
    """The entry's date, or (None, the text) when it states one we cannot read."""
    for key in ("published", "updated", "created"):
        value = entry.get(key)
        if not value:
            continue
        moment = _parse_date(value)
        return (moment, None) if moment is not None else (None, value)
    return None, None


def _parse_date(value: str) -> datetime | None:
    try:
        return parse_iso_datetime(value)  # Atom: RFC 3339
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value)  # RSS: RFC 822
    except (TypeError, ValueError, IndexError):
        return None
    return parse_iso_datetime(moment.isoformat())  # the one place offsets are decided


def _outlet(feed: Mapping[str, Any]) -> str:
    title = " ".join(fragment_text(feed.get("title") or "").split())
    if title:
        return title
    host = urlsplit(feed.get("link") or "").hostname
    return host.removeprefix("www.") if host else UNKNOWN_SOURCE


def _digest(text: str) -> str:
    return "feed-" + hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:32]
