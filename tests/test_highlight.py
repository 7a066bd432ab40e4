"""Snippets: <mark> around matches, escaping, long texts, terminal rendering."""

from __future__ import annotations

from pathlib import Path

from conftest import make_doc

from searchidx import SearchIndex
from searchidx.highlight import leading_snippet, to_terminal


def test_leading_snippet_cuts_at_words_and_escapes() -> None:
    text = "A & B <script> " + "Wort " * 100
    snippet = leading_snippet(text, maxchars=40)
    assert snippet.startswith("A &amp; B &lt;script&gt;") and snippet.endswith(" …")
    assert len(snippet) < 60 and "Wor …" not in snippet


def test_to_terminal() -> None:
    assert to_terminal("a <mark>b</mark> &amp; c", "[", "]") == "a [b] & c"


def test_marks_matches_far_into_a_long_text(tmp_path: Path) -> None:
    text = "Füllwort " * 6000 + "Die Haubitze & der <Panzer> rollt."  # match beyond 32K characters
    with SearchIndex.create(tmp_path / "ix") as index:
        index.add([make_doc("long", text)])
        snippet = index.search("Haubitze").hits[0].snippet
    assert "<mark>Haubitze</mark>" in snippet
    assert "&amp;" in snippet and "&lt;Panzer&gt;" in snippet


def test_title_only_match_falls_back_to_opening(tmp_path: Path) -> None:
    with SearchIndex.create(tmp_path / "ix") as index:
        index.add([make_doc("t", "Ganz anderer Inhalt hier.", title="Haubitze im Titel")])
        snippet = index.search("Haubitze").hits[0].snippet
    assert snippet == "Ganz anderer Inhalt hier."
