"""Attention over time: per period, how many documents match among all published.

Normalised share is the point: outlets publish unevenly, so a raw count rises
with volume alone. ``total`` counts every document of the period that passes
the filters (the query aside), ``count`` those that also match. Periods between
the first and the last dated document are all listed, empty ones included, so
a chart never skips a quiet month.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from searchidx.backends.base import DateHistogram
from searchidx.errors import InvalidFilterError
from searchidx.features.periods import INTERVALS, period_of
from searchidx.models import TimelinePoint

TIMELINE_GROUPINGS = ("source",)


def check_grouping(by: str | None) -> None:
    if by is not None and by not in TIMELINE_GROUPINGS:
        raise InvalidFilterError(f"unknown timeline grouping {by!r}; use source")


def attention(histogram: DateHistogram, interval: str, by: str | None) -> tuple[TimelinePoint, ...]:
    """The timeline of a query's matches, per period (and per source with ``by``)."""
    totals, counts = histogram.universe, histogram.matching
    periods = list(_every_period({key[0] for key in totals}, interval))
    groups: Sequence[str | None] = [None]
    if by:
        groups = sorted({key[1] for key in totals if key[1] is not None})
    return tuple(
        TimelinePoint(period, counts.get((period, group), 0), totals.get((period, group), 0), group)
        for group in groups
        for period in periods
    )


def _every_period(seen: set[str], interval: str) -> Iterator[str]:
    """All periods from the earliest to the latest of ``seen``, in order."""
    if not seen:
        return
    first, last = min(seen), max(seen)
    moment = _start_of(first, interval)
    label = first
    while label <= last:
        yield label
        moment = _next(moment, interval)
        label = period_of(moment, interval)


def _start_of(label: str, interval: str) -> datetime:
    if interval == "week":
        return datetime.strptime(label + "-1", "%G-W%V-%u")
    formats = dict(zip(INTERVALS, ("%Y-%m-%d", "", "%Y-%m", "%Y"), strict=True))
    return datetime.strptime(label, formats[interval])


def _next(moment: datetime, interval: str) -> datetime:
    if interval == "day":
        return moment + timedelta(days=1)
    if interval == "week":
        return moment + timedelta(weeks=1)
    if interval == "month":
        return (moment.replace(day=1) + timedelta(days=32)).replace(day=1)
    return moment.replace(year=moment.year + 1)
