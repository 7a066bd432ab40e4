"""Single positions read in bulk equal Whoosh's own decoding of its encoding."""

from __future__ import annotations

import pickle
from itertools import accumulate

from hypothesis import given
from hypothesis import strategies as st
from whoosh.system import pack_uint

from searchidx.backends.whoosh.single_positions import single_positions


def positions_of(value: bytes) -> list[int]:
    """Whoosh's own decoding: the count, then the pickled deltas."""
    return list(accumulate(pickle.loads(value[4:])))


def _encoded(deltas: list[int]) -> bytes:
    return pack_uint(len(deltas)) + pickle.dumps(deltas, 2)  # as Whoosh's Positions writes


values = st.one_of(
    st.none(),
    st.just(b""),
    st.lists(st.integers(0, 2**31 - 1), min_size=1, max_size=4).map(_encoded),
    st.integers(0, 70_000).map(lambda position: _encoded([position])),
    st.binary(max_size=16),  # any other bytes: never read as a position
)


@given(st.lists(values, max_size=30))
def test_every_value_read_here_is_what_positions_of_reads(found: list[bytes | None]) -> None:
    positions, single = single_positions(found)
    assert len(positions) == len(single) == len(found)
    for value, position, once in zip(found, positions.tolist(), single.tolist(), strict=True):
        if once:
            assert value is not None and positions_of(value) == [position]


@given(st.lists(st.integers(0, 65_535), max_size=30))
def test_one_position_under_65536_is_always_read_here(positions: list[int]) -> None:
    read, single = single_positions([_encoded([position]) for position in positions])
    assert single.all()
    assert read.tolist() == positions


def test_other_shapes_are_left_to_the_per_value_path() -> None:
    found = [None, b"", _encoded([3, 4]), _encoded([70_000]), _encoded([12])]
    positions, single = single_positions(found)
    assert single.tolist() == [False, False, False, False, True]
    assert positions[4] == 12
