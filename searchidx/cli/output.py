"""Rendering plain results for people (table) or programs (json, csv, jsonl).

JSON is the documented contract; CSV and JSON Lines carry one hit per row or
line (with ``--group article`` a thread's comments follow their article in
CSV, and are nested in JSON Lines), so shell pipelines can stream them.
"""

from __future__ import annotations

import itertools
import json
import shutil
import textwrap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, fields
from typing import Any

import click

from analyzers import TokenInfo
from searchidx.features.csv_writer import CsvLines
from searchidx.features.highlight import to_terminal
from searchidx.features.hits import rewrite_snippets
from searchidx.models import (
    Document,
    FacetValue,
    Hit,
    IndexReport,
    IndexStats,
    Results,
    TimelinePoint,
    iso,
)

FORMATS = ("table", "json")
LIST_FORMATS = ("table", "json", "csv", "jsonl")
# CSV columns: the hit's own fields (a thread's comments become rows of their own).
HIT_COLUMNS = tuple(
    f.name for f in fields(Hit) if f.name not in ("matched_in", "comments", "shown", "values")
)
TIMELINE_COLUMNS = ("period", "count", "total", "share", "source")
PIPED_WIDTH = 100  # text wraps here when stdout is no terminal (and COLUMNS is unset)
MIN_WIDTH = 40  # narrower terminals still get readable lines (the terminal wraps them)
_BAR_WIDTH = 40
_BAR_INDENT = 38  # the period, counts and share before a timeline bar


def text_width() -> int:
    """Columns for wrapped text: the terminal's (or COLUMNS), else PIPED_WIDTH."""
    return max(shutil.get_terminal_size((PIPED_WIDTH, 24)).columns, MIN_WIDTH)


def _wrap(text: str, indent: str = "", width: int | None = None) -> str:
    return textwrap.fill(
        text, width or text_width(), initial_indent=indent, subsequent_indent=indent
    )


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def render_results(results: Results, fmt: str, *, raw_csv: bool = False) -> str:
    if fmt == "json":
        return to_json(results.to_dict())
    if fmt in ("csv", "jsonl"):
        return "".join(stream_hits(results.hits, fmt, raw_csv=raw_csv)).rstrip("\n")
    return _results_table(results)


def with_marks(results: Results, start: str, end: str) -> Results:
    """Snippets as plain text with ``start``/``end`` around matches instead of ``<mark>``."""
    return rewrite_snippets(results, lambda snippet: to_terminal(snippet, start, end))


def stream_hits(hits: Iterable[Hit], fmt: str, *, raw_csv: bool = False) -> Iterator[str]:
    """Hits as CSV (header first, formulas neutralised unless ``raw_csv``) or JSON Lines."""
    if fmt == "jsonl":
        for hit in hits:
            yield json.dumps(hit.to_dict(), ensure_ascii=False) + "\n"
        return
    hits = iter(hits)
    first = next(hits, None)
    chosen = first.shown if first is not None else None  # --fields: id and those columns
    lines = CsvLines(HIT_COLUMNS if chosen is None else ("id", *chosen), raw=raw_csv)
    yield lines.header()
    for hit in itertools.chain([first] if first else [], hits):
        rows = [_csv_cells(hit.to_dict())]
        for comment in hit.comments or ():
            row = {**comment.to_dict(), "type": "comment", "parent_id": hit.id}
            rows.append({**row, "title": hit.title, "source": hit.source})
        yield lines.rows(rows)


def render_timeline(
    query: str, points: Sequence[TimelinePoint], fmt: str, *, raw_csv: bool = False
) -> str:
    if fmt == "json":
        return to_json([point.to_dict() for point in points])
    if fmt == "jsonl":
        return "\n".join(json.dumps(point.to_dict(), ensure_ascii=False) for point in points)
    if fmt == "csv":
        lines = CsvLines(TIMELINE_COLUMNS, raw=raw_csv)
        return (lines.header() + lines.rows(point.to_dict() for point in points)).rstrip("\n")
    return _timeline_chart(query, points)


def _timeline_chart(query: str, points: Sequence[TimelinePoint]) -> str:
    if not points:
        return f"No dated documents for {query!r}."
    widest = max(point.share for point in points) or 1.0
    bar_width = min(_BAR_WIDTH, max(text_width() - _BAR_INDENT, 1))
    lines = [f"Attention over time for {query!r} (share of all documents per period)"]
    source: str | None = None
    for point in points:
        if point.source != source:
            source = point.source
            lines.append(f"\n{click.style(source or '', bold=True)}")
        bar = "█" * round(point.share / widest * bar_width)
        counts = f"{point.count:>6} / {point.total:<6}"
        lines.append(f"  {point.period:<10} {counts} {point.share:>6.1%}  {bar}")
    return "\n".join(lines)


