"""Saved HTML news pages -> one article Document plus its reader comments.

trafilatura (pinned; it needs no downloads) finds the main text, headline,
author, publication date (with time and offset where the page states them)
and site name. The outlet is the site name, else the host (``www.`` dropped).
The article id is the page's URL (canonical link, ``og:url``, or the URL it
was captured from), else the file name's stem. Comments come from the page's
comment section (:mod:`html_comments`) as ``ID#c1``, ``ID#c2``, … with
author, date and ``reply_to``, and the article's title, outlet and URL.

A page trafilatura cannot extract a text from is skipped with that reason; a
comment section it sees but whose comments cannot be told apart is reported
in a Notice rather than indexed as one blob.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import trafilatura

from searchidx.errors import IngestError
from searchidx.ingest.dates import optional_iso_datetime
from searchidx.ingest.html_comments import HtmlComment, find_comments
from searchidx.ingest.limits import MAX_ID_CHARS, clip_documents
from searchidx.ingest.records import UNKNOWN_SOURCE, Record
from searchidx.ingest.seeds import file_id
from searchidx.ingest.sources import Source
from searchidx.models import Document, Notice, Skipped, iso

# A news page is well under this; bigger "pages" are dumps, not articles.
MAX_HTML_BYTES = 32 * 2**20
# Fewer words than this are a menu or a teaser that survived extraction, not an article.
MIN_TEXT_WORDS = 5
_DATE_PARAMS = {"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True}

# trafilatura and its helpers log their doubts about pages; the Skipped and
# Notice records already say what matters, once, in our own words.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False


def read_html(source: Source) -> Iterator[Record]:
    """The article and comments of one saved page (a file or stdin)."""
    try:
        page = source.read_all(MAX_HTML_BYTES)
    except IngestError as error:
        yield Skipped(error.location, error.reason)
        return
    fallback = file_id(source.name) if source.name else "stdin"
    yield from page_records(page, location=source.location, fallback_id=fallback)


def page_records(
    page: bytes,
    *,
    location: str,
    fallback_id: str,
    url: str | None = None,
    captured: datetime | None = None,
) -> Iterator[Record]:
    """The records of one HTML page; ``url``/``captured`` come from a web archive."""
    if not page.strip():
        yield Skipped(location, "empty file")
        return
    extracted = _extract(page, url)
    if isinstance(extracted, str):
        yield Skipped(location, extracted)
        return
    article = _article(extracted, location, fallback_id, url, captured)
    if not article.title:
        yield Notice(location, "no headline found; the article has an empty title")
    records: list[Record] = [article]
    comments = find_comments(page)
    records.extend(_comment_documents(article, comments))
    if not comments and (extracted.comments or "").strip():
        records.append(Notice(location, "reader comments found but not told apart; not indexed"))
    yield from clip_documents(records, location)


def _extract(page: bytes, url: str | None) -> Any:
    """trafilatura's document, or the reason there is none."""
    try:
        extracted: Any = trafilatura.bare_extraction(
            page,
            url=url,
            include_comments=True,
            with_metadata=True,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as error:  # a third-party parser on hostile input: report, go on
        return f"HTML not readable: {type(error).__name__}"
    words = len((extracted.text or "").split()) if extracted is not None else 0
    if words < MIN_TEXT_WORDS:
        extracted_words = f"{words} word" + ("" if words == 1 else "s")
        return f"no article text found in the HTML (only {extracted_words} extracted)"
    return extracted


def _article(
    extracted: Any, location: str, fallback_id: str, url: str | None, captured: datetime | None
) -> Document:
    title = " ".join((extracted.title or "").split())
    page_url = extracted.url or url
    date = optional_iso_datetime(extracted.date)
    extra: dict[str, Any] = {}
    if captured is not None:
        extra["retrieved"] = iso(captured)
        if date is None:
            date, extra["date_is_capture"] = captured, True
    return Document(
        id=_page_id(page_url, fallback_id),
        type="article",
        text=_body(extracted.text, title),
        title=title,
        source=_outlet(extracted.sitename, extracted.hostname, page_url),
        date=date,
        author=extracted.author or None,
        url=page_url,
        extra=extra,
    )


def _comment_documents(article: Document, comments: list[HtmlComment]) -> Iterator[Document]:
    ids = [f"{article.id}#c{number}" for number in range(1, len(comments) + 1)]
    for comment, comment_id in zip(comments, ids, strict=True):
        yield Document(
            id=comment_id,
            type="comment",
            text=comment.text,
            title=article.title,
            source=article.source,
            date=comment.date,
            author=comment.author,
            parent_id=article.id,
            url=article.url,
            reply_to=ids[comment.reply_to] if comment.reply_to is not None else None,
        )


def _body(text: str, title: str) -> str:
    """The main text without the headline trafilatura repeats as its first line."""
    first, _, rest = text.strip().partition("\n")
    return rest.strip() if title and " ".join(first.split()) == title and rest else text.strip()


def _outlet(sitename: str | None, hostname: str | None, url: str | None) -> str:
    if sitename and sitename.strip():
        return " ".join(sitename.split())
    host = hostname or (urlsplit(url).hostname if url else None)
    if host:
        return host.removeprefix("www.")
    return UNKNOWN_SOURCE


def _page_id(url: str | None, fallback: str) -> str:
    if not url:
        return fallback
    if len(url) <= MAX_ID_CHARS:
        return url
    return "url-" + hashlib.sha256(url.encode("utf-8", "replace")).hexdigest()
