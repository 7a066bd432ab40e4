"""manifest.json: loading, validation, per-directory caching, and use by the seed reader."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from searchidx.errors import IngestError
from searchidx.ingest import ManifestCache, ManifestEntry, load_manifest, read_paths
from searchidx.models import Document, Skipped

PAGE = "Titel einer Meldung\n\nEin Satz Prosa.\n"


def write_manifest(directory: Path, content: object) -> Path:
    path = directory / "manifest.json"
    text = content if isinstance(content, str) else json.dumps(content)
    path.write_text(text, encoding="utf-8")
    return path


def test_entries_are_parsed(tmp_path: Path) -> None:
    write_manifest(
        tmp_path,
        {
            "_about": "ignored comment",
            "a": {
                "source": "Südtirol News",
                "date": "2024-10-18T18:18",
                "author": "APA/dpa",
                "retrieved": "2024-11-11T11:18:00+01:00",
                "url": "https://example.org/a",
                "evidence": "dateline",
            },
            "b": {"date": "2025-03-24", "author": None},
        },
    )
    assert load_manifest(tmp_path) == {
        "a": ManifestEntry(
            source="Südtirol News",
            date=datetime(2024, 10, 18, 18, 18),
            author="APA/dpa",
            retrieved=datetime(2024, 11, 11, 11, 18, tzinfo=timezone(timedelta(hours=1))),
            url="https://example.org/a",
            evidence="dateline",
        ),
        "b": ManifestEntry(date=datetime(2025, 3, 24)),
    }


def test_missing_manifest_is_empty(tmp_path: Path) -> None:
    assert load_manifest(tmp_path) == {}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"a": {"source": "x",}}', "invalid JSON at line 1, column 22"),
        ("[1, 2]", "expected a JSON object mapping file stems to entries"),
        ({"a": "DayFR"}, "entry 'a': expected a JSON object"),
        ({"a": {"autor": "x"}}, "entry 'a': unknown field 'autor'"),
        ({"a": {"source": 3}}, "entry 'a': field 'source' must be a string"),
        ({"a": {"date": "18.10.2024"}}, "entry 'a': unparsable date '18.10.2024'"),
    ],
    ids=["syntax", "not-object", "entry-not-object", "unknown-field", "wrong-type", "bad-date"],
)
def test_malformed_manifest_is_a_clear_error(tmp_path: Path, content: object, message: str) -> None:
    path = write_manifest(tmp_path, content)
    with pytest.raises(IngestError) as raised:
        load_manifest(tmp_path)
    assert raised.value.location == str(path)
    assert raised.value.reason.startswith(message)


def test_cache_loads_each_directory_once(tmp_path: Path) -> None:
    write_manifest(tmp_path, {"a": {"source": "Erste Quelle"}})
    cache = ManifestCache()
    assert cache.entry_for(tmp_path / "a.txt").source == "Erste Quelle"
    write_manifest(tmp_path, {"a": {"source": "Zweite Quelle"}})
    assert cache.entry_for(tmp_path / "a.txt").source == "Erste Quelle"
    assert cache.entry_for(tmp_path / "unlisted.txt") == ManifestEntry()
    assert ManifestCache().entry_for(tmp_path / "a.txt").source == "Zweite Quelle"


def test_broken_manifest_skips_its_pages_but_not_others(tmp_path: Path) -> None:
    broken, fine = tmp_path / "broken", tmp_path / "fine"
    broken.mkdir()
    fine.mkdir()
    manifest = write_manifest(broken, "{oops")
    for directory in (broken, fine):
        (directory / "a.txt").write_text(PAGE, encoding="utf-8")
        (directory / "b.txt").write_text(PAGE, encoding="utf-8")
    records = list(read_paths([tmp_path]))
    skipped = [r for r in records if isinstance(r, Skipped)]
    assert [s.location for s in skipped] == [str(broken / "a.txt"), str(broken / "b.txt")]
    assert all(
        s.reason.startswith(f"cannot use manifest {manifest}: invalid JSON") for s in skipped
    )
    assert [r.id for r in records if isinstance(r, Document)] == ["a", "b"]


def test_manifest_facts_reach_the_document(tmp_path: Path) -> None:
    url = "https://example.org/a"
    write_manifest(tmp_path, {"a": {"source": "Beispiel", "date": "2025-01-02", "url": url}})
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    [article] = list(read_paths([tmp_path / "a.txt"]))
    assert isinstance(article, Document)
    assert (article.source, article.date, article.url) == ("Beispiel", datetime(2025, 1, 2), url)


def test_a_manifest_url_that_is_not_http_is_dropped_with_a_note(tmp_path: Path) -> None:
    write_manifest(tmp_path, {"a": {"url": "javascript:alert(1)"}})
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    [note, article] = list(read_paths([tmp_path / "a.txt"]))
    assert isinstance(article, Document) and article.url is None
    assert "url of 'a' is not http(s)" in str(note)
