"""One hierarchy, one base class, hints where a next step helps."""

from __future__ import annotations

import inspect

import searchidx
from searchidx import errors


def test_every_error_derives_from_the_base_and_is_exported() -> None:
    classes = [
        obj
        for _, obj in inspect.getmembers(errors, inspect.isclass)
        if issubclass(obj, Exception) and obj.__module__ == errors.__name__
    ]
    assert len(classes) >= 9
    for cls in classes:
        assert issubclass(cls, errors.SearchIdxError)
        assert cls.__name__ in searchidx.__all__
        assert cls.__name__ in (errors.__doc__ or ""), f"{cls.__name__} missing from the tree"


def test_ingest_error_location() -> None:
    error = errors.InvalidDocumentError("a.jsonl:3", "missing id")
    assert str(error) == "a.jsonl:3: missing id" and error.location == "a.jsonl:3"


def test_hint_override() -> None:
    assert errors.QuerySyntaxError("x").hint
    assert errors.SearchIdxError("x", hint="do y").hint == "do y"
