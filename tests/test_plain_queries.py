"""Plain word queries are built as exactly the tree Whoosh's parser builds for them."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from searchidx import SearchIndex
from searchidx.query.expansion import ReaderVocabulary
from searchidx.query.parsing import make_parser
from searchidx.query.plain import plain_query, plain_words

PLAIN = [
    "Kursk",
    "Kursk OR Putin",
    "Kursk OR Putin OR Schoigu OR Selenskij",
    "Kurskoffensive OR Kim-Jong-un OR Odessas",
    "die OR Region OR und OR Kursk",  # stop words: groups with nothing in them
    "und",
    "Die OR der",
    "2024 OR Soldaten OR 3000",
    "Bevölkerung OR Größe OR Pjöngjang",
    "Kurks OR Putin",  # an unknown word: its close variants
    "Raketenwerfer OR Haubitzen",
    "kursk OR and OR not OR putin",  # operators are upper case only
]
NOT_PLAIN = [
    "Kursk Putin",  # AND
    "Kursk OR",
    "OR Kursk",
    "Kursk AND Putin",
    "Kursk OR NOT Putin",
    "Kursk OR AND",
    '"Region Kursk"',
    "title:Kursk",
    "Kur*",
    "Kursk^2",
    "Kursk~",
    "(Kursk OR Putin)",
    " Kursk",
    "Kursk  OR Putin",
    "12.000",
    "-Kursk",
]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_words_build_the_parsers_tree(seed_index_path: Path, text: str) -> None:
    with SearchIndex.open(seed_index_path) as index, index._backend.ix.searcher() as searcher:
        vocabulary = ReaderVocabulary(searcher.reader())
        theirs = make_parser(searcher.schema, vocabulary)
        ours = make_parser(searcher.schema, vocabulary)
        words = plain_words(text)
        assert words is not None
        expected = theirs.parse(text, normalize=False)
        got = plain_query(ours, words)
        # repr, not ==: Whoosh's __eq__ calls an empty group unequal to itself
        assert repr(got) == repr(expected)
        assert repr(got.normalize()) == repr(copy.deepcopy(expected).normalize())
        assert list(ours.alternatives) == list(theirs.alternatives)
        assert ours.alternatives == theirs.alternatives  # what the coordination factor reads


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_anything_with_syntax_goes_to_the_parser(text: str) -> None:
    assert plain_words(text) is None


def test_a_query_of_operators_is_no_plain_query() -> None:
    assert plain_words("AND") is None
    assert plain_words("Kursk OR TO") is None
    assert plain_words("kursk OR and") == ["kursk", "and"]  # lowercase: words
