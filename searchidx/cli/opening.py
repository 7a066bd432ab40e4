"""Opening the index a command names, or building a newcomer's default index first.

Shared by every command that reads an index (``searchidx serve`` too), so the
commands and the server module need not import each other.
"""

from __future__ import annotations

from pathlib import Path

import click
from click.core import ParameterSource

from searchidx.cli import output
from searchidx.cli.locations import default_index_path, find_seeds
from searchidx.cli.options import chosen_backend
from searchidx.cli.problems import ProblemDigest
from searchidx.engine import SearchIndex

GROUP_INDEX = "searchidx.index_path"  # ctx.meta key: `searchidx --index DIR command …`


def chosen_index(ctx: click.Context, index_path: Path | None) -> tuple[Path, bool]:
    """``(index directory, whether the user named it)``.

    The command's own ``--index`` wins, then the one before the command, then
    SEARCHIDX_INDEX, then the default ``index/``.
    """
    source = ctx.get_parameter_source("index_path")
    if index_path is not None and source == ParameterSource.COMMANDLINE:
        return index_path, True
    before_command: Path | None = ctx.meta.get(GROUP_INDEX)
    if before_command is not None:
        return before_command, True
    if index_path is not None and source == ParameterSource.ENVIRONMENT:
        return index_path, True
    return index_path or default_index_path(), False


def open_index(ctx: click.Context, index_path: Path | None) -> SearchIndex:
    """Open the index; a newcomer's missing default index is built from the seeds."""
    backend = chosen_backend(ctx)
    if backend is not None:
        return SearchIndex.open(backend)
    target, chosen = chosen_index(ctx, index_path)
    if chosen or SearchIndex.exists(target):
        return SearchIndex.open(target)
    seeds = find_seeds()
    click.echo(f"No index in {target}/ yet: building it from {seeds}/ first…", err=True)
    problems = problem_digest()
    index, report = SearchIndex.build(target, [seeds], on_problem=problems)
    show_held_back(problems)
    click.echo(output.render_report(report, str(target)), err=True)
    return index


def problem_digest() -> ProblemDigest:
    """Shows the first few skipped entries and notes of each kind on stderr."""
    return ProblemDigest(lambda line: click.echo(line, err=True))


def show_held_back(problems: ProblemDigest) -> None:
    """After a run: one line per kind of problem with more than were shown."""
    for line in problems.summary():
        click.echo(line, err=True)
