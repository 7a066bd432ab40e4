"""Curated facts about scraped pages that the pages themselves do not state.

A ``manifest.json`` next to the seed files maps a file stem to an entry::

    {
      "_about": "keys starting with _ are comments and ignored",
      "003_06d4ab0f82e766aa": {
        "source": "Südtirol News",
        "date": "2024-10-18T18:18",
        "author": "APA/dpa",
        "retrieved": "2024-11-11T11:18",
        "url": "https://...",
        "evidence": "why we believe the above"
      }
    }

Every field is optional; dates are ISO 8601. Unknown fields are refused rather
than ignored, so a typo (``"autor"``) is reported instead of silently losing data.
A manifest that cannot be used raises IngestError with the manifest's path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from searchidx.errors import IngestError
from searchidx.ingest.dates import parse_iso_datetime
from searchidx.ingest.decode import read_text

MANIFEST_NAME = "manifest.json"
_KNOWN_FIELDS = frozenset({"source", "date", "author", "retrieved", "url", "evidence"})


@dataclass(frozen=True)
class ManifestEntry:
    """What the manifest says about one page; None where it says nothing."""

    source: str | None = None
    date: datetime | None = None
    author: str | None = None
    retrieved: datetime | None = None
    url: str | None = None
    evidence: str | None = None


EMPTY_ENTRY = ManifestEntry()


def load_manifest(directory: str | Path) -> dict[str, ManifestEntry]:
    """Entries of ``directory/manifest.json`` by file stem; {} if there is none."""
    path = Path(directory) / MANIFEST_NAME
    if not path.is_file():
        return {}
    text, _ = read_text(path)
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        reason = f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        raise IngestError(str(path), reason) from None
    if not isinstance(raw, dict):
        raise IngestError(str(path), "expected a JSON object mapping file stems to entries")
    return {
        stem: _parse_entry(str(path), stem, value)
        for stem, value in raw.items()
        if not stem.startswith("_")
    }


class ManifestCache:
    """Loads each directory's manifest once and hands out entries per seed file.

    A broken manifest is remembered too, so every seed next to it is reported
    with the same error instead of re-reading the file each time.
    """

    def __init__(self) -> None:
        self._by_directory: dict[Path, dict[str, ManifestEntry] | IngestError] = {}

    def entry_for(self, seed_path: str | Path) -> ManifestEntry:
        """The entry for a seed file (EMPTY_ENTRY if unlisted); IngestError if unusable."""
        seed = Path(seed_path)
        directory = seed.parent.resolve()
        if directory not in self._by_directory:
            try:
                self._by_directory[directory] = load_manifest(directory)
            except IngestError as error:
                self._by_directory[directory] = error
        loaded = self._by_directory[directory]
        if isinstance(loaded, IngestError):
            raise loaded
        return loaded.get(seed.stem, EMPTY_ENTRY)


def _parse_entry(location: str, stem: str, value: Any) -> ManifestEntry:
    def fail(reason: str) -> IngestError:
        return IngestError(location, f"entry {stem!r}: {reason}")

    if not isinstance(value, dict):
        raise fail("expected a JSON object")
    unknown = sorted(set(value) - _KNOWN_FIELDS)
    if unknown:
        raise fail(f"unknown field {unknown[0]!r} (known: {', '.join(sorted(_KNOWN_FIELDS))})")
    for name, field_value in value.items():
        if field_value is not None and not isinstance(field_value, str):
            raise fail(f"field {name!r} must be a string")
    try:
        date = _optional_date(value.get("date"))
        retrieved = _optional_date(value.get("retrieved"))
    except ValueError as error:
        raise fail(str(error)) from None
    return ManifestEntry(
        source=_optional_text(value.get("source")),
        date=date,
        author=_optional_text(value.get("author")),
        retrieved=retrieved,
        url=_optional_text(value.get("url")),
        evidence=_optional_text(value.get("evidence")),
    )


def _optional_text(value: str | None) -> str | None:
    return (value or "").strip() or None


def _optional_date(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_iso_datetime(value)
    except ValueError:
        raise ValueError(f"unparsable date {value!r} (expected ISO 8601)") from None
