"""Attention over time: per period, how many documents match among all published.

Normalised share is the point: outlets publish unevenly, so a raw count rises
with volume alone. ``total`` counts every document of the period that passes
the filters (the query aside), ``count`` those that also match. Periods between
the first and the last dated document are all listed, empty ones included, so
a chart never skips a quiet month.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from searchidx.backends.whoosh.facets import (
    INTERVALS,
    check_interval,
    count_facets,
    count_pairs,
    period_of,
)
from searchidx.backends.whoosh.searching import SearchRun
from searchidx.backends.whoosh.segment_arrays import BoolArray
from searchidx.errors import InvalidFilterError
from searchidx.models import TimelinePoint

TIMELINE_GROUPINGS = ("source",)


def attention(run: SearchRun, interval: str, by: str | None) -> tuple[TimelinePoint, ...]:
    """The timeline of ``run``'s matches, per period (and per source with ``by``)."""
    check_interval(interval)
    if by is not None and by not in TIMELINE_GROUPINGS:
        raise InvalidFilterError(f"unknown timeline grouping {by!r}; use source")
    names = ("date", by) if by else ("date",)
    totals = _count(run, run.universe_mask(), names, interval)
    counts = _count(run, run.match_mask, names, interval)
    periods = list(_every_period({key[0] for key in totals}, interval))
    groups: Sequence[str | None] = [None]
    if by:
        groups = sorted({key[1] for key in totals if key[1] is not None})
    return tuple(
        TimelinePoint(period, counts[(period, group)], totals[(period, group)], group)
        for group in groups
        for period in periods
    )


def _count(
    run: SearchRun, docs: BoolArray, names: tuple[str, ...], interval: str
) -> Counter[tuple[str, str | None]]:
    if len(names) == 2:
        return count_pairs(run.searcher, docs, (names[0], names[1]), interval)
    counts = count_facets(run.searcher, docs, names[:1], interval)[names[0]]
    return Counter({(value.value, None): value.count for value in counts})


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
