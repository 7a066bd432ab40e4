"""Comments take their article's title and outlet when they do not name their own.

A JSON Lines (or CSV, JSON) comment usually carries just ``parent_id``; shown
alone in a hit list it would read ``title: ""``, ``source: unbekannt``. So a
comment whose parent is an article of the same run, before *or after* it, or
one already in the index, gets that article's ``title`` (for display: comments
are never matched on it) and ``source``, each only where it has none of its own.

The stream stays a stream: articles are remembered by id (title and outlet
only, the most recent ``REMEMBERED_ARTICLES``), a comment whose article has
not come yet waits (at most ``MAX_WAITING`` comments; beyond that the oldest
go on unchanged), and what still waits at the end goes on unchanged with one
Notice.
"""

from __future__ import annotations

import dataclasses
import sys
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from searchidx.ingest.records import UNKNOWN_SOURCE, Record
from searchidx.models import Document, Notice

# An article id -> (title, source) of that article in the index, or None.
ParentLookup = Callable[[str], tuple[str, str] | None]

REMEMBERED_ARTICLES = 500_000
MAX_WAITING = 100_000
Facts = tuple[str, str]
_V = TypeVar("_V")


def inherit_from_parents(
    records: Iterable[Record], lookup: ParentLookup | None = None
) -> Iterator[Record]:
    """``records`` with comments completed from their articles (see module doc)."""
    return _Inheritance(lookup).run(records)


def needs_parent(doc: Document) -> bool:
    """Is ``doc`` a comment that lacks a title or outlet its article could give?"""
    return (
        doc.type == "comment"
        and doc.parent_id is not None
        and (not doc.title or doc.source == UNKNOWN_SOURCE)
    )


def completed(doc: Document, facts: Facts) -> Document:
    """``doc`` with the article's title and source where it has none."""
    title, source = facts
    return dataclasses.replace(
        doc,
        title=doc.title or title,
        source=source if doc.source == UNKNOWN_SOURCE else doc.source,
    )


class _Inheritance:
    def __init__(self, lookup: ParentLookup | None) -> None:
        self._lookup = lookup
        self._articles: OrderedDict[str, Facts] = OrderedDict()
        self._looked_up: OrderedDict[str, Facts | None] = OrderedDict()
        self._waiting: OrderedDict[str, list[Document]] = OrderedDict()
        self._waiting_count = 0
        self._orphans = 0
        self._orphan_example: str | None = None

    def run(self, records: Iterable[Record]) -> Iterator[Record]:
        for record in records:
            if not isinstance(record, Document):
                yield record
            elif record.type == "article":
                yield record
                yield from self._article_arrived(record)
            elif needs_parent(record):
                yield from self._comment_arrived(record)
            else:
                yield record
        for parent_id in list(self._waiting):
            yield from self._give_up(parent_id)
        if self._orphans:
            yield Notice(
                f"{self._orphans} comments",
                f"their parent_id (e.g. {self._orphan_example!r}) names no article in the "
                "input or the index; indexed without an article title and outlet",
            )

    def _article_arrived(self, article: Document) -> Iterator[Document]:
        # Outlets repeat: half a million remembered articles share a few source strings.
        facts = (article.title, sys.intern(article.source))
        _remember(self._articles, article.id, facts, REMEMBERED_ARTICLES)
        for comment in self._waiting.pop(article.id, []):
            self._waiting_count -= 1
            yield completed(comment, facts)

    def _comment_arrived(self, comment: Document) -> Iterator[Document]:
        assert comment.parent_id is not None
        facts = self._facts(comment.parent_id)
        if facts is not None:
            yield completed(comment, facts)
            return
        self._waiting.setdefault(comment.parent_id, []).append(comment)
        self._waiting_count += 1
        while self._waiting_count > MAX_WAITING:
            yield from self._give_up(next(iter(self._waiting)))

    def _facts(self, parent_id: str) -> Facts | None:
        facts = self._articles.get(parent_id)
        if facts is not None or self._lookup is None:
            return facts
        if parent_id not in self._looked_up:
            _remember(self._looked_up, parent_id, self._lookup(parent_id), REMEMBERED_ARTICLES)
        return self._looked_up[parent_id]

    def _give_up(self, parent_id: str) -> Iterator[Document]:
        comments = self._waiting.pop(parent_id)
        self._waiting_count -= len(comments)
        self._orphans += len(comments)
        self._orphan_example = self._orphan_example or parent_id
        yield from comments


def _remember(memory: OrderedDict[str, _V], key: str, value: _V, limit: int) -> None:
    memory[key] = value
    memory.move_to_end(key)
    if len(memory) > limit:
        memory.popitem(last=False)
