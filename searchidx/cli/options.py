"""Click options shared by several ``searchidx`` commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from searchidx.cli import output
from searchidx.models import DOC_TYPES, Filters

F = TypeVar("F", bound=Callable[..., Any])


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


def list_format_option(func: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(output.LIST_FORMATS),
        default="table",
        show_default=True,
        help="table for people; json, csv or jsonl for programs.",
    )(func)


def filter_options(func: F) -> F:
    """--source/--type/--author/--since/--until/--parent, shared by search, timeline, export."""
    options = [
        click.option(
            "--source", "sources", multiple=True, help="Only this outlet (repeatable: OR)."
        ),
        click.option(
            "--type", "doc_type", type=click.Choice(DOC_TYPES), help="Only articles or comments."
        ),
        click.option(
            "--author", "authors", multiple=True, help="Only this author (repeatable: OR)."
        ),
        click.option("--since", help="From this date on (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--until", help="Up to and including this date (YYYY, YYYY-MM, YYYY-MM-DD)."),
        click.option(
            "--parent", "parent_id", metavar="ID", help="Only the comments of article ID."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def filters_from(options: dict[str, Any], *, only_comments: bool = False) -> Filters:
    doc_type = "comment" if only_comments else options.pop("doc_type")
    return Filters(
        sources=options.pop("sources"),
        types=(doc_type,) if doc_type else (),
        authors=options.pop("authors"),
        since=options.pop("since"),
        until=options.pop("until"),
        parent_id=options.pop("parent_id"),
    )
