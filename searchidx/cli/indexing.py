"""``searchidx index``: read sources into an index directory or a SolrCloud collection."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from searchidx.backends.locations import is_remote
from searchidx.cli import output
from searchidx.cli.failures import UserInputError, with_hint
from searchidx.cli.fields import field_option
from searchidx.cli.interrupts import GracefulInterrupt
from searchidx.cli.locations import find_seeds
from searchidx.cli.opening import chosen_index, show_held_back
from searchidx.cli.options import chosen_backend, index_option
from searchidx.cli.problems import ProblemDigest
from searchidx.cli.progress import IndexProgress, input_size
from searchidx.engine import DEFAULT_BATCH_SIZE, DEFAULT_LOCK_TIMEOUT, SearchIndex
from searchidx.errors import IndexingInterruptedError, SearchIdxError
from searchidx.features.fields import DeclaredField
from searchidx.ingest.options import FORMATS as INPUT_FORMATS
from searchidx.ingest.options import ReadOptions, parse_csv_map
from searchidx.models import IndexReport

F = TypeVar("F", bound=Callable[..., Any])


def _writing_options(func: F) -> F:
    """--batch-size, --lock-timeout and --no-fsync: how the documents are committed."""
    func = click.option(
        "--no-fsync",
        is_flag=True,
        help="Skip fsync on commit: faster bulk loads; a power loss may lose recent commits.",
    )(func)
    func = click.option(
        "--lock-timeout",
        type=click.FloatRange(min=0),
        default=DEFAULT_LOCK_TIMEOUT,
        show_default=True,
        metavar="SECONDS",
        help="How long to wait for another writer to release the index.",
    )(func)
    return click.option(
        "--batch-size",
        type=click.IntRange(min=1),
        default=DEFAULT_BATCH_SIZE,
        show_default=True,
        help="Commit every N documents (a crash or Ctrl-C loses at most one batch).",
    )(func)


def _input_options(func: F) -> F:
    """--format and --csv-map: how to read the inputs."""
    func = click.option(
        "--csv-map",
        "csv_map",
        multiple=True,
        metavar="FIELD=COLUMN,…",
        help="CSV columns for document fields, e.g. title=headline,text=body,date=published.",
    )(func)
    return click.option(
        "--format",
        "input_format",
        type=click.Choice(INPUT_FORMATS),
        help="Read stdin (-) and the files named as this (default: by extension; stdin: jsonl).",
    )(func)


@click.command("index")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@index_option
@_input_options
@field_option
@click.option("--rebuild", is_flag=True, help="Build a fresh index and swap it in when done.")
@_writing_options
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
    options = _read_options(input_format, csv_map)
    if backend is not None and rebuild:
        raise UserInputError(
            "--rebuild rebuilds an index directory (hint: for a SolrCloud collection, "
            "create a new one with `searchidx solr init` and index into it)"
        )
    report = _index_with_progress(
        target,
        sources,
        rebuild=rebuild,
        batch_size=batch_size,
        lock_timeout=lock_timeout,
        read_options=options,
        fsync=not no_fsync,
        fields=fields,
    )
    if report.indexed == 0:
        raise click.ClickException("nothing could be indexed from " + ", ".join(map(str, sources)))


def _index_with_progress(
    target: str | Path, sources: list[Path], *, read_options: ReadOptions, **options: Any
) -> IndexReport:
    """Index with a progress line, problems digested, and Ctrl-C committing the batch
    in flight; the report is shown even when interrupted."""
    progress = IndexProgress.on_stderr(read_options.meter, input_size(sources))
    problems = ProblemDigest(progress.echo)
    try:
        with GracefulInterrupt() as interrupt, progress:
            index, report = _build(
                target,
                sources,
                on_progress=progress,
                on_problem=problems,
                should_stop=interrupt,
                read_options=read_options,
                **options,
            )
    except IndexingInterruptedError as stopped:
        _show_report(problems, stopped.report, target)
        raise
    index.close()
    _show_report(problems, report, target)
    return report


def _read_options(input_format: str | None, csv_map: tuple[str, ...]) -> ReadOptions:
    """How to read the sources, from --format and --csv-map (a bad map is the user's)."""
    try:
        return ReadOptions(format=input_format, csv_map=parse_csv_map(csv_map))
    except SearchIdxError as error:
        raise UserInputError(with_hint(error)) from None


def _build(
    target: str | Path, sources: list[Path], **options: Any
) -> tuple[SearchIndex, IndexReport]:
    """Index into a directory (created if needed) or into an existing collection."""
    if is_remote(target):
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


def _show_report(problems: ProblemDigest, report: IndexReport, target: str | Path) -> None:
    """The problems held back while the progress line was up, then the run's report."""
    show_held_back(problems)
    click.echo(output.render_report(report, str(target)))
