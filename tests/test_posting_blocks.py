"""Posting blocks decoded ids and weights first, values on first read, as Whoosh reads them."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest
from conftest import whoosh_postings

from searchidx import Document, SearchIndex
from searchidx.backends.whoosh import postings
from searchidx.backends.whoosh.posting_blocks import (
    BlockValues,
    LazyValues,
    ids_and_weights,
    values_at,
)

pytestmark = pytest.mark.whoosh_only("Whoosh posting formats")

# Documents per word: three full blocks and a rest of 44, one full block and a
# rest of 2 (a last block whose values tuple has no MARK), and one posting.
SPREAD = {"Raketen": 428, "Grenze": 130, "Einzelstück": 1}


def _documents() -> list[Document]:
    docs = []
    for number in range(max(SPREAD.values())):
        words = [word for word, count in SPREAD.items() if number < count]
        repeats = " ".join(["Raketen"] * (number % 4))  # varying weights and positions
        text = f"Bericht {number}: {' '.join(words)} am Morgen. {repeats} Ende."
        title = "Grenze" if number % 3 == 0 else "Meldung"
        docs.append(Document(f"d{number}", "article", text, title=title))
    return docs


@pytest.fixture(scope="module")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("blocks") / "index"
    with SearchIndex.create(path) as index:
        index.add(_documents())
    return path


@pytest.mark.parametrize("field", ["text", "title", "words", "phonetic"])
def test_multi_block_postings_read_as_whoosh_reads_them(index_path: Path, field: str) -> None:
    postings.clear()
    with SearchIndex.open(index_path) as index, index._backend.ix.searcher() as searcher:
        for leaf, _ in searcher.reader().leaf_readers():
            for btext in list(leaf.lexicon(field)):
                expected = whoosh_postings(leaf, field, btext)
                got = postings.segment_postings(leaf, field, btext)
                assert got.ids.tolist() == [docnum for docnum, _, _ in expected]
                assert got.weights.tolist() == pytest.approx([w for _, w, _ in expected])
                assert len(got.values) == len(expected)
                if field in ("text", "title"):
                    for docnum, _, positions in expected:
                        held = postings.positions_in(leaf, field, [btext.decode()], docnum)
                        assert held == set(positions), (btext, docnum)


@pytest.mark.parametrize("side_file", [True, False])
def test_values_stay_in_their_blocks_until_read(
    index_path: Path, monkeypatch: pytest.MonkeyPatch, side_file: bool
) -> None:
    postings.clear()
    if not side_file:  # as for a segment Whoosh's own writer wrote
        monkeypatch.setattr(postings, "raw_table", lambda leaf: None)
    with SearchIndex.open(index_path) as index, index._backend.ix.searcher() as searcher:
        leaf = searcher.reader().leaf_readers()[0][0]
        btext = max(leaf.lexicon("text"), key=lambda term: leaf.doc_frequency("text", term))
        found = postings.segment_postings(leaf, "text", btext)
        assert len(found.ids) >= SPREAD["Raketen"]
        values = found.values
        if side_file:
            assert isinstance(values, LazyValues)
            assert values._found is None  # not even the blocks' places read yet
            blocks = values.located()
        else:
            assert isinstance(values, BlockValues)
            blocks = values
        assert blocks._known == {}  # no block had to be unpickled whole
        assert values[300] is not None
        assert sorted(blocks._known) == [2]
        with pytest.raises(IndexError):
            values[len(found.ids)]


def test_values_taken_at_many_postings_equal_those_read_one_by_one(index_path: Path) -> None:
    postings.clear()
    with SearchIndex.open(index_path) as index, index._backend.ix.searcher() as searcher:
        leaf = searcher.reader().leaf_readers()[0][0]
        btext = max(leaf.lexicon("text"), key=lambda term: leaf.doc_frequency("text", term))
        values = postings.segment_postings(leaf, "text", btext).values
        ats = np.array([0, 300, 5, 127, 128, len(values) - 1, 300], dtype=np.int64)
        taken = values_at(values, ats)
        postings.clear()
        fresh = postings.segment_postings(leaf, "text", btext).values
        assert taken == [fresh[int(at)] for at in ats]
        assert values_at(list(taken), np.array([1, 0])) == [taken[1], taken[0]]
        with pytest.raises(IndexError):
            values_at(values, np.array([len(values)]))


def _block(ids: tuple[int, ...], weights: object, values: object) -> bytes:
    return pickle.dumps((ids, weights, values), 2)  # as Whoosh 3 writes a block


@pytest.mark.parametrize("size", [1, 2, 3, 4, 128])
@pytest.mark.parametrize("weights", ["none", "one", "each"])
def test_ids_and_weights_without_values(size: int, weights: str) -> None:
    ids = tuple(range(1, size + 1))
    given = {"none": None, "one": 2.0, "each": tuple(float(n) + 0.5 for n in range(size))}
    values = tuple(b"\x00\x00\x00\x01" + pickle.dumps((n,), 2) for n in range(size))
    found = ids_and_weights(_block(ids, given[weights], values), size)
    assert found == (ids, given[weights])


def test_blocks_without_encoded_values_are_left_to_the_whole_pickle() -> None:
    assert ids_and_weights(_block((1, 2), None, None), 2) is None
    joined = _block((1, 2), (1.0, 2.0), b"ab")  # a fixed-size format joins its values
    assert ids_and_weights(joined, 2) == ((1, 2), (1.0, 2.0))


def test_postings_read_for_a_phrase_have_every_block_unpickled(
    index_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a segment without a side file (one read from it locates blocks lazily anyway)."""
    postings.clear()
    monkeypatch.setattr(postings, "raw_table", lambda leaf: None)
    with SearchIndex.open(index_path) as index, index._backend.ix.searcher() as searcher:
        leaf = searcher.reader().leaf_readers()[0][0]
        btext = max(leaf.lexicon("text"), key=lambda term: leaf.doc_frequency("text", term))
        eager = postings.segment_postings(leaf, "text", btext, values=True)
        assert isinstance(eager.values, BlockValues)
        assert len(eager.values._known) == len(eager.values._blocks) > 2
        postings.clear()
        lazy = postings.segment_postings(leaf, "text", btext)
        assert eager.ids.tolist() == lazy.ids.tolist()
        assert eager.weights.tolist() == lazy.weights.tolist()
        assert [eager.values[at] for at in range(len(eager.ids))] == [
            lazy.values[at] for at in range(len(lazy.ids))
        ]
