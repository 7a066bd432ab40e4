"""The schema pickles (Whoosh stores it in the index) and analyzes German text."""

from __future__ import annotations

import pickle

from searchidx.backends.whoosh.schema import FILTER_FIELDS, TEXT_FIELDS, build_schema, marker


def test_schema_pickles_with_the_analyzer() -> None:
    schema = pickle.loads(pickle.dumps(build_schema()))
    terms = [token.text for token in schema["text"].analyzer("Die Soldaten in Pjöngjang")]
    assert terms == ["soldat", "pjongjang"]


def test_query_fields_exist() -> None:
    names = set(build_schema().names())
    assert set(TEXT_FIELDS) | set(FILTER_FIELDS) <= names


def test_marker_names_versions() -> None:
    assert set(marker()) == {"format", "schema_version", "analyzer_version"}
