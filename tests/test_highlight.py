"""Snippets: <mark> around matches, escaping, long texts, terminal rendering."""

from __future__ import annotations

import re

import pytest
from conftest import ARTICLES, make_doc
from parity import IndexFactory

from searchidx import SearchIndex
from searchidx.features import highlight
from searchidx.features.highlight import leading_snippet, to_terminal


def test_leading_snippet_cuts_at_words_and_escapes() -> None:
    text = "A & B <script> " + "Wort " * 100
    snippet = leading_snippet(text, maxchars=40)
    assert snippet.startswith("A &amp; B &lt;script&gt;") and snippet.endswith(" …")
    assert len(snippet) < 60 and "Wor …" not in snippet


def test_snippets_escape_quotes_so_they_are_safe_in_attributes(new_index: IndexFactory) -> None:
    text = "Er sagte \"Haubitze\" und 'Panzer' <b> onmouseover=\"alert(1)\" x='y'"
    assert leading_snippet(text) == (
        "Er sagte &quot;Haubitze&quot; und &#x27;Panzer&#x27; &lt;b&gt; "
        "onmouseover=&quot;alert(1)&quot; x=&#x27;y&#x27;"
    )
    with new_index() as index:
        index.add([make_doc("q", text), make_doc("r", '"Haubitze"')])
        snippets = {hit.id: hit.snippet for hit in index.search("Haubitze").hits}
        grouped = index.search("Haubitze", group="article").hits[0].snippet
    for snippet in [*snippets.values(), grouped]:
        assert "<mark>Haubitze</mark>" in snippet
        assert '"' not in snippet and "'" not in snippet and "<b>" not in snippet
    assert to_terminal(snippets["q"], "[", "]").startswith("Er sagte \"[Haubitze]\" und 'Panzer'")


def test_to_terminal() -> None:
    assert to_terminal("a <mark>b</mark> &amp; c", "[", "]") == "a [b] & c"


def test_marks_matches_far_into_a_long_text(new_index: IndexFactory) -> None:
    text = "Füllwort " * 6000 + "Die Haubitze & der <Panzer> rollt."  # match beyond 32K characters
    with new_index() as index:
        index.add([make_doc("long", text)])
        snippet = index.search("Haubitze").hits[0].snippet
    assert "<mark>Haubitze</mark>" in snippet
    assert "&amp;" in snippet and "&lt;Panzer&gt;" in snippet


def test_title_only_match_falls_back_to_opening(new_index: IndexFactory) -> None:
    with new_index() as index:
        index.add([make_doc("t", "Ganz anderer Inhalt hier.", title="Haubitze im Titel")])
        snippet = index.search("Haubitze").hits[0].snippet
    assert snippet == "Ganz anderer Inhalt hier."


def test_compound_part_is_marked_not_the_whole_word(seed_index: SearchIndex) -> None:
    hit = next(h for h in seed_index.search("Rakete").hits if h.id == ARTICLES["000"])
    assert "Kurzstrecken<mark>raketen</mark>" in hit.snippet
    assert "<mark>Raketen</mark>werfer" in hit.snippet
    assert "<mark>Kurzstreckenraketen</mark>" not in hit.snippet


def test_phrase_marks_the_phrase_and_not_lone_words(new_index: IndexFactory) -> None:
    text = "Die Region liegt weit. In Kursk schneit es. Dann kam die Region Kursk ins Spiel."
    with new_index() as index:
        index.add([make_doc("a", text)])
        phrase = index.search('"Region Kursk"').hits[0].snippet
        words = index.search("Region Kursk").hits[0].snippet
    assert phrase.count("<mark>") == 1 and "<mark>Region Kursk</mark>" in phrase
    assert words.count("<mark>") == 3  # Region, Kursk, and the adjacent pair as one mark


def test_negated_words_are_not_marked(new_index: IndexFactory) -> None:
    with new_index() as index:
        index.add([make_doc("a", "Haubitzen rollen, Panzer stehen.")])
        snippet = index.search("Haubitze NOT Rakete").hits[0].snippet
        assert snippet == "<mark>Haubitzen</mark> rollen, Panzer stehen."
        snippet = index.search("Haubitze AND NOT Panzer").hits
    assert snippet == ()


def test_sound_alike_names_are_marked(new_index: IndexFactory) -> None:
    with new_index() as index:
        index.add([make_doc("a", "Minister Shoigu reiste ab.")])
        snippet = index.search("Schoigu").hits[0].snippet
    assert snippet == "Minister <mark>Shoigu</mark> reiste ab."


def test_passages_are_never_shown_twice(seed_index: SearchIndex) -> None:
    for hit in seed_index.search("Rakete").hits:
        passages = hit.snippet.split(" … ")
        assert len(passages) == len(set(passages)), hit.snippet


@pytest.mark.whoosh_only("snippets from Whoosh's stored positions; Solr always re-analyses")
@pytest.mark.parametrize(
    "query",
    [
        "Kursk",
        '"Region Kursk"',
        "Rakete",
        "Schoigu",
        "Schoigu OR Putin",  # most Putin hits hold no Shoigu sound: no sound pass for them
        "Soldaten NOT Kursk",
        "Nordkor*",
        "Kannst OR Putin",  # kann: a stop word in most texts, the stem of Kannst
        '"kannst gern" OR Putin',
    ],
)
def test_snippets_from_index_positions_equal_full_analysis(
    whoosh_seed_index: SearchIndex, query: str
) -> None:
    from searchidx import Filters
    from searchidx.backends.whoosh.searching import SearchRun

    with whoosh_seed_index._backend.ix.searcher() as searcher:
        run = SearchRun(searcher, query, Filters())
        ranked = run.ranked("relevance", None)
        assert ranked
        for docnum, _ in ranked:
            text = run.document(docnum).text
            assert run.snippet(text, docnum) == run.snippet(text)


@pytest.mark.parametrize(
    ("marker", "safe"),
    [
        ("[[", True),
        ("**", True),
        ("", True),
        ("<mark>", True),
        ('<span class="treffer x-1">', True),
        ("</strong>", True),
        ("<script>", False),
        ('<em style="x">', False),
        ("<em >", False),
        ("a & b", False),
        ("'", False),
        ("»\n", False),
        ("»" * 33, False),
    ],
)
def test_safe_markers_cannot_open_markup_beyond_one_plain_tag(marker: str, safe: bool) -> None:
    assert highlight.safe_marker(marker) is safe
    # The OpenAPI pattern says the same, save the length (maxLength there).
    pattern_ok = re.fullmatch(highlight.MARKER_PATTERN, marker) is not None
    assert pattern_ok is (safe or len(marker) > highlight.MAX_MARKER_CHARS)


def test_remark_swaps_only_the_real_marks_and_keeps_escaping() -> None:
    marked = "&lt;mark&gt; sagt <mark>Putin</mark> &amp; <mark>Kursk</mark>"
    assert highlight.remark(marked, "[", "]") == "&lt;mark&gt; sagt [Putin] &amp; [Kursk]"
