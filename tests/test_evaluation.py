"""The numpy evaluator against Whoosh's own matchers: same documents, same scores, same order.

Whoosh's collectors are the reference: every query here is run both ways on
real indexes (the seeds, and a small multi-segment index with replaced
documents, so deletions and segment offsets are exercised).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from conftest import make_doc
from test_segment_writer import write_index
from whoosh import query as wq
from whoosh.scoring import BM25F
from whoosh.writing import SegmentWriter

from analyzers.grams import query_grams
from searchidx import Filters, SearchIndex
from searchidx.backends.whoosh import postings, sequences
from searchidx.backends.whoosh.evaluation import Evaluator
from searchidx.backends.whoosh.postings import Postings
from searchidx.backends.whoosh.schema import GRAMS_FIELD
from searchidx.backends.whoosh.searching import SearchRun
from searchidx.backends.whoosh.segment_writer import FreshSegmentWriter
from searchidx.query.expansion import ReaderVocabulary
from searchidx.query.limits import bound_expansions
from searchidx.query.parsing import filter_parts, make_parser, parse_query

pytestmark = pytest.mark.whoosh_only("the numpy evaluator against Whoosh's own matchers")

QUERIES = (
    "Kursk",
    '"Region Kursk"',
    "Soldaten Nordkorea",
    "Putin OR Selenskyj",
    "Soldaten NOT Kursk",
    "Rakete",
    "Schoigu",
    '"Soldaten und Waffen"',
    "Nordkor*",
    "title:Kursk",
    "*",
    "Soldat type:comment",
    "date:2024-10",
    '"nordkoreanische Soldaten" OR Drohnen',
    # Under OR, compounds and hyphen chains add their parts (issue 12's ranking).
    "Kurzstreckenraketen OR Kursk-Offensive OR Haubitze",
    "Ukraine-Front OR Verteidigungsministertreffen",
    # Under AND, a phrase checks only documents the other clauses leave possible.
    "Kurzstreckenraketen Kursk",
    '"Region Kursk" Soldaten',
    'Nordkorea ("Drohne Panzer" OR Front) NOT Rakete',
    '"Region Kursk" AND "Drohne Panzer"',
)
WORDS = ("Kursk", "Front", "Soldaten", "Drohne", "Panzer", "Region", "Angriff", "Rakete")


def whoosh_scores(searcher: object, parsed: wq.Query) -> dict[int, float]:
    found = searcher.search(parsed, limit=None)  # type: ignore[attr-defined]
    return {hit.docnum: float(hit.score or 0.0) for hit in found}


def parsed_query(searcher: object, text: str) -> wq.Query:
    reader = searcher.reader()  # type: ignore[attr-defined]
    parser = make_parser(searcher.schema, ReaderVocabulary(reader))  # type: ignore[attr-defined]
    return bound_expansions(parse_query(parser, text), reader)


@pytest.fixture(scope="module")
def segmented_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three segments; the third replaces documents of the first two (deletions)."""
    path = tmp_path_factory.mktemp("segmented") / "index"
    with SearchIndex.create(path) as index:
        for batch in range(3):
            docs = []
            for number in range(12):
                doc_id = f"d{(batch * 7 + number) % 30:02d}"
                words = [WORDS[(number * (batch + 2) + k) % len(WORDS)] for k in range(6 + number)]
                docs.append(
                    make_doc(
                        doc_id,
                        " ".join(words),
                        source=("Quelle A", "Quelle B", "Quelle C")[number % 3],
                        type="comment" if number % 4 == 0 else "article",
                        date=datetime(2024, 1 + number % 12, 1 + batch) if number % 5 else None,
                        parent_id="d00" if number % 4 == 0 else None,
                    )
                )
            index.add(docs)
    return path


@pytest.fixture(params=["seeds", "segmented"])
def any_index(
    request: pytest.FixtureRequest, seed_index_path: Path, segmented_index: Path
) -> Iterator[SearchIndex]:
    path = seed_index_path if request.param == "seeds" else segmented_index
    with SearchIndex.open(path) as index:
        yield index


