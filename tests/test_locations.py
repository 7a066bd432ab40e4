"""Default index path and seed discovery."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEEDS

from searchidx import SearchIdxError
from searchidx.cli.locations import default_index_path, find_seeds


def test_default_index_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEARCHIDX_INDEX", raising=False)
    assert default_index_path() == Path("index")
    monkeypatch.setenv("SEARCHIDX_INDEX", "/tmp/elsewhere")
    assert default_index_path() == Path("/tmp/elsewhere")


def test_find_seeds_from_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert find_seeds().resolve() == SEEDS.resolve()


def test_find_seeds_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("searchidx.cli.locations._REPO_SEEDS", tmp_path / "missing")
    with pytest.raises(SearchIdxError, match="cannot find"):
        find_seeds()
