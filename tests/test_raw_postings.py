"""The side file of ids, weights and positions answers as Whoosh's posting blocks do."""

from __future__ import annotations

import gc
from array import array
from pathlib import Path

import numpy as np
import pytest
from conftest import whoosh_postings
from test_segment_writer import documents, merged_index, write_index
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.formats import Positions
from whoosh.writing import SegmentWriter

from searchidx.backends.whoosh import postings, raw_postings
from searchidx.backends.whoosh.indexing import document_fields
from searchidx.backends.whoosh.mapped import MappedStorage
from searchidx.backends.whoosh.posting_blocks import LazyValues, values_at
from searchidx.backends.whoosh.raw_positions import FlatPositions
from searchidx.backends.whoosh.raw_postings import (
    RawPostingsWriter,
    RawTable,
    live_table,
    raw_table,
)
from searchidx.backends.whoosh.segment_writer import BatchSegmentWriter, FreshSegmentWriter

pytestmark = pytest.mark.whoosh_only("Whoosh segment files")

FIELDS = ("text", "title", "words", "phonetic", "grams", "source", "id")


def leaves(folder: Path) -> list[object]:
    reader = MappedStorage(folder).open_index("MAIN").reader()
    return [leaf for leaf, _ in reader.leaf_readers()]


def assert_reads_as_whoosh(leaf: object) -> int:
    """Every term of every field: side-file arrays and values equal Whoosh's matcher."""
    table = raw_table(leaf)
    assert table is not None
    checked = 0
    for field in FIELDS:
        for btext in leaf.lexicon(field):  # type: ignore[attr-defined]
            expected = whoosh_postings(leaf, field, btext)
            found = table.find(field, btext)
            assert found is not None, (field, btext)
            ids, weights = found.ids, found.weights
            assert ids.tolist() == [docnum for docnum, _, _ in expected]
            assert weights.tolist() == [weight for _, weight, _ in expected]
            postings.clear()
            read = postings.segment_postings(leaf, field, btext)
            assert isinstance(read.values, LazyValues)
            positions = [positions for _, _, positions in expected]
            if field in ("text", "title"):
                decode = leaf.schema[field].format.decode_positions  # type: ignore[attr-defined]
                got = values_at(read.values, ids.argsort())
                assert [decode(value) for value in got] == positions
                assert found.positions is not None
                assert flat_positions(found.positions, len(ids)) == positions
            else:
                assert found.positions is None
            checked += 1
    return checked


@pytest.mark.parametrize("compound", [True, False])
def test_a_fresh_segment_reads_as_whoosh_reads_it(tmp_path: Path, compound: bool) -> None:
    write_index(tmp_path / "ix", FreshSegmentWriter, compound=compound)
    (leaf,) = leaves(tmp_path / "ix")
    assert assert_reads_as_whoosh(leaf) > 1000
    assert raw_table(leaf).find("text", b"quetzalcoatl") is None  # type: ignore[union-attr]


def test_a_merged_segment_reads_as_whoosh_reads_it(tmp_path: Path) -> None:
    merged_index(tmp_path / "ix", BatchSegmentWriter)  # a deleted document dropped on the way
    (leaf,) = leaves(tmp_path / "ix")
    assert assert_reads_as_whoosh(leaf) > 1000


def test_segments_whoosh_wrote_have_no_side_file_and_read_as_before(tmp_path: Path) -> None:
    write_index(tmp_path / "ix", SegmentWriter)
    (leaf,) = leaves(tmp_path / "ix")
    assert raw_table(leaf) is None
    postings.clear()
    read = postings.segment_postings(leaf, "text", b"kursk")
    assert not isinstance(read.values, LazyValues)
    assert read.ids.tolist() == [d for d, _, _ in whoosh_postings(leaf, "text", b"kursk")]


