"""Web archives built with warcio: HTML responses become pages, the rest is counted."""

from __future__ import annotations

from pathlib import Path

from ingest_corpus import ARCHIVED_URL, write_warc

from searchidx.ingest.sources import ByteMeter, Source
from searchidx.ingest.warc import read_warc
from searchidx.models import Document, Notice, Skipped


def test_html_responses_become_pages_with_url_and_capture_date(tmp_path: Path) -> None:
    for gzipped in (True, False):
        path = write_warc(tmp_path / f"crawl{int(gzipped)}.warc", gzipped=gzipped)
        meter = ByteMeter()
        found = list(read_warc(Source(path, meter)))
        docs = [r for r in found if isinstance(r, Document)]
        assert [d.id for d in docs] == [ARCHIVED_URL] + [f"{ARCHIVED_URL}#c{n}" for n in (1, 2, 3)]
        assert docs[0].url == ARCHIVED_URL
        assert docs[0].extra["retrieved"].startswith("2025-03-12T09:30:00")  # maybe with +00:00
        (notice,) = [r for r in found if isinstance(r, Notice)]
        assert notice.message.startswith("4 records are not HTML pages")
        assert "1 image/png" in notice.message and "1 HTTP 404" in notice.message
        assert meter.bytes_read == path.stat().st_size  # progress counts the bytes read


def test_not_a_warc_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "x.warc"
    path.write_text("Dies ist kein Archiv.\n", encoding="utf-8")
    (skipped,) = read_warc(Source(path))
    assert isinstance(skipped, Skipped) and "not a readable WARC" in skipped.reason
