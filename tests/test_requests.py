"""The checks every read shares (searchidx.query.requests)."""

from __future__ import annotations

import pytest

from searchidx import InvalidFilterError
from searchidx.query.requests import check_request


@pytest.mark.parametrize(
    ("limit", "offset", "sort", "group"),
    [(10, 0, "relevance", None), (None, 0, "date", None), (0, 5, "-date", "article")],
)
def test_a_valid_request_passes(limit: int | None, offset: int, sort: str, group: str) -> None:
    check_request(limit, offset, sort, group)


@pytest.mark.parametrize(("limit", "offset"), [(-1, 0), (10, -1)])
def test_a_negative_page_bound_is_refused(limit: int, offset: int) -> None:
    with pytest.raises(InvalidFilterError, match="must not be negative"):
        check_request(limit, offset, "relevance", None)


def test_an_unknown_sort_is_refused() -> None:
    with pytest.raises(InvalidFilterError):
        check_request(10, 0, "popularity", None)


def test_an_unknown_grouping_is_refused() -> None:
    with pytest.raises(InvalidFilterError, match="unknown grouping 'thread'; use article"):
        check_request(10, 0, "relevance", "thread")
