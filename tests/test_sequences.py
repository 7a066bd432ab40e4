"""Position checks of phrases: ordered, each word 1..slop after the previous one."""

from __future__ import annotations

import pickle

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
