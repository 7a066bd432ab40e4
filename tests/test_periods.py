"""Period labels for date facets and timelines."""

from __future__ import annotations

from datetime import datetime

import pytest

from searchidx import InvalidFilterError
from searchidx.features.periods import INTERVALS, check_interval, period_of

MOMENT = datetime(2024, 10, 8, 23, 59)


@pytest.mark.parametrize(
    ("interval", "label"),
    [("day", "2024-10-08"), ("week", "2024-W41"), ("month", "2024-10"), ("year", "2024")],
)
def test_labels_per_interval(interval: str, label: str) -> None:
    assert period_of(MOMENT, interval) == label


def test_iso_weeks_belong_to_their_iso_year() -> None:
    assert period_of(datetime(2024, 12, 30), "week") == "2025-W01"


def test_unknown_intervals_are_refused_with_the_choices() -> None:
    for interval in INTERVALS:
        check_interval(interval)
    with pytest.raises(InvalidFilterError, match="day, week, month, year"):
        check_interval("decade")
