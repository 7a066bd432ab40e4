"""Position checks of phrases: ordered, each word 1..slop after the previous one."""

from __future__ import annotations

import pickle
from itertools import accumulate

from hypothesis import given
from hypothesis import strategies as st
from whoosh.system import pack_uint

from searchidx.backends.whoosh.sequences import in_sequence, positions_of


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
