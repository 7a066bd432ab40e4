"""Complete, reproducible exports: every matching document, with provenance.

Media Cloud's exports stop at about 1,000 rows; ours stream every match. Each
export states the query, filters, time, total and the index's content
fingerprint, so a published analysis can be re-run and checked: CSV opens
with ``# key: value`` lines before the header, JSON Lines with a ``{"meta": …}``
line. Rows come in a deterministic order (ties broken by id), so the same
index and query give the same bytes apart from ``created``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from searchidx.backends.base import Scored
from searchidx.models import Document

EXPORT_FORMATS = ("csv", "jsonl")
EXPORT_COLUMNS = (
    "id",
    "type",
    "parent_id",
    "title",
    "source",
    "date",
    "author",
    "url",
    "reply_to",
    "score",
    "text",
)


@dataclass(frozen=True)
class ExportMeta:
    query: str
    filters: dict[str, Any]
    sort: str
    created: str
    total: int
    fingerprint: str
    index: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ExportRow:
    document: Document
    score: float

    def to_dict(self) -> dict[str, Any]:
        doc = self.document.to_dict()
        return {
            name: round(self.score, 4) if name == "score" else doc[name] for name in EXPORT_COLUMNS
        }


@dataclass
class Export:
    """The meta data up front, then the rows, streamed while the index stays open."""

    meta: ExportMeta
    rows: Iterator[ExportRow]

    def close(self) -> None:
        close = getattr(self.rows, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> Export:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def export_rows(ranked: Iterable[Scored], sort: str) -> list[ExportRow]:
    """Rows in an order independent of index layout: ties (equal score or date) by id."""
    keyed = []
    for position, scored in enumerate(ranked):
        date = scored.document.date
        timestamp = date.timestamp() if date is not None else float("inf")
        primary = -scored.score if sort == "relevance" else timestamp
        if sort == "-date":
            primary = -timestamp if date is not None else float("inf")
        keyed.append((primary, scored.document.id, position, scored))
    keyed.sort(key=lambda key: key[:3])
    return [ExportRow(scored.document, scored.score) for *_, scored in keyed]


def iter_csv_lines(export: Export) -> Iterator[str]:
    """``# key: value`` provenance lines, the header row, one row per document."""
    for key, value in export.meta.to_dict().items():
        shown = json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value
        yield f"# {key}: {shown}\n"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    yield _drain(buffer)
    for row in export.rows:
        writer.writerow(row.to_dict())
        yield _drain(buffer)


def iter_jsonl_lines(export: Export) -> Iterator[str]:
    """A ``{"meta": …}`` line, then one JSON object per document."""
    yield json.dumps({"meta": export.meta.to_dict()}, ensure_ascii=False) + "\n"
    for row in export.rows:
        yield json.dumps(row.to_dict(), ensure_ascii=False) + "\n"


def iter_lines(export: Export, fmt: str) -> Iterator[str]:
    return iter_csv_lines(export) if fmt == "csv" else iter_jsonl_lines(export)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