def test_keys_that_share_a_crc_are_told_apart_by_their_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(raw_postings.zlib, "crc32", lambda key: 7)
    table = table_of(
        tmp_path,
        {("text", b"a"): ([0, 5], [1.0, 1.0]), ("text", b"b"): ([3], [2.0])},
    )
    assert found_lists(table, "text", b"b") == ([3], [2.0])
    assert found_lists(table, "text", b"a") == ([0, 5], [1.0, 1.0])
    assert table.find("text", b"c") is None
    assert table.find("title", b"a") is None


@pytest.mark.parametrize(
    "weights",
    [[1.0, 1.0, 1.0], [2.0, 255.0, 0.0], [0.5, 1.0, 3.0], [256.0, 1.0, 2.0], [1e-3, 1e9, 7.25]],
)
def test_weights_come_back_exactly_however_they_are_stored(
    tmp_path: Path, weights: list[float]
) -> None:
    table = table_of(tmp_path, {("text", b"word"): ([1, 2, 70000], weights)})
    assert found_lists(table, "text", b"word") == ([1, 2, 70000], array("f", weights).tolist())


@pytest.mark.parametrize(
    "ids",
    [[0], [4_000_000], [3, 4, 258], [1, 300, 70_000], [5, 70_006, 70_007], [0, 2**31 - 1]],
)
def test_ids_come_back_however_wide_their_gaps(tmp_path: Path, ids: list[int]) -> None:
    weights = [1.0] * len(ids)
    table = table_of(tmp_path, {("text", b"word"): (ids, weights), ("text", b"x"): ([9], [2.0])})
    assert found_lists(table, "text", b"word") == (ids, weights)
    assert found_lists(table, "text", b"x") == ([9], [2.0])


def test_the_side_file_goes_into_the_compound_segment(tmp_path: Path) -> None:
    write_index(tmp_path / "ix", BatchSegmentWriter, compound=True)
    files = [path.name for path in (tmp_path / "ix").iterdir()]
    assert not any(name.endswith(raw_postings.RAW_EXT) for name in files)
    (leaf,) = leaves(tmp_path / "ix")
    assert raw_table(leaf) is not None


def test_a_batch_commit_on_an_index_whoosh_wrote_adds_a_readable_segment(tmp_path: Path) -> None:
    write_index(tmp_path / "ix", SegmentWriter)
    ix = whoosh_index.open_dir(str(tmp_path / "ix"))
    writer = BatchSegmentWriter(ix, _lk=False)
    for doc in documents()[:20]:
        writer.add_document(**document_fields(doc))
    writer.commit(merge=False)
    tables = [raw_table(leaf) for leaf in leaves(tmp_path / "ix")]
    assert sorted(table is None for table in tables) == [False, True]


def test_a_segment_no_reader_holds_any_more_is_unmapped(tmp_path: Path) -> None:
    write_index(tmp_path / "ix", FreshSegmentWriter, compound=True)
    reader = MappedStorage(tmp_path / "ix").open_index("MAIN").reader()
    segid = reader._segment.segid
    postings.clear()
    cached = postings.segment_postings(reader, "text", b"kursk")
    assert live_table(segid) is raw_table(reader)
    reader.close()
    del reader
    gc.collect()
    with pytest.raises(LookupError):  # the cached postings did not keep the map alive
        live_table(segid)
    assert segid not in Path("/proc/self/maps").read_text()
    assert isinstance(cached.values, LazyValues)


def test_cached_values_read_through_a_later_reader_of_the_same_segment(tmp_path: Path) -> None:
    write_index(tmp_path / "ix", FreshSegmentWriter, compound=True)
    postings.clear()
    first = MappedStorage(tmp_path / "ix").open_index("MAIN").reader()
    cached = postings.segment_postings(first, "text", b"kursk")
    first.close()
    del first
    gc.collect()
    later = MappedStorage(tmp_path / "ix").open_index("MAIN").reader()
    again = postings.segment_postings(later, "text", b"kursk")
    assert again is cached  # from the cache, whose values now read through ``later``'s table
    expected = whoosh_postings(later, "text", b"kursk")
    decode = later.schema["text"].format.decode_positions
    assert decode(again.values[0]) == expected[0][2]
    assert again.positions is not None  # read off the side file only now, through ``later``
    assert flat_positions(again.positions, len(again.ids), [0]) == [expected[0][2]]


