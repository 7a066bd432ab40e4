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


def open_index(ctx: click.Context, index_path: Path | None) -> SearchIndex:
    """Open the index; a newcomer's missing default index is built from the seeds."""
    backend = chosen_backend(ctx)
    if backend is not None:
        return SearchIndex.open(backend)
    target = index_path or default_index_path()
    chosen = ctx.get_parameter_source("index_path") in (
        ParameterSource.COMMANDLINE,
        ParameterSource.ENVIRONMENT,
    )
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
