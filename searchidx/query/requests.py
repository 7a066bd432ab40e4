"""The checks every read shares: paging bounds, sort order and grouping."""

from __future__ import annotations

from searchidx.errors import InvalidFilterError
from searchidx.features.grouping import GROUPINGS
from searchidx.query.parsing import sort_spec


def check_request(limit: int | None, offset: int, sort: str, group: str | None) -> None:
    """InvalidFilterError for a negative page bound, an unknown sort or grouping."""
    if (limit is not None and limit < 0) or offset < 0:
        raise InvalidFilterError("limit and offset must not be negative")
    sort_spec(sort)
    if group is not None and group not in GROUPINGS:
        raise InvalidFilterError(f"unknown grouping {group!r}; use article")
