"""Close spellings and prefix expansions from runs of terms read a prefix at a time."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_doc
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzers import edit_distance
from searchidx import SearchIndex
from searchidx.backends.whoosh import vocabulary
from searchidx.backends.whoosh.vocabulary import (
    has_term,
    indexed_terms,
    terms_with_prefix,
    terms_within,
    within_edits,
)

pytestmark = pytest.mark.whoosh_only("our edit-distance scan over Whoosh's term readers")


def test_bounded_edit_distance_agrees_with_the_full_one() -> None:
    words = ["kursk", "kurks", "haubitze", "haubitse", "pjöngjang", "pjöngjan", "", "a", "xyz"]
    for first in words:
        for second in words:
            for maxdist in (0, 1, 2):
                expected = edit_distance(first, second) <= maxdist
                assert within_edits(first, second, maxdist) == expected


@settings(max_examples=400, deadline=None)
@given(st.text("abcä", max_size=8), st.text("abcä", max_size=8), st.integers(0, 3))
def test_banded_edit_distance_agrees_on_any_strings(first: str, second: str, maxdist: int) -> None:
    assert within_edits(first, second, maxdist) == (edit_distance(first, second) <= maxdist)


def test_prefix_terms_match_whoosh_on_a_real_index(tmp_path: Path) -> None:
    with SearchIndex.create(tmp_path / "ix") as index:
        index.add([make_doc("a", "Schoigu Shoigu Kursk Kurse")])
        index.add([make_doc("b", "Schoigu Kurskoffensive Sergej")])  # a second segment
        with index._backend.ix.searcher() as searcher:
            reader = searcher.reader()
            for field, prefix in [("phonetic", "84_"), ("text", "kurs"), ("text", "zz")]:
                theirs = [t.decode() for t in reader.expand_prefix(field, prefix)]
                assert terms_with_prefix(reader, field, prefix) == theirs


def test_terms_within_matches_whoosh_on_a_real_index(tmp_path: Path) -> None:
    with SearchIndex.create(tmp_path / "ix") as index:
        index.add([make_doc("a", "Kursk Kurs Kurse Kursker Korsika Haubitze")])
        index.add([make_doc("b", "Kurskoffensive bei Kursk, Kurt kurz")])  # a second segment
        with index._backend.ix.searcher() as searcher:
            reader = searcher.reader()
            for word, edits, prefix in [("kurks", 2, 2), ("kurs", 1, 1), ("haubits", 2, 2)]:
                ours = set(terms_within(reader, "text", word, edits, prefix))
                theirs = {
                    t.decode() if isinstance(t, bytes) else t
                    for t in reader.terms_within("text", word, edits, prefix=prefix)
                }
                assert ours == theirs
                assert ours  # the examples do have close spellings


def test_has_term_agrees_with_document_frequency_with_and_without_kept_runs(
    tmp_path: Path,
) -> None:
    with SearchIndex.create(tmp_path / "ix") as index:
        index.add([make_doc("a", "Kursk Kurse Haubitze")])
        index.add([make_doc("b", "Kurskoffensive bei Kursk")])  # a second segment
        index.delete(["a"])  # its terms stay in its segment until a merge
        with index._backend.ix.searcher() as searcher:
            reader = searcher.reader()
            words = ["kursk", "kurs", "haubitz", "offensiv", "nichts", ""]
            for kept in (False, True):
                vocabulary.clear()
                if kept:
                    for leaf, _ in reader.leaf_readers():
                        vocabulary.prefixed_terms(leaf, "text", "k")
                for word in words:
                    assert has_term(reader, "text", word) == (
                        reader.doc_frequency("text", word) > 0
                    ), (word, kept)


def test_runs_are_read_per_prefix_never_the_whole_vocabulary(tmp_path: Path) -> None:
    with SearchIndex.create(tmp_path / "ix") as index:
        index.add([make_doc("a", "Kursk Kurse Kurt Haubitze Zebra")])
        with index._backend.ix.searcher() as searcher:
            reader = searcher.reader()
            vocabulary.clear()
            assert list(terms_within(reader, "text", "kurks", 2, 2)) == ["kurs", "kursk", "kurt"]
            assert list(terms_within(reader, "text", "kurz", 1, 2)) == ["kurs", "kurt"]
            runs = {key[1:]: terms for key, terms in vocabulary._cache._items.items()}
            assert runs == {("text", "ku"): ["kurs", "kursk", "kurt"]}  # one run, read once


def test_an_empty_index_has_no_close_spellings(tmp_path: Path) -> None:
    with SearchIndex.create(tmp_path / "ix") as index, index._backend.ix.searcher() as searcher:
        assert list(terms_within(searcher.reader(), "text", "kursk", 2, 1)) == []


def test_indexed_terms_agree_with_whooshs_document_frequency(tmp_path: Path) -> None:
    with SearchIndex.create(tmp_path / "ix") as index:
        index.add([make_doc("a", "Der Händler hat angerufen.")])
        index.add([make_doc("b", "Sie wollten anrufen.")])  # a second segment
        with index._backend.ix.searcher() as searcher:
            reader = searcher.reader()
            asked = ["anruf", "anzuruf", "angeruf", "zz"]
            theirs = [term for term in asked if reader.doc_frequency("text", term)]
            assert indexed_terms(reader, "text", asked) == theirs == ["anruf", "angeruf"]
