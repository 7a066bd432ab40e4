"""Position checks of phrases: ordered, each word 1..slop after the previous one."""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from itertools import accumulate, pairwise

from hypothesis import given
from hypothesis import strategies as st
from whoosh.system import pack_uint

from searchidx.backends.whoosh.sequences import rows_in_sequence


def _value(positions: list[int]) -> bytes | None:
    ordered = sorted(set(positions))
    if not ordered:
        return None
    deltas = [ordered[0], *(after - before for before, after in pairwise(ordered))]
    return pack_uint(len(deltas)) + pickle.dumps(deltas, 2)  # as Whoosh's Positions writes


def _positions(value: bytes | None) -> list[int]:
    """Whoosh's own decoding: the count, then the pickled deltas."""
    return list(accumulate(pickle.loads(value[4:]))) if value else []


def _in_sequence(positions: Sequence[Sequence[int]], slop: int) -> bool:
    """The definition, one row at a time: the reachable positions, word by word."""
    reachable = set(positions[0])
    for following in positions[1:]:
        reachable = {
            p for p in following if any(p - gap in reachable for gap in range(1, slop + 1))
        }
    return bool(reachable)


def _one_row(positions: list[list[int]], slop: int) -> bool:
    return bool(rows_in_sequence([[_value(word)] for word in positions], slop)[0])


def test_adjacent_words() -> None:
    assert _one_row([[3, 9], [10]], 1)
    assert not _one_row([[3, 9], [11]], 1)
    assert not _one_row([[10], [9]], 1)  # order matters


def test_slop_allows_gaps_up_to_it() -> None:
    assert _one_row([[1], [4]], 3)
    assert not _one_row([[1], [5]], 3)
    assert not _one_row([[4], [4]], 3)  # the same position is no sequence


def test_longer_phrases_chain_through_every_word() -> None:
    assert _one_row([[1, 20], [2, 21], [22]], 1)
    assert not _one_row([[1], [2], [4]], 1)
    assert _one_row([[5], [5, 6], [7]], 1)  # a repeated word


def test_a_word_without_positions_matches_nothing() -> None:
    assert not rows_in_sequence([[None], [_value([1])]], 1)[0]


rows = st.lists(st.lists(st.integers(0, 40), max_size=6), min_size=1, max_size=12)


@given(st.lists(rows, min_size=2, max_size=3), st.integers(1, 3))
def test_many_rows_at_once_equal_one_row_at_a_time(words: list[list[list[int]]], slop: int) -> None:
    count = min(len(word) for word in words)
    values = [[_value(positions) for positions in word[:count]] for word in words]
    expected = [
        _in_sequence([_positions(word[row]) for word in values], slop) for row in range(count)
    ]
    assert rows_in_sequence(values, slop).tolist() == expected


@given(st.lists(st.integers(min_value=0, max_value=2**31 - 1), min_size=1, max_size=6))
def test_large_positions_stay_in_their_row(positions: list[int]) -> None:
    value = _value(positions)
    shifted = _value([position + 1 for position in positions if position < 2**31 - 1])
    assert rows_in_sequence([[value], [shifted]], 1).tolist() == [shifted is not None]


def test_many_rows_find_matches_in_later_rows_only_within_each_row() -> None:
    values = [[_value([5]), _value([1, 9])], [_value([40]), _value([2, 6])]]
    assert rows_in_sequence(values, 1).tolist() == [False, True]
    # 5 in row 0 and 6 in row 1 would follow each other if rows were not kept apart
    assert rows_in_sequence([[_value([5]), None], [None, _value([6])]], 1).tolist() == [
        False,
        False,
    ]