def test_a_side_file_of_another_version_is_not_read(tmp_path: Path) -> None:
    write_index(tmp_path / "ix", FreshSegmentWriter, compound=False)
    (side,) = (tmp_path / "ix").glob(f"*{raw_postings.RAW_EXT}")
    data = side.read_bytes()
    side.write_bytes(data.replace(b"SXRAWP03", b"SXRAWP01"))  # an earlier layout
    (leaf,) = leaves(tmp_path / "ix")
    assert raw_table(leaf) is None
    postings.clear()
    read = postings.segment_postings(leaf, "text", b"kursk")  # through Whoosh's blocks
    assert read.ids.tolist() == [d for d, _, _ in whoosh_postings(leaf, "text", b"kursk")]


def table_of(
    folder: Path,
    terms: dict[tuple[str, bytes], tuple[list[int], list[float]]],
    values: list[bytes | None] | None = None,
) -> RawTable:
    """A side file of ``terms``; ``values`` (Whoosh Positions values) go with each."""
    storage = FileStorage(str(folder))
    writer = RawPostingsWriter(storage.create_file("side"))
    for (field, btext), (ids, weights) in sorted(terms.items()):
        writer.add(field, btext, ids, weights, (0, 0), values)
    writer.close()
    side = memoryview((folder / "side").read_bytes())
    return RawTable(side, memoryview(b""), "test")


def flat_positions(
    positions: FlatPositions, count: int, rows: list[int] | None = None
) -> list[list[int]]:
    """Each of ``rows`` (default: every posting) as its list of positions, via ``keys_at``."""
    chosen = list(range(count)) if rows is None else rows
    found: list[list[int]] = [[] for _ in chosen]
    for key in positions.keys_at(np.array(chosen, dtype=np.int64)).tolist():
        found[key >> 32].append(key & 0xFFFFFFFF)
    return found


POSITIONS = Positions()


@pytest.mark.parametrize(
    "lists",
    [
        [[0], [5], [65_535]],  # one each: no counts stored
        [[0, 3], [], [7]],  # a posting without positions (Whoosh stores None)
        [list(range(300)), [1]],  # a count over 255
        [[1, 70_000], [2]],  # a position over 65,535
        [[4]],
    ],
    ids=["one-each", "none", "many", "wide", "single"],
)
def test_positions_come_back_however_they_are_stored(
    tmp_path: Path, lists: list[list[int]]
) -> None:
    values = [POSITIONS.encode(found) if found else None for found in lists]
    ids = [3 * number for number in range(len(lists))]
    table = table_of(tmp_path, {("text", b"word"): (ids, [1.0] * len(ids))}, values)
    found = table.find("text", b"word")
    assert found is not None and found.positions is not None
    assert flat_positions(found.positions, len(ids)) == lists
    backwards = list(reversed(range(len(ids))))[:2]
    assert flat_positions(found.positions, len(ids), backwards) == [lists[r] for r in backwards]
    assert flat_positions(found.positions, len(ids), []) == []


def test_a_version_2_side_file_is_read_without_positions(tmp_path: Path) -> None:
    table_of(tmp_path, {("text", b"word"): ([1, 4], [1.0, 2.0])})
    side = tmp_path / "side"
    side.write_bytes(side.read_bytes().replace(b"SXRAWP03", b"SXRAWP02"))
    table = RawTable(memoryview(side.read_bytes()), memoryview(b""), "test")
    found = table.find("text", b"word")
    assert found is not None and found.positions is None
    assert found_lists(table, "text", b"word") == ([1, 4], [1.0, 2.0])


def found_lists(table: RawTable, field: str, btext: bytes) -> tuple[list[int], list[float]]:
    found = table.find(field, btext)
    assert found is not None
    return found.ids.tolist(), found.weights.tolist()
