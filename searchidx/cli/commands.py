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
from searchidx.cli.failures import SearchIdxGroup, UserInputError, with_hint
from searchidx.cli.fields import facets_and_fields, field_option, hit_options
from searchidx.cli.interrupts import GracefulInterrupt
from searchidx.cli.locations import find_seeds
from searchidx.cli.opening import (
    GROUP_INDEX,
    chosen_index,
    open_index,
    show_held_back,
)
from searchidx.cli.options import (
    chosen_backend,
    filter_options,
    filters_from,
    format_option,
    index_option,
    input_options,
    list_format_option,
    partial_ok_option,
    provenance_option,
    raw_csv_option,
    refuse_partial_option,
)
from searchidx.cli.problems import ProblemDigest
from searchidx.cli.progress import IndexProgress, input_size
from searchidx.cli.serve import serve  # its own module: imports Starlette lazily
from searchidx.cli.solr import solr
from searchidx.engine import DEFAULT_BATCH_SIZE, DEFAULT_LOCK_TIMEOUT, SearchIndex
from searchidx.errors import IndexingInterruptedError, SearchIdxError
from searchidx.features.export import EXPORT_FORMATS, iter_lines, provenance_json
from searchidx.features.fields import DeclaredField
from searchidx.features.grouping import GROUPINGS
from searchidx.features.periods import INTERVALS
from searchidx.features.timeline import TIMELINE_GROUPINGS
from searchidx.ingest.options import ReadOptions, parse_csv_map
from searchidx.models import Grouping
from searchidx.query.parsing import SORT_ORDERS


@click.group(cls=SearchIdxGroup, context_settings={"help_option_names": ["-h", "--help"]})
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


@cli.command("index")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@index_option
@input_options
@field_option
@click.option("--rebuild", is_flag=True, help="Build a fresh index and swap it in when done.")
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Commit every N documents (a crash or Ctrl-C loses at most one batch).",
)
@click.option(
    "--lock-timeout",
    type=click.FloatRange(min=0),
    default=DEFAULT_LOCK_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait for another writer to release the index.",
)
@click.option(
    "--no-fsync",
    is_flag=True,
    help="Skip fsync on commit: faster bulk loads; a power loss may lose recent commits.",
)
@click.pass_context
def index_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    index_path: Path | None,
    input_format: str | None,
    csv_map: tuple[str, ...],
    fields: tuple[DeclaredField, ...],
    rebuild: bool,
    batch_size: int,
    lock_timeout: float,
    no_fsync: bool,
) -> None:
    """Index PATHS (default: seeds/); - reads standard input.

    Files and folders: scraped pages (*.txt), JSON Lines (*.jsonl, *.ndjson),
    JSON (*.json), CSV (*.csv), HTML pages (*.html, *.htm), feeds (*.rss,
    *.atom, *.xml) and web archives (*.warc), each also gzipped (*.gz).

    Ctrl-C commits the batch in flight and stops (exit code 130); running the
    same command again completes the index.
    """
    backend = chosen_backend(ctx)
    target = backend or chosen_index(ctx, index_path)[0]
    sources = list(paths) or [find_seeds()]
    try:
        options = ReadOptions(format=input_format, csv_map=parse_csv_map(csv_map))
    except SearchIdxError as error:
        raise UserInputError(with_hint(error)) from None
    if backend is not None and rebuild:
        raise UserInputError(
            "--rebuild rebuilds an index directory (hint: for a SolrCloud collection, "
            "create a new one with `searchidx solr init` and index into it)"
        )
    progress = IndexProgress.on_stderr(options.meter, input_size(sources))
    problems = ProblemDigest(progress.echo)
    try:
        with GracefulInterrupt() as interrupt, progress:
            index, report = _build(
                target,
                sources,
                rebuild=rebuild,
                on_progress=progress,
                on_problem=problems,
                batch_size=batch_size,
                lock_timeout=lock_timeout,
                should_stop=interrupt,
                read_options=options,
                fsync=not no_fsync,
                fields=fields,
            )
    except IndexingInterruptedError as stopped:
        show_held_back(problems)
        click.echo(output.render_report(stopped.report, str(target)))
        raise
    index.close()
    show_held_back(problems)
    click.echo(output.render_report(report, str(target)))
    if report.indexed == 0:
        raise click.ClickException("nothing could be indexed from " + ", ".join(map(str, sources)))


def _build(target: str | Path, sources: list[Path], **options: Any) -> tuple[SearchIndex, Any]:
    """Index into a directory (created if needed) or into an existing collection."""
    if isinstance(target, str) and target.startswith("solr:"):
        options.pop("rebuild")
        fields = options.pop("fields")
        index = SearchIndex.open(target)
        try:
            index.declare_fields(fields, lock_timeout=options["lock_timeout"])
            return index, index.index_paths(sources, **options)
        except BaseException:
            index.close()
            raise
    return SearchIndex.build(target, sources, **options)


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


cli.add_command(serve)
cli.add_command(solr)
