"""Our normalisation gives exactly Whoosh's tree, without deep-copying the clauses."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from whoosh import query as wq

from searchidx import SearchIndex
from searchidx.query.expansion import ReaderVocabulary
from searchidx.query.normalizing import normalized
from searchidx.query.parsing import make_parser, parse_query

QUERIES = [
    "Kursk",
    "Kursk OR Putin OR Schoigu",
    "Kurskoffensive OR Kim-Jong-un OR Odessas",
    '"Region Kursk" OR Putin',
    "Kursk AND (Putin OR Selenskyj)",
    "(Kursk OR (Putin OR (Biden)))^2",
    "Kursk^3 OR Putin^0.5 OR Soldaten",
    "Kursk NOT Putin",
    "Kursk ANDMAYBE Putin",
    "Kurs* OR Putin",
    "title:Kursk OR text:Putin",
    "date:2024 OR date:2024-10 OR Kursk",  # ranges: merged by Whoosh's own code
    "date:[2024 TO] date:[TO 2025] Kursk",
    "title:* OR Kursk",
    "Soldaten und Waffen OR Raketen",
]


@pytest.mark.parametrize("text", QUERIES)
def test_the_tree_equals_whooshs_normalised_tree(seed_index_path: Path, text: str) -> None:
    with SearchIndex.open(seed_index_path) as index, index._backend.ix.searcher() as searcher:
        parser = make_parser(searcher.schema, ReaderVocabulary(searcher.reader()))
        raw = parser.parse(text, normalize=False)
        expected = copy.deepcopy(raw).normalize()
        got = normalized(raw)
        assert got == expected
        assert repr(got) == repr(expected)
        assert parse_query(parser, text) == parse_query(parser, text)


def test_merged_clauses_carry_the_boost_of_their_group_without_touching_the_original() -> None:
    inner = wq.Or([wq.Term("text", "a", boost=2.0), wq.Term("text", "b")], boost=0.5)
    tree = wq.Or([inner, wq.Term("text", "c")])
    got = normalized(tree)
    assert got == wq.Or(
        [wq.Term("text", "a", boost=1.0), wq.Term("text", "b", boost=0.5), wq.Term("text", "c")]
    )
    assert inner.subqueries[0].boost == 2.0 and inner.boost == 0.5  # the parse is unchanged
    assert got == copy.deepcopy(tree).normalize()


def test_groups_of_nothing_and_of_one() -> None:
    assert normalized(wq.Or([wq.NullQuery, wq.NullQuery])) is wq.NullQuery
    single = normalized(wq.And([wq.Term("text", "a", boost=2.0)], boost=3.0))
    assert single == wq.Term("text", "a", boost=6.0)
    assert isinstance(normalized(wq.Or([wq.Every(), wq.Term("text", "a")])), wq.Every)
