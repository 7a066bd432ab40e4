"""Click options shared by several ``searchidx`` commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from searchidx.cli import output
from searchidx.cli.fields import where_option
from searchidx.features.export import PROVENANCE_PLACES
from searchidx.models import DOC_TYPES, Filters

F = TypeVar("F", bound=Callable[..., Any])


BACKEND_KEY = "backend"  # ctx.meta key: the chosen backend location, if any


def index_option(func: F) -> F:
    """``--index DIR`` and ``--backend solr:URL``: where the command's index lives."""
    func = click.option(
        "--backend",
        envvar="SEARCHIDX_BACKEND",
        default=None,
        expose_value=False,
        callback=_remember_backend,
        metavar="solr:URL",
        help="A SolrCloud collection instead of an index directory: "
        "solr:http://HOST:PORT/solr/COLLECTION (env SEARCHIDX_BACKEND).",
    )(func)
    return click.option(
        "--index",
        "index_path",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="SEARCHIDX_INDEX",
        default=None,
        help="Index directory (env SEARCHIDX_INDEX; default: index/).",
    )(func)


def provenance_option(func: F) -> F:
    """``export``: where a CSV's provenance goes."""
    return click.option(
        "--provenance",
        type=click.Choice(PROVENANCE_PLACES),
        default="sidecar",
        show_default=True,
        help="CSV: provenance in FILE.meta.json (stdout: one line on stderr), "
        "as '# key: value' lines before the header, or nowhere.",
    )(func)


def partial_ok_option(func: F) -> F:
    """``search``/``timeline``: answer without a shard that has no live replica, flagged."""
    return click.option(
        "--partial-ok",
        is_flag=True,
        help="SolrCloud: if a shard has no live replica, answer from the others "
        '("partial": true in JSON, a warning on stderr) instead of failing.',
    )(func)


def refuse_partial_option(func: F) -> F:
    """``export``: --partial-ok is refused by name, not "no such option" (it is no typo)."""
    return click.option(
        "--partial-ok",
        is_flag=True,
        hidden=True,
        expose_value=False,
        callback=_refuse_partial,
    )(func)


def _refuse_partial(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        raise click.UsageError(
            "an export is never partial: its total and fingerprint claim every match "
            "(hint: `searchidx search --all --partial-ok --format jsonl` lists what is reachable)",
            ctx,
        )


def _remember_backend(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None and not value.startswith("solr:"):
        raise click.BadParameter("write it as solr:http://HOST:PORT/solr/COLLECTION")
    ctx.meta[BACKEND_KEY] = value


def chosen_backend(ctx: click.Context) -> str | None:
    """The ``--backend`` location given to this command (or by SEARCHIDX_BACKEND)."""
    value = ctx.meta.get(BACKEND_KEY)
    return value if isinstance(value, str) else None


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


def raw_csv_option(func: F) -> F:
    return click.option(
        "--raw-csv",
        is_flag=True,
        help="CSV cells exactly as stored: no ' before text starting with = + - @ "
        "(which spreadsheets would run as formulas).",
    )(func)


def filter_options(func: F) -> F:
    """--source/--type/--author/--since/--until/--parent/--where: search, timeline, export."""
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
    return where_option(func)


def filters_from(options: dict[str, Any], *, only_comments: bool = False) -> Filters:
    doc_type = "comment" if only_comments else options.pop("doc_type")
    return Filters(
        sources=options.pop("sources"),
        types=(doc_type,) if doc_type else (),
        authors=options.pop("authors"),
        since=options.pop("since"),
        until=options.pop("until"),
        parent_id=options.pop("parent_id"),
        where=options.pop("where"),
    )
