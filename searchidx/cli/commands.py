"""The ``searchidx`` command: a thin Click layer over :class:`SearchIndex`."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from analyzers import ANALYZED_FIELDS, analyze_field
from searchidx.cli import output
from searchidx.cli.atomic import write_atomically
from searchidx.cli.colors import COLOR_CHOICES, use_color
from searchidx.cli.exiting import leave_quickly
from searchidx.cli.failures import SearchIdxGroup
from searchidx.cli.fields import facets_and_fields, hit_options
from searchidx.cli.opening import GROUP_INDEX, open_index
from searchidx.cli.options import (
    filter_options,
    filters_from,
    format_option,
    index_option,
    list_format_option,
    partial_ok_option,
    provenance_option,
    raw_csv_option,
    refuse_partial_option,
)
from searchidx.features.export import EXPORT_FORMATS, iter_lines, provenance_json
from searchidx.features.grouping import GROUPINGS
from searchidx.features.periods import INTERVALS
from searchidx.features.timeline import TIMELINE_GROUPINGS
from searchidx.models import Grouping
from searchidx.query.parsing import SORT_ORDERS

# Imported when run (or listed by --help): a search need not load what they need.
LAZY_COMMANDS = {
    "index": "searchidx.cli.indexing:index_command",
    "serve": "searchidx.cli.serve:serve",
    "solr": "searchidx.cli.solr:solr",
}


@click.group(
    cls=SearchIdxGroup,
    lazy_commands=LAZY_COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="searchidx")
@click.option("--verbose", is_flag=True, help="Show full tracebacks (for bug reports).")
@click.option(
    "--color",
    type=click.Choice(COLOR_CHOICES),
    default="auto",
    show_default=True,
    help="Bold and colour in text output; auto: on a terminal, unless NO_COLOR is set.",
)
@click.option(
    "--index",
    "index_path",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Index directory for the command (its own --index wins).",
)
@click.pass_context
def cli(ctx: click.Context, verbose: bool, color: str, index_path: Path | None) -> None:
    """German-aware full-text search over news articles and reader comments."""
    ctx.meta["verbose"] = verbose
    ctx.color = use_color(color, os.environ)  # subcommands' contexts inherit it
    if index_path is not None:
        ctx.meta[GROUP_INDEX] = index_path


@cli.command()
@click.argument("query")
@index_option
@click.option("--limit", default=10, show_default=True, type=click.IntRange(min=0))
@click.option("--offset", default=0, show_default=True, type=click.IntRange(min=0))
@click.option("--all", "every", is_flag=True, help="Every hit, no limit (csv/jsonl stream).")
@filter_options
@click.option("--sort", type=click.Choice(SORT_ORDERS), default="relevance", show_default=True)
@click.option(
    "--group",
    type=click.Choice(GROUPINGS),
    help="One result per article, matching comments nested.",
)
@click.option(
    "--in",
    "within",
    type=click.Choice(["comments"]),
    help="Articles whose comments match (= --type comment --group article).",
)
@click.option(
    "--interval",
    type=click.Choice(INTERVALS),
    default="month",
    show_default=True,
    help="Date facet granularity.",
)
@click.option(
    "--marks",
    nargs=2,
    metavar="OPEN CLOSE",
    help="Plain-text snippets with these markers instead of <mark>.",
)
@click.option(
    "--suggest",
    is_flag=True,
    help="Did you mean for each word that finds nothing, even when the query finds "
    "something (Putin OR Kurks). Without it only a query that finds nothing gets one.",
)
@hit_options
@partial_ok_option
@list_format_option
@raw_csv_option
@click.pass_context
def search(ctx: click.Context, /, query: str, index_path: Path | None, **options: Any) -> None:
    """Search QUERY: words (AND), "phrases", field:value, OR, NOT, wildcards*."""
    in_comments = options.pop("within") == "comments"
    filters = filters_from(options, only_comments=in_comments)
    group: Grouping | None = "article" if in_comments else options["group"]
    fmt = options["fmt"]
    with open_index(ctx, index_path) as index:
        streamed = fmt in ("csv", "jsonl") and group is None and not options["partial_ok"]
        if options["every"] and streamed:  # a stream is never partial: it has no flag
            hits = index.iter_hits(
                query, filters=filters, sort=options["sort"], fields=options["hit_fields"]
            )
            for chunk in output.stream_hits(hits, fmt, raw_csv=options["raw_csv"]):
                click.echo(chunk, nl=False)
            return
        results = index.search(
            query,
            limit=None if options["every"] else options["limit"],
            offset=options["offset"],
            filters=filters,
            sort=options["sort"],
            group=group,
            interval=options["interval"],
            partial_ok=options["partial_ok"],
            suggest=options["suggest"],
            **facets_and_fields(options),
        )
    _warn_if_partial(results.partial)
    if options["marks"]:
        results = output.with_marks(results, *options["marks"])
    click.echo(output.render_results(results, fmt, raw_csv=options["raw_csv"]))


@cli.command()
@click.argument("query")
@index_option
@filter_options
@click.option("--interval", type=click.Choice(INTERVALS), default="month", show_default=True)
@click.option("--by", type=click.Choice(TIMELINE_GROUPINGS), help="One series per outlet.")
@partial_ok_option
@list_format_option
@raw_csv_option
@click.pass_context
def timeline(ctx: click.Context, /, query: str, index_path: Path | None, **options: Any) -> None:
    """Attention over time: documents matching QUERY per period, and their share.

    The share divides by all documents of the period (same filters), so an
    outlet that publishes more does not look more interested.
    """
    filters = filters_from(options)
    with open_index(ctx, index_path) as index:
        points = index.timeline(
            query,
            filters=filters,
            interval=options["interval"],
            by=options["by"],
            partial_ok=options["partial_ok"],
        )
    _warn_if_partial(any(point.partial for point in points))
    click.echo(output.render_timeline(query, points, options["fmt"], raw_csv=options["raw_csv"]))


@cli.command("export")
@click.argument("query")
@index_option
@filter_options
@click.option("--sort", type=click.Choice(SORT_ORDERS), default="date", show_default=True)
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="csv", show_default=True
)
@click.option(
    "-o",
    "--output",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of stdout.",
)
@provenance_option
@raw_csv_option
@refuse_partial_option
@click.pass_context
def export_command(
    ctx: click.Context, /, query: str, index_path: Path | None, **options: Any
) -> None:
    """Export every document matching QUERY (no cap) with its provenance.

    The provenance (query, filters, time, total and the index's content
    fingerprint) lets an analysis be reproduced and verified: JSON Lines opens
    with it; a CSV starts with its header and has it beside it (--provenance).
    """
    filters = filters_from(options)
    target: Path | None = options["target"]
    fmt, place = options["fmt"], options["provenance"]
    with (
        open_index(ctx, index_path) as index,
        index.export(query, filters=filters, sort=options["sort"]) as exported,
    ):
        lines = iter_lines(
            exported,
            fmt,
            comments=fmt == "csv" and place == "comments",
            raw_csv=options["raw_csv"],
        )
        sidecar = fmt == "csv" and place == "sidecar"
        if target is None:
            if sidecar:
                click.echo(f"provenance: {provenance_json(exported.meta)}", err=True)
            for line in lines:
                click.echo(line, nl=False)
        else:
            write_atomically(target, lines)
            if sidecar:
                meta_path = target.with_name(target.name + ".meta.json")
                write_atomically(meta_path, [provenance_json(exported.meta) + "\n"])
            exported_count = output.plural(exported.meta.total, "document")
            click.echo(f"Exported {exported_count} to {target}.", err=True)


def _warn_if_partial(partial: bool) -> None:
    if partial:
        click.echo(
            "warning: partial results: a shard had no live replica, its documents are "
            "not counted (--partial-ok)",
            err=True,
        )


@cli.command()
@click.argument("doc_id")
@index_option
@click.option("--limit", default=10, show_default=True, type=click.IntRange(min=1))
@list_format_option
@click.pass_context
def similar(ctx: click.Context, doc_id: str, index_path: Path | None, limit: int, fmt: str) -> None:
    """Documents most like DOC_ID (by its characteristic German terms)."""
    with open_index(ctx, index_path) as index:
        click.echo(output.render_results(index.similar(doc_id, limit=limit), fmt))


@cli.command()
@click.argument("doc_id")
@index_option
@format_option
@click.pass_context
def get(ctx: click.Context, doc_id: str, index_path: Path | None, fmt: str) -> None:
    """Show the stored document DOC_ID (article id, or ARTICLE#cN for a comment)."""
    with open_index(ctx, index_path) as index:
        click.echo(output.render_document(index.get(doc_id), fmt))


@cli.command()
@index_option
@format_option
@click.pass_context
def stats(ctx: click.Context, index_path: Path | None, fmt: str) -> None:
    """Count documents, articles, comments and sources in the index."""
    with open_index(ctx, index_path) as index:
        click.echo(output.render_stats(index.stats(), fmt))


@cli.command()
@click.argument("text")
@click.option(
    "--field",
    type=click.Choice(ANALYZED_FIELDS),
    default="text",
    show_default=True,
    help="Whose analyzer to run (phonetic: the name codes).",
)
@click.option(
    "--mode",
    type=click.Choice(["index", "query"]),
    default="index",
    show_default=True,
    help="Index time adds compound parts; query time leaves them to the parser.",
)
@format_option
def analyze(text: str, field: str, mode: str, fmt: str) -> None:
    """Show the terms TEXT is indexed as: position, characters and producing step."""
    click.echo(output.render_tokens(text, analyze_field(text, field, mode), fmt))


def main() -> None:
    """The console entry point; read-only commands skip the interpreter's teardown."""
    try:
        cli(prog_name="searchidx")
    except SystemExit as done:
        leave_quickly(sys.argv[1:], done.code)
        raise
