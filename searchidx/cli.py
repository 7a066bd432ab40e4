"""The ``searchidx`` command: a thin Click layer over :class:`SearchIndex`."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from click.core import ParameterSource

from analyzers import ANALYZED_FIELDS, analyze_field
from searchidx import output
from searchidx.engine import SearchIndex
from searchidx.errors import (
    IndexingInterruptedError,
    InvalidFilterError,
    QuerySyntaxError,
    SearchIdxError,
)
from searchidx.indexing import DEFAULT_BATCH_SIZE, DEFAULT_LOCK_TIMEOUT, index_exists
from searchidx.interrupts import GracefulInterrupt
from searchidx.locations import default_index_path, find_seeds
from searchidx.models import DOC_TYPES, Filters, Notice, Skipped
from searchidx.querying import SORT_ORDERS

F = TypeVar("F", bound=Callable[..., Any])
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class UserInputError(click.ClickException):
    """A bad query or option value: exit code 2, like Click's usage errors."""

    exit_code = EXIT_USAGE


class Interrupted(click.ClickException):
    """Stopped by Ctrl-C after committing what it could: exit code 130 (128 + SIGINT)."""

    exit_code = EXIT_INTERRUPTED


class SearchIdxGroup(click.Group):
    """Turns library errors into one-line messages instead of tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except Exception as error:
            _show_traceback_if_verbose(ctx)
            raise _to_click_error(error) from None


def _to_click_error(error: Exception) -> click.ClickException:
    """The one-line message and exit code for an error (see README: exit codes)."""
    if isinstance(error, IndexingInterruptedError):
        return Interrupted(_with_hint(error))
    if isinstance(error, QuerySyntaxError | InvalidFilterError):
        return UserInputError(_with_hint(error))
    if isinstance(error, SearchIdxError):
        return click.ClickException(_with_hint(error))
    detail = " ".join(str(error).split())  # one line, whatever the exception says
    return click.ClickException(
        f"internal error: {type(error).__name__}: {detail} "
        "(run `searchidx --verbose …` for the traceback)"
    )


def _show_traceback_if_verbose(ctx: click.Context) -> None:
    if ctx.meta.get("verbose"):
        click.echo(traceback.format_exc().rstrip(), err=True)


def _with_hint(error: SearchIdxError) -> str:
    return f"{error} (hint: {error.hint})" if error.hint else str(error)


def index_option(func: F) -> F:
    return click.option(
        "--index",
        "index_path",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="SEARCHIDX_INDEX",
        default=None,
        help="Index directory (env SEARCHIDX_INDEX; default: index/).",
    )(func)


def format_option(func: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(output.FORMATS),
        default="table",
        show_default=True,
        help="table for people, json for programs.",
    )(func)


@click.group(cls=SearchIdxGroup)
@click.version_option(package_name="searchidx")
@click.option("--verbose", is_flag=True, help="Show full tracebacks (for bug reports).")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """German-aware full-text search over news articles and reader comments."""
    ctx.meta["verbose"] = verbose


@cli.command("index")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@index_option
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
def index_command(
    paths: tuple[Path, ...],
    index_path: Path | None,
    rebuild: bool,
    batch_size: int,
    lock_timeout: float,
) -> None:
    """Index seed pages (*.txt) and JSON Lines files (*.jsonl) from PATHS (default: seeds/).

    Ctrl-C commits the batch in flight and stops (exit code 130); running the
    same command again completes the index.
    """
    target = index_path or default_index_path()
    sources = list(paths) or [find_seeds()]
    try:
        with GracefulInterrupt() as interrupt:
            index, report = SearchIndex.build(
                target,
                sources,
                rebuild=rebuild,
                on_progress=_show_progress,
                on_problem=_show_problem,
                batch_size=batch_size,
                lock_timeout=lock_timeout,
                should_stop=interrupt,
            )
    except IndexingInterruptedError as stopped:
        click.echo(output.render_report(stopped.report, str(target)))
        raise
    index.close()
    click.echo(output.render_report(report, str(target)))
    if report.indexed == 0:
        raise click.ClickException("nothing could be indexed from " + ", ".join(map(str, sources)))


@cli.command()
@click.argument("query")
@index_option
@click.option("--limit", default=10, show_default=True, type=click.IntRange(min=0))
@click.option("--offset", default=0, show_default=True, type=click.IntRange(min=0))
@click.option("--source", "sources", multiple=True, help="Only this outlet (repeatable: OR).")
@click.option("--type", "doc_type", type=click.Choice(DOC_TYPES), help="Only articles or comments.")
@click.option("--author", "authors", multiple=True, help="Only this author (repeatable: OR).")
@click.option("--since", help="From this date on (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", help="Up to and including this date (YYYY, YYYY-MM, YYYY-MM-DD).")
@click.option("--sort", type=click.Choice(SORT_ORDERS), default="relevance", show_default=True)
@format_option
@click.pass_context
def search(ctx: click.Context, /, query: str, index_path: Path | None, **options: Any) -> None:
    """Search QUERY: words (AND), "phrases", field:value, OR, NOT, wildcards*."""
    filters = Filters(
        sources=options["sources"],
        types=(options["doc_type"],) if options["doc_type"] else (),
        authors=options["authors"],
        since=options["since"],
        until=options["until"],
    )
    with _open_index(ctx, index_path) as index:
        results = index.search(
            query,
            limit=options["limit"],
            offset=options["offset"],
            filters=filters,
            sort=options["sort"],
        )
    click.echo(output.render_results(results, options["fmt"]))


@cli.command()
@click.argument("doc_id")
@index_option
@format_option
@click.pass_context
def get(ctx: click.Context, doc_id: str, index_path: Path | None, fmt: str) -> None:
    """Show the stored document DOC_ID (article id, or ARTICLE#cN for a comment)."""
    with _open_index(ctx, index_path) as index:
        click.echo(output.render_document(index.get(doc_id), fmt))


@cli.command()
@index_option
@format_option
@click.pass_context
def stats(ctx: click.Context, index_path: Path | None, fmt: str) -> None:
    """Count documents, articles, comments and sources in the index."""
    with _open_index(ctx, index_path) as index:
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


def _open_index(ctx: click.Context, index_path: Path | None) -> SearchIndex:
    """Open the index; a newcomer's missing default index is built from the seeds."""
    target = index_path or default_index_path()
    chosen = ctx.get_parameter_source("index_path") in (
        ParameterSource.COMMANDLINE,
        ParameterSource.ENVIRONMENT,
    )
    if chosen or index_exists(target):
        return SearchIndex.open(target)
    seeds = find_seeds()
    click.echo(f"No index in {target}/ yet: building it from {seeds}/ first…", err=True)
    index, report = SearchIndex.build(target, [seeds], on_problem=_show_problem)
    click.echo(output.render_report(report, str(target)), err=True)
    return index


def _show_progress(written: int) -> None:
    if sys.stderr.isatty():
        click.echo(f"  … {written} documents committed", err=True)


def _show_problem(problem: Skipped | Notice) -> None:
    label = "skipped" if isinstance(problem, Skipped) else "note"
    click.echo(f"{label}: {problem}", err=True)


def main() -> None:
    cli(prog_name="searchidx")


from searchidx.serve import serve  # noqa: E402  (its own module; imports Starlette lazily)

cli.add_command(serve)
