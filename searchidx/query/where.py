"""``--where`` conditions on declared fields as query restrictions.

``section=Wirtschaft`` for any declared field; ``words>=500``, ``<``, ``>``,
``<=`` for numeric and date fields (dates as YYYY, YYYY-MM, YYYY-MM-DD or an
ISO datetime, meaning the whole period as ``--since``/``--until`` do).
Conditions on one field: equalities OR, ranges AND; different fields AND.
Each field's restriction is kept apart so its facet can be counted without it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from whoosh import query as wq

from searchidx.errors import InvalidFilterError
from searchidx.features.fields import DeclaredField, by_name
from searchidx.models import Filters
from searchidx.query.parsing import filter_parts, period_end, period_start

OPERATORS = ("=", ">=", "<=", ">", "<")
T = TypeVar("T")
_CONDITION = re.compile(r"\s*([A-Za-z_]+)\s*(>=|<=|=|>|<)\s*(.*?)\s*", re.DOTALL)


@dataclass(frozen=True)
class Condition:
    """One ``name OP value`` restriction on a declared field."""

    field: DeclaredField
    operator: str
    value: str


def parse_conditions(
    conditions: Iterable[str], declared: Iterable[DeclaredField]
) -> tuple[Condition, ...]:
    """Read ``--where`` texts against the declared fields (InvalidFilterError otherwise)."""
    fields = by_name(declared)
    parsed = []
    for text in conditions:
        match = _CONDITION.fullmatch(text)
        if match is None or not match.group(3):
            raise InvalidFilterError(
                f"cannot read condition {text[:60]!r}",
                hint="write FIELD=VALUE, or FIELD>=NUMBER for a numeric field: section=Politik",
            )
        name, operator, value = match.groups()
        field = fields.get(name)
        if field is None:
            known = ", ".join(fields) or "none (declare one with searchidx index --field NAME:KIND)"
            raise InvalidFilterError(
                f"unknown field {name!r} in condition; declared fields: {known}"
            )
        if operator != "=" and field.kind == "keyword":
            raise InvalidFilterError(
                f"keyword field {name!r} takes only = (condition {text[:60]!r})"
            )
        parsed.append(Condition(field, operator, value))
    return tuple(parsed)


def with_conditions(filters: Filters, where: Sequence[str]) -> Filters:
    """``filters`` with the conditions ``where`` added to its own."""
    return replace(filters, where=(*filters.where, *where)) if where else filters


def every_filter_part(filters: Filters, declared: Iterable[DeclaredField]) -> dict[str, wq.Query]:
    """The restrictions of ``filters``: built-in ones and conditions on declared fields."""
    return {**filter_parts(filters), **where_parts(filters.where, declared)}


def where_parts(
    conditions: Sequence[str], declared: Iterable[DeclaredField]
) -> dict[str, wq.Query]:
    """One restriction per field named in ``conditions``, keyed by the field's name."""
    equal: dict[str, list[wq.Query]] = {}
    ranges: dict[str, list[wq.Query]] = {}
    for condition in parse_conditions(conditions, declared):
        kept = equal if condition.operator == "=" else ranges
        kept.setdefault(condition.field.name, []).append(_restriction(condition))
    parts: dict[str, wq.Query] = {}
    for name in dict.fromkeys([*equal, *ranges]):
        clauses = ranges.get(name, [])
        if name in equal:
            found = equal[name]
            clauses = [found[0] if len(found) == 1 else wq.Or(found), *clauses]
        parts[name] = clauses[0] if len(clauses) == 1 else wq.And(clauses)
    return parts


def _restriction(condition: Condition) -> wq.Query:
    field, operator, value = condition.field, condition.operator, condition.value
    if field.kind == "keyword":
        return wq.Term(field.internal, value)
    if field.kind == "numeric":
        number = _number(value, field.name)
        low, high = _bounds(operator, (number, number))
        return wq.NumericRange(
            field.internal, low, high, startexcl=operator == ">", endexcl=operator == "<"
        )
    period = period_start(value), period_end(value)
    low_date, high_date = _bounds(operator, period)
    return wq.DateRange(
        field.internal, low_date, high_date, startexcl=operator == ">", endexcl=operator == "<"
    )


def _bounds(operator: str, span: tuple[T, T]) -> tuple[T | None, T | None]:
    """(lower, upper) bound of a comparison with a value that spans ``span``.

    A date names a whole period: after 2024 starts at its end, before 2024 ends
    at its start, and = 2024 is all of it.
    """
    first, last = span
    if operator == ">":
        return last, None
    if operator == ">=":
        return first, None
    if operator == "<":
        return None, first
    if operator == "<=":
        return None, last
    return first, last


def _number(value: str, name: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise InvalidFilterError(
            f"numeric field {name!r} needs a number, not {value[:40]!r}"
        ) from None
