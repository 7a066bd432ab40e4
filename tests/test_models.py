"""Plain data: JSON-ready dicts with stable keys."""

from __future__ import annotations

from datetime import datetime

from searchidx.models import Document, Filters, iso


def test_iso_drops_microseconds() -> None:
    assert iso(datetime(2024, 10, 18, 18, 18, 5, 123)) == "2024-10-18T18:18:05"
    assert iso(None) is None


def test_document_dict() -> None:
    doc = Document(id="a", type="article", text="t", extra={"k": 1})
    data = doc.to_dict()
    assert data["extra"] == {"k": 1} and data["source"] == "unbekannt" and data["date"] is None
    assert set(data) >= {"id", "type", "parent_id", "title", "text", "source", "date", "author"}


def test_filters_default_to_nothing() -> None:
    assert Filters() == Filters(sources=(), types=(), authors=(), parent_id=None)