@pytest.mark.parametrize("text", QUERIES + WORDS + ("Kursk Front", '"Drohne Panzer"'))
def test_matches_and_scores_equal_whooshs(any_index: SearchIndex, text: str) -> None:
    with any_index._backend.ix.searcher() as searcher:
        parsed = parsed_query(searcher, text)
        expected = whoosh_scores(searcher, parsed)
        scored = Evaluator(searcher).scored(parsed)
        got = {int(d): float(scored.scores[d]) for d in np.flatnonzero(scored.mask)}
    assert got.keys() == expected.keys()
    for docnum, score in expected.items():
        assert got[docnum] == pytest.approx(score, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("text", ("Kursk Soldaten", "Rakete OR Drohne-Panzer"))
def test_scores_equal_whooshs_with_other_bm25_parameters(any_index: SearchIndex, text: str) -> None:
    weighting = BM25F(B=0.4, K1=2.0)
    with any_index._backend.ix.searcher(weighting=weighting) as searcher:
        parsed = parsed_query(searcher, text)
        expected = whoosh_scores(searcher, parsed)
        scored = Evaluator(searcher).scored(parsed)
        got = {int(d): float(scored.scores[d]) for d in np.flatnonzero(scored.mask)}
    assert expected and got.keys() == expected.keys()
    for docnum, score in expected.items():
        assert got[docnum] == pytest.approx(score, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("words", (["Kursk", "Soldaten"], ["Drohnen", "Panzerfront", "Ei"]))
def test_a_term_sum_equals_whooshs_scores_of_the_terms_or(
    any_index: SearchIndex, words: list[str]
) -> None:
    """The grams field's batched BM25F sum (searchidx.query.grams) against Whoosh's Or."""
    grams = query_grams(words)
    with any_index._backend.ix.searcher() as searcher:
        terms = [wq.Term(GRAMS_FIELD, gram) for gram in grams]
        expected = whoosh_scores(searcher, wq.Or(terms, boost=0.4))
        summed = Evaluator(searcher).term_sum(GRAMS_FIELD, grams, 0.4)
    assert expected and set(np.flatnonzero(summed).tolist()) == expected.keys()
    for docnum, score in expected.items():
        assert summed[docnum] == pytest.approx(score, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("text", ("Kursk", "Soldaten", "Drohne Panzer", "*", "Front"))
@pytest.mark.parametrize("sort", ("relevance", "date", "-date"))
def test_ranking_equals_whooshs_collectors(any_index: SearchIndex, text: str, sort: str) -> None:
    with any_index._backend.ix.searcher() as searcher:
        run = SearchRun(searcher, text, Filters())
        ours = [docnum for docnum, _ in run.ranked(sort, None)]
        sortedby = None if sort == "relevance" else "date"
        found = searcher.search(
            run.parsed, limit=None, sortedby=sortedby, reverse=sort.startswith("-")
        )
        assert ours == [hit.docnum for hit in found]
        top = [docnum for docnum, _ in run.ranked(sort, 3)]
    assert top == ours[:3]


@pytest.mark.parametrize(
    "filters",
    (
        Filters(sources=("Quelle A", "Quelle C")),
        Filters(types=("comment",)),
        Filters(since="2024-03", until="2024-06"),
        Filters(since="2024-05-02"),
        Filters(until="2024"),
        Filters(parent_id="d00"),
    ),
)
def test_filter_masks_equal_whooshs_documents(segmented_index: Path, filters: Filters) -> None:
    with SearchIndex.open(segmented_index) as index, index._backend.ix.searcher() as searcher:
        evaluator = Evaluator(searcher)
        for part in filter_parts(filters).values():
            expected = set(searcher.docs_for_query(part))
            assert set(np.flatnonzero(evaluator.mask(part)).tolist()) == expected


def test_deleted_documents_never_match(segmented_index: Path) -> None:
    with SearchIndex.open(segmented_index) as index, index._backend.ix.searcher() as searcher:
        reader = searcher.reader()
        deleted = {d for d in range(reader.doc_count_all()) if reader.is_deleted(d)}
        assert deleted, "the fixture should replace documents"
        scored = Evaluator(searcher).scored(wq.Every())
        assert not deleted & set(np.flatnonzero(scored.mask).tolist())
        assert int(scored.mask.sum()) == reader.doc_count() == 26  # ids d00..d25


def test_an_empty_index_matches_nothing(tmp_path: Path) -> None:
    with SearchIndex.create(tmp_path / "empty") as index, index._backend.ix.searcher() as searcher:
        scored = Evaluator(searcher).scored(wq.Term("text", "kursk"))
        assert scored.mask.shape == (0,)
        assert index.search("Kursk").total == 0


def test_a_phrase_under_and_checks_only_documents_the_other_clauses_allow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = ("Drohne Panzer Kursk", "Drohne Panzer Front", "Panzer Drohne Kursk", "Drohne Panzer")
    with SearchIndex.create(tmp_path / "ix") as index:
        index.add(make_doc(f"d{number}", text) for number, text in enumerate(texts))
    checked: list[int] = []
    original = sequences._rows_in_phrase

    def counting(lists: list[Postings], where: list[np.ndarray], slop: int) -> np.ndarray:
        checked.append(len(where[0]))
        return original(lists, where, slop)

    monkeypatch.setattr(sequences, "_rows_in_phrase", counting)
    phrase = wq.Phrase("text", ["drohn", "panz"])
    both = wq.And([phrase, wq.Term("text", "kursk")])
    with SearchIndex.open(tmp_path / "ix") as index, index._backend.ix.searcher() as searcher:
        alone = Evaluator(searcher).scored(phrase)
        assert checked == [4]  # every document holds both words
        checked.clear()
        scored = Evaluator(searcher).scored(both)
        expected = whoosh_scores(searcher, both)
    assert checked == [2]  # only those that also hold "Kursk"
    assert np.flatnonzero(alone.mask).tolist() == [0, 1, 3]
    assert np.flatnonzero(scored.mask).tolist() == sorted(expected) == [0]


PHRASES = (
    ["kursk", "front"],
    ["front", "soldat"],
    ["region", "kursk"],
    ["drohn", "region", "angriff"],
)


@pytest.mark.parametrize("writer", [SegmentWriter, FreshSegmentWriter], ids=["whoosh", "ours"])
def test_phrases_equal_whooshs_with_and_without_the_side_files_positions(
    tmp_path: Path, writer: type
) -> None:
    # Whoosh's writer leaves no side file: phrases read its posting values instead.
    ix = write_index(tmp_path / "ix", writer)
    with ix.searcher() as searcher:  # type: ignore[attr-defined]
        for words in PHRASES:
            for slop in (1, 3):
                phrase = wq.Phrase("text", words, slop=slop)
                postings.clear()
                scored = Evaluator(searcher).scored(phrase)
                got = {int(d): float(scored.scores[d]) for d in np.flatnonzero(scored.mask)}
                expected = whoosh_scores(searcher, phrase)
                assert got.keys() == expected.keys() and len(got) > 0, (words, slop)
                assert got == pytest.approx(expected)
        ((leaf, _),) = searcher.reader().leaf_readers()  # type: ignore[attr-defined]
        read = postings.segment_postings(leaf, "text", b"kursk")
        assert (read.positions is not None) == (writer is FreshSegmentWriter)
