"""Dates far from now and dates with UTC offsets, through every date path.

Ingest stores years 1000 to 9999 (others are dropped with a note), filters
accept any four-digit year up to 9999, and a date written with an offset keeps
its wall time (filters, month buckets, sorting) and its offset (output).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from parity import IndexFactory, location_args
from starlette.testclient import TestClient

from searchidx import SearchIndex
from searchidx.cli import cli
from searchidx.web import create_app

RECORDS = [
    {"id": "alt", "type": "article", "title": "Alt", "text": "Soldaten", "date": "0999-05-05"},
    {
        "id": "spaet",
        "type": "article",
        "title": "Spät",
        "text": "Soldaten",
        "date": "2025-03-31T23:30:00-05:00",
    },
    {
        "id": "frueh",
        "type": "article",
        "title": "Früh",
        "text": "Soldaten",
        "date": "2025-03-10T08:00:00+01:00",
    },
    {
        "id": "april",
        "type": "article",
        "title": "April",
        "text": "Soldaten",
        "date": "2025-04-01T00:30:00",
    },
]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def dated_index(tmp_path: Path, new_index: IndexFactory) -> str:
    """The records indexed by `searchidx index` on this backend; its location."""
    corpus = tmp_path / "dated.jsonl"
    corpus.write_text("".join(json.dumps(record) + "\n" for record in RECORDS), encoding="utf-8")
    location = new_index().location
    code, _, err = run("index", str(corpus), *location_args(location))
    assert code == 0, err
    assert "dated.jsonl:1: date 0999-05-05T00:00:00 of 'alt' is before the year 1000" in err
    return location


def search_json(index: str, *args: str) -> dict[str, object]:
    code, out, err = run("search", "Soldaten", "--format", "json", *location_args(index), *args)
    assert code == 0, err
    result: dict[str, object] = json.loads(out)
    return result


def dates_of(result: dict[str, object]) -> dict[str, str | None]:
    return {hit["id"]: hit["date"] for hit in result["hits"]}  # type: ignore[attr-defined]


def test_a_date_before_the_year_1000_is_dropped_with_a_note(dated_index: str) -> None:
    assert dates_of(search_json(dated_index))["alt"] is None


@pytest.mark.parametrize("until", ["9999", "9999-12", "9999-12-31", "9999-12-31T23:59:59"])
def test_until_the_last_year_is_a_valid_filter(dated_index: str, until: str) -> None:
    assert set(dates_of(search_json(dated_index, "--until", until))) == {"spaet", "frueh", "april"}


@pytest.mark.parametrize(("option", "value"), [("--until", "10000"), ("--since", "0000")])
def test_dates_beyond_the_calendar_are_usage_errors(
    dated_index: str, option: str, value: str
) -> None:
    code, _, err = run("search", "Soldaten", option, value, *location_args(dated_index))
    assert code == 2 and "cannot read date" in err and "Traceback" not in err


def test_offsets_are_kept_and_filters_and_buckets_use_the_wall_time(dated_index: str) -> None:
    result = search_json(dated_index, "--interval", "month")
    assert dates_of(result)["spaet"] == "2025-03-31T23:30:00-05:00"  # not 2025-04-01T04:30 UTC
    assert dates_of(result)["frueh"] == "2025-03-10T08:00:00+01:00"  # not 07:00
    months = {value["value"]: value["count"] for value in result["facets"]["date"]}  # type: ignore[index]
    assert months == {"2025-03": 2, "2025-04": 1}
    assert set(dates_of(search_json(dated_index, "--since", "2025-04"))) == {"april"}
    assert set(dates_of(search_json(dated_index, "--until", "2025-03-10T08:00"))) == {"frueh"}
    hits = search_json(dated_index, "--sort", "-date")["hits"]
    newest_first = [hit["id"] for hit in hits if hit["date"]]  # type: ignore[attr-defined]
    assert newest_first == ["april", "spaet", "frueh"]  # by wall time, not by UTC
    code, out, _ = run("export", "Soldaten", "--sort", "date", *location_args(dated_index))
    assert code == 0
    rows = list(csv.DictReader(line for line in io.StringIO(out) if not line.startswith("#")))
    assert [(row["id"], row["date"]) for row in rows] == [
        ("frueh", "2025-03-10T08:00:00+01:00"),
        ("spaet", "2025-03-31T23:30:00-05:00"),
        ("april", "2025-04-01T00:30:00"),
        ("alt", ""),
    ]


def test_http_until_9999_12_31_is_not_an_internal_error(dated_index: str) -> None:
    with (
        SearchIndex.open(dated_index) as index,
        TestClient(create_app(index), base_url="http://127.0.0.1") as client,
    ):
        for path in ("/search", "/timeline", "/export"):
            response = client.get(path, params={"q": "Soldaten", "until": "9999-12-31"})
            assert response.status_code == 200, (path, response.text)
        refused = client.get("/search", params={"q": "Soldaten", "until": "10000-01-01"})
        assert refused.status_code == 400 and refused.json()["error"]["code"] == "bad_parameter"
        points = client.get("/timeline", params={"q": "Soldaten", "interval": "day"}).json()
        assert points[0]["period"] == "2025-03-10" and points[-1]["period"] == "2025-04-01"
