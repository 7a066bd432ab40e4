"""Attention over time: per period, how many documents match among all published.

Normalised share is the point: outlets publish unevenly, so a raw count rises
with volume alone. ``total`` counts every document of the period that passes
the filters (the query aside), ``count`` those that also match. Periods between
the first and the last dated document are all listed, empty ones included, so
a chart never skips a quiet month, up to ``MAX_FILLED_PERIODS`` periods: a
longer span (one stray date from the year 1000 in a daily timeline) lists only
the periods that have documents, rather than millions of empty ones.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from itertools import islice
from typing import get_args

from searchidx.backends.base import DateHistogram
from searchidx.errors import InvalidFilterError, ShardUnavailableError
from searchidx.features.periods import next_start, period_of, start_of
from searchidx.models import TimelineGrouping, TimelinePoint

TIMELINE_GROUPINGS: tuple[TimelineGrouping, ...] = get_args(TimelineGrouping)
MAX_FILLED_PERIODS = 20_000  # 1000 to today by month; 54 years by day


def check_grouping(by: str | None) -> None:
    if by is not None and by not in TIMELINE_GROUPINGS:
        raise InvalidFilterError(f"unknown timeline grouping {by!r}; use source")


def attention(histogram: DateHistogram, interval: str, by: str | None) -> tuple[TimelinePoint, ...]:
    """The timeline of a query's matches, per period (and per source with ``by``)."""
    totals, counts = histogram.universe, histogram.matching
    seen = {key[0] for key in totals}
    periods = list(islice(_every_period(seen, interval), MAX_FILLED_PERIODS + 1))
    if len(periods) > MAX_FILLED_PERIODS:
        periods = sorted(seen)
    groups: Sequence[str | None] = [None]
    if by:
        groups = sorted({key[1] for key in totals if key[1] is not None})
    return tuple(
        TimelinePoint(period, counts.get((period, group), 0), totals.get((period, group), 0), group)
        for group in groups
        for period in periods
    )


def flag_partial(
    points: tuple[TimelinePoint, ...], missing: tuple[str, ...]
) -> tuple[TimelinePoint, ...]:
    """Every point flagged when shards were ``missing``; an empty partial timeline is an error.

    The flag travels on the points, so a timeline without points could not say
    it is incomplete: it raises rather than look like "nothing published".
    """
    if not missing:
        return points
    if not points:
        raise ShardUnavailableError(
            f"no period could be counted without {', '.join(missing)} (no live replica)",
            missing,
        )
    return tuple(replace(point, partial=True) for point in points)


def _every_period(seen: set[str], interval: str) -> Iterator[str]:
    """All periods from the earliest to the latest of ``seen``, in order."""
    if not seen:
        return
    first, last = min(seen), max(seen)
    moment: datetime | None = start_of(first, interval)
    label = first
    while moment is not None and label <= last:
        yield label
        moment = next_start(moment, interval)
        label = period_of(moment, interval) if moment is not None else label
