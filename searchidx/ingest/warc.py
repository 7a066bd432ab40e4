"""Web archives (WARC, WARC.gz; warcio, pinned): every HTML response is a page.

Each ``response`` record whose HTTP content type is HTML and whose status is
2xx is read like a saved page (:mod:`html_page`), with the record's target
URL as its URL (unless the page names a canonical one) and the capture time
(``WARC-Date``) kept as ``extra.retrieved``, and used as the date when the page
states none (``extra.date_is_capture``). Every other record (requests,
metadata, images, redirects, …) is counted and skipped; one Notice per
archive says how many of which kind. Records are read one at a time from the
stream, so an archive of any size never sits in memory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from searchidx.errors import IngestError
from searchidx.ingest.dates import optional_iso_datetime
from searchidx.ingest.html_page import MAX_HTML_BYTES, page_records
from searchidx.ingest.records import Record
from searchidx.ingest.sources import Source
from searchidx.models import Notice, Skipped

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(source: Source) -> Iterator[Record]:
    """The pages of one web archive; other records are counted in a Notice."""
    others: Counter[str] = Counter()
    pages = 0
    try:
        with source.open_raw() as stream:
            for record in ArchiveIterator(stream):
                kind = _not_a_page(record)
                if kind is not None:
                    others[kind] += 1
                    continue
                pages += 1
                yield from _page(record, source.location)
    except (ArchiveLoadFailed, ValueError, OSError, EOFError) as error:
        reason = " ".join(str(error).split())[:160]
        where = f"after {pages + others.total()} records" if pages or others else "at the start"
        yield Skipped(source.location, f"not a readable WARC {where}: {reason}")
    except IngestError as error:
        yield Skipped(error.location, error.reason)
    if others:
        counts = ", ".join(f"{count} {kind}" for kind, count in others.most_common())
        yield Notice(source.location, f"{others.total()} records are not HTML pages, skipped: "
                     f"{counts}")  # fmt: skip


def _not_a_page(record: Any) -> str | None:
    """Why this record is not an HTML page (its kind), or None for a page."""
    if record.rec_type != "response":
        return str(record.rec_type)
    if record.http_headers is None:
        return "non-HTTP response"
    status = record.http_headers.get_statuscode() or ""
    if not status.startswith("2"):
        return f"HTTP {status}"
    media_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0]
    media_type = media_type.strip().lower()
    return None if media_type in _HTML_TYPES else (media_type or "untyped")


def _page(record: Any, location: str) -> Iterator[Record]:
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    page_location = f"{location}:{url}" if url else location
    page = record.content_stream().read(MAX_HTML_BYTES + 1)
    if len(page) > MAX_HTML_BYTES:
        yield Skipped(page_location, f"page larger than {MAX_HTML_BYTES // 2**20} MB; not read")
        return
    yield from page_records(
        page,
        location=page_location,
        fallback_id=url or location,
        url=url,
        captured=optional_iso_datetime(record.rec_headers.get_header("WARC-Date")),
    )
