"""Did you mean: corrections from the index's own vocabulary, only when needed.

A query that finds nothing gets one by default; a word that finds nothing in a
query that found something only when the caller asks (``suggest=True``).
"""

from __future__ import annotations

import pytest
from conftest import ARTICLES, ids, make_doc
from parity import IndexFactory

from searchidx import SearchIndex
from searchidx.features.suggest import MAX_WORDS


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [
        ("Kurks", "Kursk"),
        ("Pjöngjan", "Pjöngjang"),
        ("Region Kurks", "Region Kursk"),
        ('"Region Kurks"', '"Region Kursk"'),
    ],
)
def test_misspellings_get_the_spelling_of_the_documents(
    seed_index: SearchIndex, query: str, suggestion: str
) -> None:
    assert seed_index.search(query).total == 0
    assert seed_index.search(query).suggestion == suggestion


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [
        ("Putin OR Kurks", "Putin OR Kursk"),  # Putin's hits do not excuse the typo
        ("Selenskij", "Selenskyj"),  # found through the sound-alike, yet misspelled
    ],
)
def test_on_request_a_word_that_finds_nothing_is_corrected_in_a_query_with_hits(
    seed_index: SearchIndex, query: str, suggestion: str
) -> None:
    asked = seed_index.search(query, suggest=True)
    assert asked.total > 0 and asked.suggestion == suggestion


@pytest.mark.parametrize("query", ["Putin OR Kurks", "Selenskij"])
def test_a_query_with_hits_gets_no_suggestion_unless_asked(
    seed_index: SearchIndex, query: str
) -> None:
    results = seed_index.search(query)
    assert results.total > 0
    assert results.suggestion is None
    assert results.to_dict()["suggestion"] is None  # the JSON key stays


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
    assert seed_index.search(query, suggest=True).suggestion is None


def test_no_suggestion_without_a_close_indexed_word(seed_index: SearchIndex) -> None:
    assert seed_index.search("Xylophon").suggestion is None


def test_only_the_first_words_of_a_long_query_are_looked_at(seed_index: SearchIndex) -> None:
    others = ["Putin", *["Zzzqx"] * (MAX_WORDS - 1)]  # Zzzqx: nothing close in the index
    early = seed_index.search(" OR ".join(["Kurks", *others]), suggest=True)
    assert early.suggestion == " OR ".join(["Kursk", *others])
    late = seed_index.search(" OR ".join([*others, "Kurks"]), suggest=True)
    assert late.suggestion is None  # the eleventh word stays as typed


def test_field_values_are_not_corrected(seed_index: SearchIndex) -> None:
    assert seed_index.search('source:"Dayfr Deutsh" Kursk').suggestion is None


def test_suggestion_comes_from_this_index_only(new_index: IndexFactory) -> None:
    with new_index() as index:
        index.add([make_doc("a", "Die Haubitze steht.")])
        # Haubitse finds the Haubitze by its sound, so the correction is asked for
        assert index.search("Haubitse", suggest=True).suggestion == "Haubitze"
        assert index.search("Kurks", suggest=True).suggestion is None
