"""Posting arrays read from Whoosh's blocks equal what Whoosh's own matcher walks."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import whoosh_postings

from searchidx import SearchIndex
from searchidx.backends.whoosh import postings

pytestmark = pytest.mark.whoosh_only("Whoosh posting formats")


@pytest.mark.parametrize("field", ["text", "title", "phonetic", "source"])
def test_every_term_reads_as_whoosh_reads_it(seed_index_path: Path, field: str) -> None:
    postings.clear()
    with SearchIndex.open(seed_index_path) as index, index._backend.ix.searcher() as searcher:
        for leaf, _ in searcher.reader().leaf_readers():
            terms = list(leaf.lexicon(field))
            assert terms
            for btext in terms:
                expected = whoosh_postings(leaf, field, btext)
                got = postings.segment_postings(leaf, field, btext)
                assert got.ids.tolist() == [docnum for docnum, _, _ in expected]
                assert got.weights.tolist() == pytest.approx([w for _, w, _ in expected])
                if field in ("text", "title"):
                    for at, (docnum, _, positions) in enumerate(expected):
                        local = postings.positions_in(leaf, field, [btext.decode()], docnum)
                        assert local == set(positions), (btext, at)


def test_held_by_names_the_terms_a_document_holds(seed_index_path: Path) -> None:
    with SearchIndex.open(seed_index_path) as index, index._backend.ix.searcher() as searcher:
        for leaf, _ in searcher.reader().leaf_readers():
            keys = [btext.decode() for btext in leaf.lexicon("phonetic")]
            holders = {
                key: {d for d, _, _ in whoosh_postings(leaf, "phonetic", key.encode())}
                for key in keys
            }
            for docnum in range(leaf.doc_count_all()):
                expected = {key for key in keys if docnum in holders[key]}
                assert postings.held_by(leaf, "phonetic", [*keys, "0_nix"], docnum) == expected


def test_known_terms_answer_as_the_reader_does(seed_index_path: Path) -> None:
    with SearchIndex.open(seed_index_path) as index, index._backend.ix.searcher() as searcher:
        reader = searcher.reader()
        known = postings.KnownTerms(reader)
        for field in ("text", "title", "phonetic", "words"):
            for btext in [*reader.lexicon(field), b"quetzalcoatl", b"84_nix"]:
                assert ((field, btext) in known) == ((field, btext) in reader)
        assert ("nofield", b"kursk") not in known
        assert known.doc_count_all() == reader.doc_count_all()  # the rest is the reader's


def test_an_unknown_term_has_no_postings(seed_index_path: Path) -> None:
    with SearchIndex.open(seed_index_path) as index, index._backend.ix.searcher() as searcher:
        leaf = searcher.reader().leaf_readers()[0][0]
        found = postings.segment_postings(leaf, "text", b"quetzalcoatl")
        assert len(found.ids) == 0
        assert postings.positions_in(leaf, "text", ["quetzalcoatl"], 0) == set()


def test_the_cache_stays_within_its_bound(
    seed_index_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    postings.clear()
    monkeypatch.setattr(postings, "CACHE_POSTINGS", 50)
    with SearchIndex.open(seed_index_path) as index, index._backend.ix.searcher() as searcher:
        leaf = searcher.reader().leaf_readers()[0][0]
        for btext in list(leaf.lexicon("text"))[:200]:
            postings.segment_postings(leaf, "text", btext)
        assert postings._cache.total_weight() <= 50 + 25
    postings.clear()
