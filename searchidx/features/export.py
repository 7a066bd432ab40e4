"""Complete, reproducible exports: every matching document, with provenance.

Media Cloud's exports stop at about 1,000 rows; ours stream every match. Each
export states the query, filters, time, total and the index's content
fingerprint, so a published analysis can be re-run and checked: CSV opens
with ``# key: value`` lines before the header (cells a spreadsheet would run
as formulas are neutralised, see :mod:`searchidx.features.csv_writer`), JSON
Lines with a ``{"meta": …}`` line. Rows come in a deterministic order (ties
broken by id), so the same index and query give the same bytes apart from
``created``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from searchidx.backends.base import Scored
from searchidx.features.csv_writer import CsvLines
from searchidx.models import Document, wall_time

EXPORT_FORMATS = ("csv", "jsonl")
_MICROSECOND = timedelta(microseconds=1)
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
        # Wall time in microseconds since year 1, as the date column sorts.
        micros = (wall_time(date) - datetime.min) // _MICROSECOND if date else float("inf")
        primary = -scored.score if sort == "relevance" else micros
        if sort == "-date":
            primary = -micros if date is not None else float("inf")
        keyed.append((primary, scored.document.id, position, scored))
    keyed.sort(key=lambda key: key[:3])
    return [ExportRow(scored.document, scored.score) for *_, scored in keyed]


def iter_csv_lines(export: Export, *, raw: bool = False) -> Iterator[str]:
    """``# key: value`` provenance lines, the header row, one row per document.

    Cells that a spreadsheet would run as formulas get a leading ``'`` unless
    ``raw`` (see :mod:`searchidx.features.csv_writer`).
    """
    lines = CsvLines(EXPORT_COLUMNS, raw=raw)
    for key, value in export.meta.to_dict().items():
        shown = json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value
        yield lines.comment(f"{key}: {shown}")
    yield lines.header()
    for row in export.rows:
        yield lines.row(row.to_dict())


def iter_jsonl_lines(export: Export) -> Iterator[str]:
    """A ``{"meta": …}`` line, then one JSON object per document."""
    yield json.dumps({"meta": export.meta.to_dict()}, ensure_ascii=False) + "\n"
    for row in export.rows:
        yield json.dumps(row.to_dict(), ensure_ascii=False) + "\n"


def iter_lines(export: Export, fmt: str, *, raw_csv: bool = False) -> Iterator[str]:
    return iter_csv_lines(export, raw=raw_csv) if fmt == "csv" else iter_jsonl_lines(export)
