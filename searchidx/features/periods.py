"""Calendar periods for date facets and timelines: day, ISO week, month, year."""

from __future__ import annotations

from datetime import datetime

from searchidx.errors import InvalidFilterError

INTERVALS = ("day", "week", "month", "year")


def period_of(moment: datetime, interval: str) -> str:
    """The period label of ``moment``: 2024-10-08, 2024-W41, 2024-10 or 2024."""
    if interval == "day":
        return moment.strftime("%Y-%m-%d")
    if interval == "week":
        year, week, _ = moment.isocalendar()
        return f"{year}-W{week:02d}"
    if interval == "year":
        return f"{moment.year:04d}"
    return moment.strftime("%Y-%m")


def check_interval(interval: str) -> None:
    if interval not in INTERVALS:
        raise InvalidFilterError(
            f"unknown interval {interval!r}; use one of {', '.join(INTERVALS)}"
        )
