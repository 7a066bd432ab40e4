"""Did you mean: corrections from the index's own vocabulary, only when needed."""

from __future__ import annotations

import pytest
from conftest import ARTICLES, ids, make_doc
from parity import IndexFactory

from searchidx import SearchIndex


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [
        ("Kurks", "Kursk"),
        ("Pjöngjan", "Pjöngjang"),
        ("Selenskij", "Selenskyj"),
        ("Region Kurks", "Region Kursk"),
        ("Putin OR Kurks", "Putin OR Kursk"),  # Putin's hits do not excuse the typo
        ('"Region Kurks"', '"Region Kursk"'),
    ],
)
def test_misspellings_get_the_spelling_of_the_documents(
    seed_index: SearchIndex, query: str, suggestion: str
) -> None:
    assert seed_index.search(query).suggestion == suggestion


def test_the_suggested_query_finds_what_was_meant(seed_index: SearchIndex) -> None:
    suggestion = seed_index.search("Kurks").suggestion
    assert suggestion is not None
    assert set(ids(seed_index.search(suggestion))) == {ARTICLES["001"], ARTICLES["004"]}


@pytest.mark.parametrize(
    "query",
    ["Kursk", "Raketen", "Kurskoffensive", "Putin OR Kursk", "source:unbekannt Kursk", "Kur*"],
)
def test_no_suggestion_when_the_words_find_something(seed_index: SearchIndex, query: str) -> None:
    assert seed_index.search(query).suggestion is None


def test_no_suggestion_without_a_close_indexed_word(seed_index: SearchIndex) -> None:
    assert seed_index.search("Xylophon").suggestion is None


def test_field_values_are_not_corrected(seed_index: SearchIndex) -> None:
    assert seed_index.search('source:"Dayfr Deutsh" Kursk').suggestion is None


def test_suggestion_comes_from_this_index_only(new_index: IndexFactory) -> None:
    with new_index() as index:
        index.add([make_doc("a", "Die Haubitze steht.")])
        assert index.search("Haubitse").suggestion == "Haubitze"
        assert index.search("Kurks").suggestion is None
