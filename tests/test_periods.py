"""Calendar periods: four-digit labels and steps that are total up to year 9999."""

from __future__ import annotations

from datetime import datetime

import pytest

from searchidx import InvalidFilterError
from searchidx.features.periods import (
    INTERVALS,
    check_interval,
    next_start,
    period_of,
    start_of,
)


@pytest.mark.parametrize(
    ("moment", "labels"),
    [
        (datetime(999, 5, 5), ("0999-05-05", "0999-W18", "0999-05", "0999")),
        (datetime(2024, 10, 8, 18, 18), ("2024-10-08", "2024-W41", "2024-10", "2024")),
        (datetime(9999, 12, 31, 23, 59), ("9999-12-31", "9999-W52", "9999-12", "9999")),
    ],
)
def test_labels_have_four_digit_years_and_read_back(
    moment: datetime, labels: tuple[str, ...]
) -> None:
    for interval, label in zip(INTERVALS, labels, strict=True):
        assert period_of(moment, interval) == label
        start = start_of(label, interval)
        assert start <= moment and period_of(start, interval) == label


@pytest.mark.parametrize("interval", INTERVALS)
def test_the_period_after_the_last_one_is_none_not_an_overflow(interval: str) -> None:
    assert next_start(datetime(9999, 12, 31, 12), interval) is None
    after = next_start(datetime(2024, 12, 31, 12), interval)
    assert after is not None and period_of(after, interval) > period_of(
        datetime(2024, 12, 31), interval
    )


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
