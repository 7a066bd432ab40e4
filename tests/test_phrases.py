"""Phrases stay exact although stopwords are not indexed."""

from __future__ import annotations

import pytest
from conftest import ids, make_doc
from parity import IndexFactory

from searchidx import SearchIndex


@pytest.fixture(scope="module")
def index(new_module_index: IndexFactory) -> SearchIndex:
    index = new_module_index()
    index.add(
        [
            make_doc("exact", "Nordkorea schickt Soldaten und Waffen zur Front."),
            make_doc("other_gap", "Soldaten brauchen dringend Waffen."),
            make_doc("longer_gap", "Soldaten und auch die Waffen"),
            make_doc("adjacent", "Soldaten Waffen"),
        ]
    )
    return index


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"Soldaten und Waffen"', {"exact"}),
        ('"Soldaten oder Waffen"', {"exact"}),  # same gap: stopwords are interchangeable
        ('"Soldaten Waffen"', {"adjacent"}),
        ('"schickt Soldaten und Waffen zur Front"', {"exact"}),
        ('"Soldaten Waffen"~3', {"exact", "other_gap", "adjacent"}),
        # As in Lucene: a stopword's slot may hold any one word.
        ('"Soldaten und dringend Waffen"', {"other_gap"}),
    ],
)
def test_phrase_gaps_are_exact(index: SearchIndex, query: str, expected: set[str]) -> None:
    assert set(ids(index.search(query))) == expected


def test_phrase_in_title_field(new_index: IndexFactory) -> None:
    with new_index() as index:
        index.add([make_doc("t", "nichts", title="Soldaten und Waffen zur Ukraine-Front")])
        assert ids(index.search('title:"Soldaten und Waffen"')) == ["t"]
        assert ids(index.search('"Ukraine Front"')) == ["t"]
