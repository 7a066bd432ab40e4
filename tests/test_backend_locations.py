"""Which backend a location names (searchidx.backends.locations)."""

from __future__ import annotations

from pathlib import Path

import pytest

from searchidx.backends.locations import is_remote


@pytest.mark.parametrize("location", ["solr:http://127.0.0.1:8983/solr/news", "solr:"])
def test_a_solr_location_is_remote(location: str) -> None:
    assert is_remote(location)


@pytest.mark.parametrize(
    "location", ["index", "./solr:x", Path("solr:http://host/solr/news"), "SOLR:http://x"]
)
def test_anything_else_is_a_directory(location: str | Path) -> None:
    # A Path is always a directory, even one whose name looks like a location.
    assert not is_remote(location)
