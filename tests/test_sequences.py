"""Position checks of phrases: ordered, each word 1..slop after the previous one."""

from __future__ import annotations

import pickle
from itertools import accumulate, pairwise

from hypothesis import given
from hypothesis import strategies as st
from whoosh.system import pack_uint

from searchidx.backends.whoosh.sequences import in_sequence, positions_of, rows_in_sequence


def test_adjacent_words() -> None:
    assert in_sequence([[3, 9], [10]], 1)
    assert not in_sequence([[3, 9], [11]], 1)
    assert not in_sequence([[10], [9]], 1)  # order matters


def test_slop_allows_gaps_up_to_it() -> None:
    assert in_sequence([[1], [4]], 3)
    assert not in_sequence([[1], [5]], 3)
    assert not in_sequence([[4], [4]], 3)  # the same position is no sequence


def test_longer_phrases_chain_through_every_word() -> None:
    assert in_sequence([[1, 20], [2, 21], [22]], 1)
    assert not in_sequence([[1], [2], [4]], 1)
    assert in_sequence([[5], [5, 6], [7]], 1)  # a repeated word


def test_positions_decode_whooshs_value() -> None:
    deltas = [2, 3, 10]
    value = pack_uint(len(deltas)) + pickle.dumps(deltas, 2)
    assert positions_of(value) == [2, 5, 15]
    assert positions_of(None) == []


@given(st.lists(st.integers(min_value=0, max_value=2**31 - 1), min_size=1, max_size=6))
def test_positions_read_off_the_bytes_equal_the_unpickled_ones(deltas: list[int]) -> None:
    value = pack_uint(len(deltas)) + pickle.dumps(deltas, 2)  # as Whoosh's Positions writes
    assert positions_of(value) == list(accumulate(deltas))


def test_one_position_of_one_and_two_bytes() -> None:
    for position in (0, 7, 255, 256, 4_000, 65_535, 65_536):
        value = pack_uint(1) + pickle.dumps([position], 2)
        assert positions_of(value) == [position]


def _value(positions: list[int]) -> bytes | None:
    ordered = sorted(set(positions))
    if not ordered:
        return None
    deltas = [ordered[0], *(after - before for before, after in pairwise(ordered))]
    return pack_uint(len(deltas)) + pickle.dumps(deltas, 2)  # as Whoosh's Positions writes


rows = st.lists(st.lists(st.integers(0, 40), max_size=6), min_size=1, max_size=12)


@given(st.lists(rows, min_size=2, max_size=3), st.integers(1, 3))
def test_many_rows_at_once_equal_one_row_at_a_time(words: list[list[list[int]]], slop: int) -> None:
    count = min(len(word) for word in words)
    values = [[_value(positions) for positions in word[:count]] for word in words]
    expected = [
        in_sequence([positions_of(word[row]) for word in values], slop) for row in range(count)
    ]
    assert rows_in_sequence(values, slop).tolist() == expected


def test_many_rows_find_matches_in_later_rows_only_within_each_row() -> None:
    values = [[_value([5]), _value([1, 9])], [_value([40]), _value([2, 6])]]
    assert rows_in_sequence(values, 1).tolist() == [False, True]
    # 5 in row 0 and 6 in row 1 would follow each other if rows were not kept apart
    assert rows_in_sequence([[_value([5]), None], [None, _value([6])]], 1).tolist() == [
        False,
        False,
    ]
