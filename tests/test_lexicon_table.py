"""The lexicon's memory-mapped hash table: round trips, probing, and refusing bad files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from analyzers import lexicon_table
from analyzers.lexicon_table import MappedEntries, TableFormatError, open_table, write_table

KEY = "lexicon-v1-0123456789abcdef"


def _write(path: Path, entries: dict[str, int], key: str = KEY, ngerman: bool = True) -> Path:
    with path.open("wb") as stream:
        write_table(stream, entries, key, ngerman)
    return path


def test_round_trip_answers_like_the_dict(tmp_path: Path) -> None:
    entries = {"flughafen": 1901, "straße": 2109, "größe": 7, "öl": 0, "z": 2**32 - 1}
    table = open_table(str(_write(tmp_path / "t", entries)), KEY)
    assert table.has_ngerman
    assert table == entries
    assert list(table) == list(entries)  # record order is the build's order
    assert len(table) == 5
    assert table.get("straße") == 2109 and table["öl"] == 0
    assert table.get("strasse") is None and table.get("strasse", -5) == -5
    assert "größe" in table and "grösse" not in table and 3 not in table
    with pytest.raises(KeyError):
        table["flughafe"]


def test_every_word_is_found_despite_collisions(tmp_path: Path) -> None:
    # 20k words in a table half full: many share a first slot and are found by probing.
    entries = {f"wort{n}ä": n for n in range(20_000)}
    table = open_table(str(_write(tmp_path / "t", entries)), KEY)
    assert all(table.get(word) == value for word, value in entries.items())
    assert not any(f"wort{n}" in table for n in range(20_000))


def test_empty_table(tmp_path: Path) -> None:
    table = open_table(str(_write(tmp_path / "t", {}, ngerman=False)), KEY)
    assert len(table) == 0 and table == {} and table.get("haus") is None
    assert not table.has_ngerman


def test_memo_is_bounded_and_keeps_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexicon_table, "MEMO_LIMIT", 2)
    table = open_table(str(_write(tmp_path / "t", {"a": 1, "b": 2, "c": 3})), KEY)
    for _ in range(3):
        assert [table.get(w) for w in ("a", "x", "b", "c", "y")] == [1, None, 2, 3, None]
    assert len(table._memo) <= 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: b"\x00garbage",
        lambda data: data[:-1],
        lambda data: data + b"\x00",
        lambda data: data.replace(lexicon_table.MAGIC, b"SOMETHIN", 1),
    ],
    ids=["empty", "garbage", "truncated", "trailing", "magic"],
)
def test_damaged_files_are_refused(tmp_path: Path, damage: Callable[[bytes], bytes]) -> None:
    path = _write(tmp_path / "t", {"haus": 1, "maus": 2})
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(TableFormatError):
        open_table(str(path), KEY)


def test_a_table_built_for_other_inputs_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "t", {"haus": 1})
    with pytest.raises(TableFormatError, match="other inputs"):
        open_table(str(path), "lexicon-v1-fedcba9876543210")


def test_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        open_table(str(tmp_path / "missing"), KEY)


def test_values_must_fit_the_table(tmp_path: Path) -> None:
    for value in (-1, 2**32):
        with pytest.raises(ValueError, match="out of range"):
            _write(tmp_path / "t", {"haus": value})


def test_is_a_read_only_mapping(tmp_path: Path) -> None:
    table = open_table(str(_write(tmp_path / "t", {"haus": 1})), KEY)
    assert isinstance(table, MappedEntries)
    assert not hasattr(table, "__setitem__")
