"""Scraped news pages ("seeds") -> one article Document plus its comment Documents.

A seed is a web page flattened to text: masthead and headline at the top (see
:mod:`page_head`), prose with captions and credits mixed in (:mod:`boilerplate`),
a recommendation footer, and sometimes a reader-comment widget (:mod:`comments`).
Facts the page does not state (outlet, date, author, when it was scraped) come
from the directory's ``manifest.json`` (:mod:`manifest`), which wins over what
the page text suggests; we say so in a Notice when the two disagree.

Ids: the article is the file stem, its comments ``STEM#c1``, ``STEM#c2``, ... in
page order. Comments inherit the article's title (so a comment hit is
recognisable), source and url.

Comment dates: widgets show ages relative to the scrape (``23 Tage 14 h``), so a
comment's date is ``retrieved - age``. When the manifest does not record
``retrieved`` we take the earliest moment consistent with the page: a comment
cannot predate its article, so ``retrieved >= published + oldest age``; we use
exactly that bound and mark it as an estimate in the article's ``extra``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

from searchidx.errors import IngestError
from searchidx.ingest.boilerplate import clean_body, find_footer
from searchidx.ingest.comments import (
    CommentWidget,
    ParsedComment,
    find_comment_widget,
    find_reply_targets,
    parse_comments,
)
from searchidx.ingest.decode import WINDOWS_1252, decode_bytes, describe_guess, read_text
from searchidx.ingest.limits import clip_documents
from searchidx.ingest.manifest import EMPTY_ENTRY, ManifestCache, ManifestEntry
from searchidx.ingest.page_head import parse_head
from searchidx.ingest.records import UNKNOWN_SOURCE, Record
from searchidx.ingest.sources import Source
from searchidx.models import Document, Notice, Skipped, iso

# A flattened page is a few hundred KB; anything far bigger is not one page.
MAX_PAGE_BYTES = 64 * 2**20


def read_seed_file(path: str | Path, manifests: ManifestCache | None = None) -> Iterator[Record]:
    """Read one scraped page; problems become Skipped/Notice, never exceptions.

    ``manifests`` lets a caller reading many files share manifest loading.
    """
    location = str(path)
    try:
        text, encoding = read_text(path)
        entry = (manifests or ManifestCache()).entry_for(path)
    except IngestError as error:
        reason = error.reason if error.location == location else f"cannot use manifest {error}"
        yield Skipped(location, reason)
        return
    guess = describe_guess(encoding)
    if guess is not None:
        yield Notice(location, guess)
    records = parse_seed_page(text, article_id=file_id(path), location=location, entry=entry)
    yield from clip_documents(records, location)


def read_seed(source: Source, manifests: ManifestCache | None = None) -> Iterator[Record]:
    """A scraped page from a plain file (with its manifest), a gzip file or stdin."""
    path = source.path
    if path is not None and not path.name.lower().endswith(".gz"):
        yield from read_seed_file(path, manifests)
        source.meter.bytes_read += _size(path)
        return
    try:
        text, encoding = decode_bytes(source.read_all(MAX_PAGE_BYTES), source.location)
    except IngestError as error:
        yield Skipped(error.location, error.reason)
        return
    guess = describe_guess(encoding)
    if guess is not None:
        yield Notice(source.location, guess)
    article_id = file_id(source.name) if source.name else "stdin"
    yield from clip_documents(
        parse_seed_page(text, article_id=article_id, location=source.location), source.location
    )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def file_id(path: str | Path) -> str:
    """The article id a file name gives: its stem, readable even if not UTF-8.

    Undecodable bytes in a name arrive as lone surrogates, which no index term
    may contain; like file contents, such names are read as Windows-1252.
    """
    raw = os.fsencode(Path(path).stem)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode(WINDOWS_1252, errors="replace")


def parse_seed_page(
    text: str, *, article_id: str, location: str, entry: ManifestEntry = EMPTY_ENTRY
) -> Iterator[Record]:
    """The records of one page's decoded text (no file access)."""
    lines = text.split("\n")
    widget = find_comment_widget(lines)
    body_end = min(find_footer(lines), widget.start if widget else len(lines))
    head = parse_head(
        lines[:body_end],
        masthead=entry.source,
        announced_title=widget.announced_title if widget else None,
    )
    author = entry.author or head.author
    body = clean_body(lines[head.body_start : body_end], title=head.title, author=author)
    if not body:
        yield Skipped(location, "no article text found")
        return
    if not head.title:
        yield Notice(location, "no headline found; the article has an empty title")
    if entry.date and head.date and entry.date != head.date:
        yield Notice(location, f"manifest date {iso(entry.date)} overrides page {iso(head.date)}")
    comments = _widget_comments(lines, widget)
    date = entry.date or head.date
    retrieved = entry.retrieved or estimate_retrieved(date, comments)
    article = Document(
        id=article_id,
        type="article",
        text=body,
        title=head.title,
        source=entry.source or UNKNOWN_SOURCE,
        date=date,
        author=author,
        url=entry.url,
        extra=_retrieval_facts(retrieved, estimated=entry.retrieved is None),
    )
    yield article
    yield from comment_documents(article, comments, retrieved)
    announced = widget.announced_count if widget else None
    if announced is not None and announced != len(comments):
        yield Notice(location, f"widget announces {announced} comments, {len(comments)} found")


def estimate_retrieved(
    published: datetime | None, comments: Sequence[ParsedComment]
) -> datetime | None:
    """Earliest scrape time consistent with the article date and the oldest comment."""
    if published is None or not comments:
        return None
    return published + max(comment.age for comment in comments)


def comment_documents(
    article: Document, comments: Sequence[ParsedComment], retrieved: datetime | None
) -> Iterator[Document]:
    """Comment Documents hanging under ``article``, dated ``retrieved - age``."""
    ids = [f"{article.id}#c{number}" for number in range(1, len(comments) + 1)]
    targets = find_reply_targets(comments)
    for comment, comment_id, target in zip(comments, ids, targets, strict=True):
        yield Document(
            id=comment_id,
            type="comment",
            text=comment.text,
            title=article.title,
            source=article.source,
            date=retrieved - comment.age if retrieved else None,
            author=comment.author,
            parent_id=article.id,
            url=article.url,
            reply_to=ids[target] if target is not None else None,
            rank=comment.rank,
            extra={"age": comment.age_text},
        )


def _widget_comments(lines: Sequence[str], widget: CommentWidget | None) -> list[ParsedComment]:
    if widget is None:
        return []
    end = min(widget.end, find_footer(lines, widget.start))
    return parse_comments(lines[widget.start : end])


def _retrieval_facts(retrieved: datetime | None, *, estimated: bool) -> dict[str, object]:
    if retrieved is None:
        return {}
    facts: dict[str, object] = {"retrieved": iso(retrieved)}
    if estimated:
        facts["retrieved_is_estimate"] = True
    return facts
