"""TermPool: terms given as str or as bytes come back as Whoosh's bytes, in its order."""

from __future__ import annotations

from searchidx.backends.whoosh.formats import count_value
from searchidx.backends.whoosh.schema import GRAMS_FIELD, build_schema
from searchidx.backends.whoosh.term_writer import TermPool


def test_bytes_terms_come_back_unchanged_in_byte_order() -> None:
    pool = TermPool()
    terms = [b"\xff\x00date", b"zeta", b"\xc3\xa4rger", b"\x80", b"alpha"]
    for docnum, term in enumerate(terms):
        pool.add(("date", term, docnum, 1.0, None))
    written = [btext for _, btext, _ in pool.sorted_terms()]
    assert written == sorted(terms)


def test_a_term_pooled_as_str_and_as_bytes_is_one_term() -> None:
    pool = TermPool()
    grams = build_schema()[GRAMS_FIELD]
    assert pool.add_field(GRAMS_FIELD, grams, "Kursk Kursk", 0, 1.0) == 6
    pool.add((GRAMS_FIELD, b"kursk", 1, 1.0, count_value(1)))
    found = {btext: postings for _, btext, postings in pool.sorted_terms()}
    assert list(found) == [b"_kurs", b"kursk", b"ursk_"]
    docnums, weights, values = found[b"kursk"]
    assert (list(docnums), list(weights), values) == (
        [0, 1],
        [2.0, 1.0],
        [count_value(2), count_value(1)],
    )
    assert pool.fieldnames == {GRAMS_FIELD}


def test_postings_of_a_term_fed_in_a_row_stay_with_their_field() -> None:
    pool = TermPool()
    shared = b"kursk"
    for docnum in range(3):
        pool.add(("text", shared, docnum, 1.0, None))
    pool.add(("title", shared, 0, 2.0, None))
    found = {(f, b): list(p[0]) for f, b, p in pool.sorted_terms()}
    assert found == {("text", b"kursk"): [0, 1, 2], ("title", b"kursk"): [0]}
