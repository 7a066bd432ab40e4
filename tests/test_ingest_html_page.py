"""Saved HTML news pages through trafilatura, with their comment sections."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ingest_corpus import NEWS_PAGE, PAGE_URL

from searchidx.ingest.html_comments import find_comments
from searchidx.ingest.html_page import read_html
from searchidx.ingest.sources import Source
from searchidx.models import Document, Notice, Skipped


def test_article_metadata_and_text(tmp_path: Path) -> None:
    path = tmp_path / "radweg.html"
    path.write_text(NEWS_PAGE, encoding="utf-8")
    article, *comments = read_html(Source(path))
    assert isinstance(article, Document) and article.id == PAGE_URL == article.url
    assert article.title == "Stadtrat beschließt neuen Radweg"
    assert article.source == "Lokalblatt Bozen" and article.author == "Anna Berger"
    assert article.text.startswith("Der Stadtrat hat am Montagabend")  # no repeated headline
    assert "Endlich!" not in article.text and "Start" not in article.text  # no comments, no nav
    assert article.date is not None and article.date.date() == datetime(2025, 3, 10).date()
    assert [c.id for c in comments if isinstance(c, Document)] == [
        f"{PAGE_URL}#c{n}" for n in (1, 2, 3)
    ]


def test_comments_are_single_with_author_date_and_reply() -> None:
    first, reply, third = find_comments(NEWS_PAGE.encode("utf-8"))
    assert (first.author, first.text, first.reply_to) == (
        "Radler42",
        "Endlich! Darauf warten wir seit Jahren.",
        None,
    )
    assert reply.reply_to == 0 and reply.author == "Autofahrer"
    assert third.text == "Die Vororte brauchen auch Anschluss.\nBitte nachbessern."
    assert third.date is not None and third.reply_to is None


def test_comments_without_a_content_element_lose_their_chrome() -> None:
    page = (
        '<html><body><div id="comments"><div class="comment" id="comment-7">'
        '<span class="author">Hans</span><span class="date">gestern</span>'
        '<p>Erster Gedanke.</p><a class="reply">Antworten</a>'
        '<div class="comment"><span class="author">Grete</span><p>Widerspruch!</p></div>'
        '</div><div id="comment-form">Schreibe einen Kommentar</div></div></body></html>'
    )
    first, second = find_comments(page.encode("utf-8"))
    assert (first.author, first.text, first.reply_to) == ("Hans", "Erster Gedanke.", None)
    assert (second.author, second.text, second.reply_to) == ("Grete", "Widerspruch!", 0)


def test_outlet_falls_back_to_the_host_and_id_to_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "meldung.htm"
    path.write_text(
        "<html><head><title>Kurzmeldung</title>"
        '<meta property="og:url" content="https://www.tal.example/kurz"></head><body><article>'
        "<h1>Kurzmeldung</h1><p>" + "Ein ausreichend langer Satz über das Tal. " * 8 + "</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    (article,) = read_html(Source(path))
    assert isinstance(article, Document) and article.source == "tal.example"
    assert article.id == "https://www.tal.example/kurz"


def test_pages_without_text_are_skipped_clearly(tmp_path: Path) -> None:
    empty = tmp_path / "leer.html"
    empty.write_text("<html><body><nav>Start</nav></body></html>", encoding="utf-8")
    binary = tmp_path / "bild.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    for path in (empty, binary):
        (skipped,) = read_html(Source(path))
        assert isinstance(skipped, Skipped) and skipped.location == str(path)
        assert "no article text" in skipped.reason or "not readable" in skipped.reason


def test_unseparable_comments_are_noted_not_indexed(tmp_path: Path) -> None:
    path = tmp_path / "flach.html"
    path.write_text(
        "<html><head><title>Flach</title></head><body><article><h1>Flach</h1><p>"
        + "Ein Satz über flache Kommentarbereiche. " * 8
        + '</p></article><div id="comments"><p>Erster Leser meint etwas.</p>'
        "<p>Zweiter Leser auch.</p></div></body></html>",
        encoding="utf-8",
    )
    found = list(read_html(Source(path)))
    assert [type(r) for r in found] == [Document, Notice]
