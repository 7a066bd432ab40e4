"""CSV files with a header row: one document per row (sqlite-utils style).

Columns named like document fields (``id, type, text, title, source, date,
author, parent_id, url, reply_to, rank``) fill them; ``--csv-map
title=headline,text=body`` names other columns for them. Every other column
is kept in ``extra`` (empty cells left out). Without an ``id`` column rows get
``FILESTEM-ROW`` ids (so re-indexing the same file replaces, with a Notice);
without a ``type`` column every row is an article, which needs a title and a
text column (else the file is skipped with a hint naming the columns).

Rows are checked like JSON Lines records and reported as ``file.csv:LINE``.
Leading ``# key: value`` lines (a searchidx export with ``--provenance
comments``) are skipped; in a searchidx export (those lines, its header, or a
``FILE.meta.json`` beside it) the ``score`` column is a search result, not
document data, and is dropped.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping, Sequence
from itertools import chain

from searchidx.errors import IngestError
from searchidx.ingest.formats import SIDECAR_SUFFIX
from searchidx.ingest.jsonl import EXPORT_ONLY_FIELDS, checked, document_from_json, jsonl_lines
from searchidx.ingest.records import Record
from searchidx.ingest.sources import Source
from searchidx.models import Notice, Skipped

# Longer cells than Python's default 128 KB limit are real (long reads); the
# document limits cut texts later with a Notice.
csv.field_size_limit(64 * 2**20)
_EXPORT_HEADER = frozenset(
    {"id", "type", "parent_id", "title", "source", "date", "author", "url", "reply_to", "score"}
    | {"text"}
)


def read_csv(source: Source, csv_map: Mapping[str, str] | None = None) -> Iterator[Record]:
    """The documents of one CSV file (or stdin); problems become Skipped/Notice."""
    notices: list[Notice] = []
    try:
        lines = _text_lines(jsonl_lines(source), notices)
        comments, rows = _skip_provenance(csv.reader(lines))
        header = next(rows, None)
        yield from notices
        if header is None:
            yield Skipped(source.location, "no header row")
            return
        columns = _Columns(header, dict(csv_map or {}), source)
        problem = columns.problem()
        if problem is not None:
            yield Skipped(source.location, problem)
            return
        if comments or columns.looks_exported():
            columns.drop(EXPORT_ONLY_FIELDS)
        yield from _rows(rows, columns, source, notices)
    except IngestError as error:
        yield Skipped(error.location, error.reason)
    except csv.Error as error:
        yield Skipped(source.location, f"broken CSV: {error}; the rest of the file is not read")


def _text_lines(lines: Iterator[str | Notice], notices: list[Notice]) -> Iterator[str]:
    for line in lines:
        if isinstance(line, Notice):
            notices.append(line)
        else:
            yield line + "\n"  # the csv module keeps line breaks inside quoted cells so


def _skip_provenance(rows: Iterator[list[str]]) -> tuple[bool, Iterator[list[str]]]:
    first = next(rows, None)
    comments = False
    while first is not None and first and first[0].startswith("# "):
        comments = True
        first = next(rows, None)
    return comments, chain([first] if first is not None else [], rows)


class _Columns:
    """Which column fills which field, and which go to ``extra``."""

    def __init__(self, header: Sequence[str], csv_map: dict[str, str], source: Source) -> None:
        self.header = [name.strip() for name in header]
        self.source = source
        renamed = {column: field for field, column in csv_map.items()}
        self.missing_mapped = sorted(set(csv_map.values()) - set(self.header))
        self.fields = [renamed.get(name, name) for name in self.header]
        self.dropped: frozenset[str] = frozenset()

    def problem(self) -> str | None:
        shown = ", ".join(self.header[:12]) + (", …" if len(self.header) > 12 else "")
        if self.missing_mapped:
            return f"--csv-map names columns not in the header: {', '.join(self.missing_mapped)}"
        needed = ["text"] + ([] if "type" in self.fields else ["title"])
        absent = [name for name in needed if name not in self.fields]
        if absent:
            wanted = ",".join(f"{name}=COLUMN" for name in absent)
            return f"no {' or '.join(absent)} column (columns: {shown}) (hint: --csv-map {wanted})"
        return None

    def looks_exported(self) -> bool:
        sidecar = (
            self.source.path is not None
            and self.source.path.with_name(self.source.path.name + SIDECAR_SUFFIX).is_file()
        )
        return sidecar or set(self.fields) == _EXPORT_HEADER

    def drop(self, names: frozenset[str]) -> None:
        self.dropped = names

    def record(self, cells: Sequence[str], number: int) -> dict[str, object]:
        raw: dict[str, object] = {"type": "article"}
        for field, cell in zip(self.fields, cells, strict=True):
            if cell != "" and field not in self.dropped:
                raw[field] = cell
        if "id" not in self.fields:
            raw["id"] = f"{self.source.name.rsplit('.', 1)[0] or 'stdin'}-{number}"
        return raw


def _rows(
    rows: Iterator[list[str]], columns: _Columns, source: Source, notices: list[Notice]
) -> Iterator[Record]:
    if "id" not in columns.fields:
        yield Notice(source.location, "no id column: rows get ids FILESTEM-ROW")
    first_seen: dict[str, int] = {}
    for number, cells in enumerate(rows, start=1):
        yield from notices
        notices.clear()
        location = f"{source.location}:{number + 1}"
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns.fields):
            reason = f"row has {len(cells)} cells, the header {len(columns.fields)}"
            yield Skipped(location, reason)
            continue
        try:
            document = document_from_json(columns.record(cells, number), location)
        except IngestError as error:
            yield Skipped(error.location, error.reason)
            continue
        yield from checked(document, location, ("in row {}", number), first_seen)
