"""Attention over time: counts, totals and shares per period."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import make_doc
from parity import IndexFactory

from searchidx import Filters, InvalidFilterError, SearchIndex
from searchidx.errors import ShardUnavailableError
from searchidx.features.timeline import flag_partial
from searchidx.models import TimelinePoint


def test_soldaten_by_month_sums_to_the_search_total(seed_index: SearchIndex) -> None:
    points = seed_index.timeline("Soldaten", interval="month")
    assert sum(point.count for point in points) == seed_index.search("Soldaten").total
    assert [point.period for point in points][:2] == ["2024-10", "2024-11"]
    assert all(0.0 <= point.share <= 1.0 for point in points)
    october = points[0]
    assert (october.count, october.total) == (4, 18)
    assert october.to_dict() == {"period": "2024-10", "count": 4, "total": 18, "share": 0.222222}


def test_share_normalises_by_the_volume_of_each_period(new_index: IndexFactory) -> None:
    docs = [make_doc(f"j{n}", "Wetter", date=datetime(2024, 1, 5)) for n in range(9)]
    docs += [make_doc("j-hit", "Kursk", date=datetime(2024, 1, 6))]
    docs += [make_doc("f-hit", "Kursk", date=datetime(2024, 3, 2))]
    with new_index() as index:
        index.add(docs)
        points = index.timeline("Kursk", interval="month")
    assert [(p.period, p.count, p.total, p.share) for p in points] == [
        ("2024-01", 1, 10, 0.1),
        ("2024-02", 0, 0, 0.0),  # quiet months are listed, not skipped
        ("2024-03", 1, 1, 1.0),
    ]


def test_by_source_gives_one_series_per_outlet(seed_index: SearchIndex) -> None:
    points = seed_index.timeline("Soldaten", interval="year", by="source")
    sources = {point.source for point in points}
    assert sources == {"DayFR Deutsch", "Südtirol News", "unbekannt"}
    assert sum(point.count for point in points) == seed_index.search("Soldaten").total
    assert all("source" in point.to_dict() for point in points)


def test_filters_apply_to_counts_and_totals(seed_index: SearchIndex) -> None:
    points = seed_index.timeline("Soldaten", filters=Filters(types=("comment",)), interval="day")
    assert sum(point.total for point in points) == 16  # all comments, nothing else
    assert sum(point.count for point in points) == 2


@pytest.mark.parametrize("interval", ["day", "week", "month", "year"])
def test_every_interval_is_continuous(seed_index: SearchIndex, interval: str) -> None:
    points = seed_index.timeline("Kursk", interval=interval)
    labels = [point.period for point in points]
    assert labels == sorted(labels) and len(labels) == len(set(labels))
    assert sum(point.total for point in points) == 21


def test_unknown_grouping_is_refused(seed_index: SearchIndex) -> None:
    with pytest.raises(InvalidFilterError):
        seed_index.timeline("Kursk", by="author")


def test_dates_at_both_ends_of_the_calendar_keep_timelines_whole(new_index: IndexFactory) -> None:
    # Added through the API, which (unlike file ingest) keeps any Python date.
    docs = [
        make_doc("alt", "Kursk", date=datetime(999, 5, 5)),
        make_doc("neu", "Kursk", date=datetime(2024, 10, 8)),
        make_doc("spät", "Kursk", date=datetime(9999, 12, 31, 12)),
    ]
    with new_index() as index:
        index.add(docs)
        for interval in ("day", "week", "month", "year"):
            points = index.timeline("Kursk", interval=interval)
            assert sum(point.count for point in points) == 3
            assert points[0].period.startswith("0999") and points[-1].period.startswith("9999")
        # Too long a span to fill (9,001 years of days): only the periods with documents.
        assert [p.period for p in index.timeline("Kursk", interval="day")] == [
            "0999-05-05",
            "2024-10-08",
            "9999-12-31",
        ]
        assert len(index.timeline("Kursk", interval="year")) == 9001  # filled: every year
        by_source = index.timeline("Kursk", interval="week", by="source")
        assert [(p.period, p.source, p.count) for p in by_source if p.count] == [
            ("0999-W18", "Testquelle", 1),
            ("2024-W41", "Testquelle", 1),
            ("9999-W52", "Testquelle", 1),
        ]
        facet = index.search("Kursk", interval="week").facets["date"]
        assert [value.value for value in facet] == ["0999-W18", "2024-W41", "9999-W52"]
        assert index.search("Kursk", filters=Filters(until="9999")).total == 3
        assert index.search("Kursk", filters=Filters(since="9999-12-31")).total == 1
        assert index.search("date:[9999 TO]").total == 1
        assert index.search("date:0999").total == 1


def test_an_index_directory_is_never_partial(seed_index: SearchIndex) -> None:
    points = seed_index.timeline("Soldaten", partial_ok=True)
    assert points == seed_index.timeline("Soldaten")
    assert not any(point.partial or "partial" in point.to_dict() for point in points)
    assert seed_index.search("Soldaten", partial_ok=True).partial is False


def test_a_partial_timeline_flags_every_point_and_an_empty_one_is_an_error() -> None:
    points = (TimelinePoint("2024-10", 1, 4), TimelinePoint("2024-11", 0, 2))
    assert flag_partial(points, ()) == points
    flagged = flag_partial(points, ("shard2",))
    assert all(point.partial and point.to_dict()["partial"] is True for point in flagged)
    with pytest.raises(ShardUnavailableError, match="without shard2") as failure:
        flag_partial((), ("shard2",))
    assert failure.value.shards == ("shard2",)