def render_document(doc: Document, fmt: str) -> str:
    if fmt == "json":
        return to_json(doc.to_dict())
    header = [
        click.style(_wrap(doc.title or "(ohne Titel)"), bold=True),
        _wrap(_meta_line(doc.type, doc.source, doc.to_dict()["date"], doc.author, doc.id)),
    ]
    if doc.parent_id:
        header.append(
            f"parent: {doc.parent_id}" + (f" · reply to {doc.reply_to}" if doc.reply_to else "")
        )
    if doc.url:
        header.append(doc.url)
    width = text_width()
    body = "\n\n".join(_wrap(p, width=width) for p in doc.text.split("\n") if p.strip())
    return "\n".join(header) + "\n\n" + (body or "(kein Text)")


def render_stats(stats: IndexStats, fmt: str) -> str:
    if fmt == "json":
        return to_json(stats.to_dict())
    rows = stats.to_dict()
    width = max(len(key) for key in rows)
    return "\n".join(f"{key:<{width}}  {value}" for key, value in rows.items())


def render_report(report: IndexReport, index_path: str) -> str:
    line = (
        f"Indexed {plural(report.indexed, 'document')} ({plural(report.articles, 'article')}, "
        f"{plural(report.comments, 'comment')}) into {index_path}"
    )
    if report.records > report.indexed:
        line += f" from {plural(report.records, 'record')}"
    if report.skipped:
        line += f"; skipped {len(report.skipped)} (see messages above)"
    return line + "."


def plural(count: int, noun: str) -> str:
    """``1 document``, ``0 comments``, ``2 articles``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def render_tokens(text: str, tokens: Sequence[TokenInfo], fmt: str) -> str:
    if fmt == "json":
        return to_json([asdict(token) for token in tokens])
    rows = [("term", "pos", "chars", "kind", "source text")]
    rows += [
        (t.text, str(t.pos), f"{t.start}-{t.end}", t.kind, text[t.start : t.end]) for t in tokens
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
        + "  "
        + row[4]
        for row in rows
    )


def _results_table(results: Results) -> str:
    hint = [f"Did you mean: {results.suggestion}?"] if results.suggestion else []
    if not results.total:
        return "\n".join([f"No results for {results.query!r}.", *hint])
    first = results.offset + 1
    last = results.offset + len(results.hits)
    shown = f"showing {first}–{last}" if results.hits else "none on this page"
    unit = "article" if results.group == "article" else "result"
    lines = [f"{plural(results.total, unit)} for {results.query!r} ({shown})", *hint, ""]
    for number, hit in enumerate(results.hits, start=first):
        lines.extend(_hit_lines(number, hit))
    lines.extend(_facet_lines(results.facets))
    return "\n".join(lines).rstrip()


def _hit_lines(number: int, hit: Hit) -> list[str]:
    title = hit.title or "(ohne Titel)"
    if hit.type == "comment":
        title = f"Kommentar zu: {title}"
    date = iso(hit.date)
    meta = _meta_line(hit.type, hit.source, date, hit.author, hit.id) + f" · score {hit.score:.2f}"
    if hit.matched_in == "comments":
        meta += " · matched in its comments"
    title = _wrap(title, " " * 5)[5:]  # its first line follows the number
    lines = [f"{number:>3}. {click.style(title, bold=True)}", _wrap(meta, " " * 5)]
    if hit.values:  # --fields beyond the usual keys (declared fields, extra, …), on one line
        shown = (f"{name}: {'–' if v is None else _cell(v)}" for name, v in hit.values.items())
        lines.append(_wrap(" · ".join(shown), " " * 5))
    lines.append(_styled_snippet(hit.snippet, "     "))
    for comment in hit.comments or ():
        when = (comment.to_dict()["date"] or "ohne Datum")[:10]
        lines.append(f"       ↳ {comment.id} · {comment.author or 'anonym'} · {when}")
        lines.append(_styled_snippet(comment.snippet, "         "))
    return [*lines, ""]


def _csv_cells(row: dict[str, Any]) -> dict[str, Any]:
    """Nested values (``extra``, a declared field's list) as JSON in their cell."""
    return {name: _cell(value) for name, value in row.items()}


def _cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value


def _styled_snippet(marked: str, indent: str) -> str:
    """Wrapped snippet with matches in bold yellow (plain when not on a terminal)."""
    snippet = to_terminal(marked, "\x00", "\x01")
    wrapped = _wrap(snippet, indent)
    styled = wrapped.replace("\x00", click.style("", bold=True, fg="yellow", reset=False))
    return styled.replace("\x01", click.style("", reset=True))


def _meta_line(
    doc_type: str, source: str, date: str | None, author: str | None, doc_id: str
) -> str:
    parts = [doc_type, source, (date or "ohne Datum")[:10]]
    if author:
        parts.append(author)
    parts.append(doc_id)
    return " · ".join(parts)


def _facet_lines(facets: Mapping[str, Sequence[FacetValue]]) -> list[str]:
    if not facets:
        return []
    width = max(len(name) for name in facets)
    lines = ["Facets:"]
    for name, values in facets.items():
        counts = ", ".join(f"{value.value} ({value.count})" for value in values) or "–"
        hanging = " " * (width + 4)  # continued under the first value
        lines.append(
            textwrap.fill(f"  {name:<{width}}  {counts}", text_width(), subsequent_indent=hanging)
        )
    return lines
