"""Complete, reproducible exports: every matching document, with provenance.

Media Cloud's exports stop at about 1,000 rows; ours stream every match. Each
export states the query, filters, time, total and the index's content
fingerprint, so a published analysis can be re-run and checked. CSV starts
with its header row, so every spreadsheet and ``csv`` reader opens it; its
provenance goes beside it (the CLI writes ``FILE.meta.json``, HTTP a response
header), or, when asked for, into ``# key: value`` lines before the header.
Cells a spreadsheet would run as formulas are neutralised (see
:mod:`searchidx.features.csv_writer`). JSON Lines opens with a ``{"meta": …}``
line that ingest recognises, and its rows carry every stored field (``rank``,
``extra``), so an export re-indexes into an index with the same fingerprint.
Rows come in a deterministic order (ties broken by id), so the same index and
query give the same bytes apart from ``created``. An export is never partial:
its total and fingerprint claim the whole result, so a distributed index that
misses a shard refuses it (:func:`never_partial`).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from searchidx.backends.base import Scored
from searchidx.errors import ShardUnavailableError
from searchidx.features.csv_writer import CsvLines
from searchidx.models import Document, wall_time

EXPORT_FORMATS = ("csv", "jsonl")
# Where a CSV export's provenance goes: FILE.meta.json, "# " lines, or nowhere.
PROVENANCE_PLACES = ("sidecar", "comments", "none")
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
    # The index's declared fields (name -> kind): pass them as --field to re-index.
    fields: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if not self.fields:  # only indexes with declared fields say so
            del data["fields"]
        return data


@dataclass(frozen=True)
class ExportRow:
    document: Document
    score: float

    def to_dict(self) -> dict[str, Any]:
        doc = self.document.to_dict()
        return {
            name: round(self.score, 4) if name == "score" else doc[name] for name in EXPORT_COLUMNS
        }

    def record(self) -> dict[str, Any]:
        """The JSON Lines row: the export columns plus ``rank`` and ``extra``."""
        doc = self.document.to_dict()
        return {**self.to_dict(), "rank": doc["rank"], "extra": doc["extra"]}


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


def provenance_json(meta: ExportMeta, *, ascii_only: bool = False) -> str:
    """The provenance as one JSON object (``FILE.meta.json``, HTTP header)."""
    return json.dumps(meta.to_dict(), ensure_ascii=ascii_only)


def iter_csv_lines(export: Export, *, comments: bool = False, raw: bool = False) -> Iterator[str]:
    """The header row, one row per document; ``comments`` puts ``# key: value``
    provenance lines before the header (readers must be told to skip them).

    Cells that a spreadsheet would run as formulas get a leading ``'`` unless
    ``raw`` (see :mod:`searchidx.features.csv_writer`).
    """
    lines = CsvLines(EXPORT_COLUMNS, raw=raw)
    if comments:
        for key, value in export.meta.to_dict().items():
            shown = json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value
            yield lines.comment(f"{key}: {shown}")
    yield lines.header()
    for row in export.rows:
        yield lines.row(row.to_dict())


def iter_jsonl_lines(export: Export) -> Iterator[str]:
    """A ``{"meta": …}`` line, then one JSON object per document."""
    yield json_line({"meta": export.meta.to_dict()})
    for row in export.rows:
        yield json_line(row.record())


def json_line(value: Any) -> str:
    """One JSON Lines line that reads back as exactly ``value``.

    Line readers split at U+2028/U+2029/U+0085 too and normalise text to NFC,
    so those characters are escaped, and a line that is not NFC (decomposed
    umlauts from ``\\u`` escapes) is written all-ASCII.
    """
    line = json.dumps(value, ensure_ascii=False)
    if not unicodedata.is_normalized("NFC", line):
        line = json.dumps(value)
    return line.translate(_LINE_BREAK_ESCAPES) + "\n"


_LINE_BREAK_ESCAPES = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def iter_lines(
    export: Export, fmt: str, *, comments: bool = False, raw_csv: bool = False
) -> Iterator[str]:
    """CSV (``comments``: provenance lines first; ``raw_csv``: formulas kept) or JSON Lines."""
    if fmt == "csv":
        return iter_csv_lines(export, comments=comments, raw=raw_csv)
    return iter_jsonl_lines(export)


def never_partial(error: ShardUnavailableError) -> ShardUnavailableError:
    """``error`` with the hint for an export, which has no partial mode to offer."""
    return ShardUnavailableError(
        str(error),
        error.shards,
        hint="start the node that hosts it again; an export is never partial "
        "(its total and fingerprint claim every match)",
    )
