"""Rendering plain results as text for people (table) or machines (json)."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

import click

from analyzers import TokenInfo
from searchidx.highlight import to_terminal
from searchidx.models import Document, FacetValue, Hit, IndexReport, IndexStats, Results

FORMATS = ("table", "json")
_WIDTH = 100


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def render_results(results: Results, fmt: str) -> str:
    if fmt == "json":
        return to_json(results.to_dict())
    return _results_table(results)


def render_document(doc: Document, fmt: str) -> str:
    if fmt == "json":
        return to_json(doc.to_dict())
    header = [
        click.style(doc.title or "(ohne Titel)", bold=True),
        _meta_line(doc.type, doc.source, doc.to_dict()["date"], doc.author, doc.id),
    ]
    if doc.parent_id:
        header.append(
            f"parent: {doc.parent_id}" + (f" · reply to {doc.reply_to}" if doc.reply_to else "")
        )
    if doc.url:
        header.append(doc.url)
    body = "\n\n".join(textwrap.fill(p, _WIDTH) for p in doc.text.split("\n") if p.strip())
    return "\n".join(header) + "\n\n" + (body or "(kein Text)")


def render_stats(stats: IndexStats, fmt: str) -> str:
    if fmt == "json":
        return to_json(stats.to_dict())
    rows = stats.to_dict()
    width = max(len(key) for key in rows)
    return "\n".join(f"{key:<{width}}  {value}" for key, value in rows.items())


def render_report(report: IndexReport, index_path: str) -> str:
    line = (
        f"Indexed {report.indexed} documents ({report.articles} articles, "
        f"{report.comments} comments) into {index_path}"
    )
    if report.skipped:
        line += f"; skipped {len(report.skipped)} (see messages above)"
    return line + "."


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
    if not results.total:
        return f"No results for {results.query!r}."
    first = results.offset + 1
    last = results.offset + len(results.hits)
    shown = f"showing {first}–{last}" if results.hits else "none on this page"
    lines = [f"{results.total} results for {results.query!r} ({shown})", ""]
    for number, hit in enumerate(results.hits, start=first):
        lines.extend(_hit_lines(number, hit))
    lines.extend(_facet_lines(results.facets))
    return "\n".join(lines).rstrip()


def _hit_lines(number: int, hit: Hit) -> list[str]:
    title = hit.title or "(ohne Titel)"
    if hit.type == "comment":
        title = f"Kommentar zu: {title}"
    date = hit.to_dict()["date"]
    meta = _meta_line(hit.type, hit.source, date, hit.author, hit.id) + f" · score {hit.score:.2f}"
    snippet = to_terminal(hit.snippet, "\x00", "\x01")
    wrapped = textwrap.fill(snippet, _WIDTH - 5, initial_indent="     ", subsequent_indent="     ")
    styled = wrapped.replace("\x00", click.style("", bold=True, fg="yellow", reset=False))
    styled = styled.replace("\x01", click.style("", reset=True))
    return [f"{number:>3}. {click.style(title, bold=True)}", f"     {meta}", styled, ""]


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
        lines.append(f"  {name:<{width}}  {counts}")
    return lines
