"""RSS and Atom feeds: one article per entry."""

from __future__ import annotations

from pathlib import Path

from ingest_corpus import ATOM, FEED

from searchidx.ingest.feeds import read_feed
from searchidx.ingest.sources import Source
from searchidx.models import Document, Skipped


def test_rss_entries_become_articles(tmp_path: Path) -> None:
    path = tmp_path / "talfer.rss"
    path.write_text(FEED, encoding="utf-8")
    first, second, empty = read_feed(Source(path))
    assert isinstance(first, Document) and first.id == "talfer-1001"
    assert first.title == "Brücke wird saniert" and first.source == "Talfer Nachrichten"
    assert first.text == "Die Talferbrücke wird ab April saniert.\nUmleitungen sind ausgeschildert."
    assert first.url == "https://talfer.example/bruecke" and first.date is not None
    assert first.date.month == 3 and first.author and "Eva Moser" in first.author
    assert isinstance(second, Document) and second.id == "https://talfer.example/bus"
    assert isinstance(empty, Skipped) and empty.location == f"{path}:entry 3"


def test_atom_prefers_full_content(tmp_path: Path) -> None:
    path = tmp_path / "berg.atom"
    path.write_text(ATOM, encoding="utf-8")
    (entry,) = read_feed(Source(path))
    assert isinstance(entry, Document) and entry.source == "Bergblick Online"
    assert entry.text == "Die Lawinengefahr steigt in den Dolomiten auf Stufe drei."
    assert entry.author == "Jakob Kofler" and entry.id == "tag:bergblick.example,2025:42"


def test_not_a_feed_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_text("<urlset><url><loc>https://x.example/</loc></url></urlset>", "utf-8")
    (skipped,) = read_feed(Source(path))
    assert isinstance(skipped, Skipped) and "feed" in skipped.reason
