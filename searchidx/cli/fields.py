"""Click options for declared fields: ``index --field``, ``search --facet/--fields``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from searchidx.errors import SearchIdxError
from searchidx.features.fields import FIELD_KINDS, DeclaredField, parse_field_spec

F = TypeVar("F", bound=Callable[..., Any])


def field_option(func: F) -> F:
    """``index --field NAME:KIND``: declare a key of the records' own metadata."""
    return click.option(
        "--field",
        "fields",
        multiple=True,
        metavar="NAME:KIND",
        callback=_declarations,
        help="Make a key of your records searchable (repeatable), e.g. section:keyword; "
        f"kinds: {', '.join(FIELD_KINDS)}. The index remembers it.",
    )(func)


def where_option(func: F) -> F:
    """``--where FIELD=VALUE``: a condition on a declared field (search, timeline, export)."""
    return click.option(
        "--where",
        multiple=True,
        metavar="FIELD=VALUE",
        help="Only documents whose declared field matches (repeatable; one field: OR), "
        "e.g. section=Politik; numbers and dates also >=, <=, >, <.",
    )(func)


def hit_options(func: F) -> F:
    """``search --facet NAME`` and ``--fields A,B``."""
    func = click.option(
        "--fields",
        "hit_fields",
        multiple=True,
        metavar="A,B,…",
        callback=_comma_list,
        help="What each hit carries besides its id (default: the usual keys), "
        "e.g. title,date,section; extra: every key of your own.",
    )(func)
    return click.option(
        "--facet",
        "facet_names",
        multiple=True,
        metavar="NAME",
        help="Count these facets (repeatable; default: source, date, type); "
        "also declared keyword fields.",
    )(func)


def _declarations(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[DeclaredField, ...]:
    try:
        return tuple(parse_field_spec(value) for value in values)
    except SearchIdxError as error:
        hint = f" (hint: {error.hint})" if error.hint else ""
        raise click.BadParameter(f"{error}{hint}") from None


def _comma_list(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...] | None:
    names = tuple(name.strip() for value in values for name in value.split(","))
    return tuple(name for name in names if name) or None


def facets_and_fields(options: dict[str, Any]) -> dict[str, Any]:
    """``SearchIndex.search`` keywords for ``--facet`` and ``--fields`` (only when given)."""
    chosen: dict[str, Any] = {}
    if options.get("facet_names"):
        chosen["facets"] = tuple(dict.fromkeys(options["facet_names"]))
    if options.get("hit_fields") is not None:
        chosen["fields"] = options["hit_fields"]
    return chosen
