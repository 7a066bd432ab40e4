"""Calendar periods (day, ISO week, month, year): labels, their starts, the next one.

Labels always have four-digit years (``0999-05``, never ``999-05``) and every
step is total over Python's calendar: the period after the last one of year
9999 is ``None`` rather than an ``OverflowError``. Dates are wall times as the
outlet wrote them (see ``models.wall_time``); ingest stores years 1000 to 9999.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import get_args

from searchidx.errors import InvalidFilterError
from searchidx.models import Interval

INTERVALS: tuple[Interval, ...] = get_args(Interval)


def period_of(moment: datetime | date, interval: str) -> str:
    """The period label of ``moment``: 2024-10-08, 2024-W41, 2024-10 or 2024."""
    if interval == "day":
        return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
    if interval == "week":
        year, week, _ = moment.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if interval == "year":
        return f"{moment.year:04d}"
    return f"{moment.year:04d}-{moment.month:02d}"


def start_of(label: str, interval: str) -> datetime:
    """The first moment of the period a label (from :func:`period_of`) names."""
    if interval == "week":
        iso_year, week = label.split("-W")
        return datetime.fromisocalendar(int(iso_year), int(week), 1)
    year, month, day = (int(part) for part in [*label.split("-"), "1", "1"][:3])
    return datetime(year, month, day)


def next_start(moment: datetime, interval: str) -> datetime | None:
    """The first moment of the period after ``moment``'s, or None past year 9999."""
    try:
        if interval == "day":
            return datetime(moment.year, moment.month, moment.day) + timedelta(days=1)
        if interval == "week":
            monday = moment - timedelta(days=moment.weekday())
            return datetime(monday.year, monday.month, monday.day) + timedelta(weeks=1)
        if interval == "month":
            year, month = divmod(moment.month, 12)
            return datetime(moment.year + year, month + 1, 1)
        return datetime(moment.year + 1, 1, 1)
    except (OverflowError, ValueError):  # beyond datetime.max
        return None


def check_interval(interval: str) -> None:
    if interval not in INTERVALS:
        raise InvalidFilterError(
            f"unknown interval {interval!r}; use one of {', '.join(INTERVALS)}"
        )
