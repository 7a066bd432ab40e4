"""Field declarations: parsing, reserved names, kinds and how values are read."""

from __future__ import annotations

from datetime import datetime

import pytest

from searchidx import DeclaredField, Document, InvalidFilterError
from searchidx.features.fields import (
    declared_in,
    from_internal,
    new_declarations,
    parse_field_spec,
)


def doc(**extra: object) -> Document:
    return Document(id="x", type="article", text="t", title="T", extra=extra)


def test_a_declaration_names_a_key_and_its_kind() -> None:
    assert parse_field_spec(" section:keyword ") == DeclaredField("section", "keyword")
    assert parse_field_spec("words:numeric").internal == "num_words"
    assert str(parse_field_spec("published:date")) == "published:date"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("section", "cannot read field declaration"),
        ("section:text", "cannot read field declaration"),
        (":keyword", "must be 1-40 letters"),
        ("sec2:keyword", "must be 1-40 letters"),
        ("a" * 41 + ":keyword", "must be 1-40 letters"),
        ("source:keyword", "is built in"),
        ("extra:keyword", "is built in"),
        ("score:numeric", "is built in"),
    ],
)
def test_bad_declarations_say_what_is_wrong(spec: str, message: str) -> None:
    with pytest.raises(InvalidFilterError, match=message) as raised:
        parse_field_spec(spec)
    assert raised.value.hint


def test_internal_names_carry_the_kind_and_nothing_else_is_declared() -> None:
    names = ["id", "kw_section", "num_words", "dt_published", "kw_source", "month", "dt_"]
    assert declared_in(names) == (
        DeclaredField("published", "date"),
        DeclaredField("section", "keyword"),
        DeclaredField("words", "numeric"),
    )
    assert from_internal("words") is None  # the built-in whole-words field


def test_new_declarations_skip_known_ones_and_refuse_another_kind() -> None:
    known = [DeclaredField("section", "keyword")]
    wanted = [DeclaredField("section", "keyword"), DeclaredField("lang", "keyword")]
    assert new_declarations(known, wanted) == (DeclaredField("lang", "keyword"),)
    with pytest.raises(InvalidFilterError, match="already declared as keyword, not numeric"):
        new_declarations(known, [DeclaredField("section", "numeric")])
    with pytest.raises(InvalidFilterError, match="already declared as date"):
        new_declarations([], [DeclaredField("x", "date"), DeclaredField("x", "numeric")])


def test_values_are_read_by_kind_or_left_unindexed() -> None:
    keyword, numeric, date = (
        DeclaredField("v", "keyword"),
        DeclaredField("v", "numeric"),
        DeclaredField("v", "date"),
    )
    assert keyword.value(doc(v=" Politik ")) == "Politik"
    assert keyword.value(doc(v=12)) == "12"
    assert keyword.value(doc(v=True)) == "true"
    assert keyword.value(doc(v=["a"])) is None
    assert keyword.value(doc(v="  ")) is None
    assert keyword.value(doc()) is None
    assert numeric.value(doc(v="1200")) == 1200.0
    assert numeric.value(doc(v=2.5)) == 2.5
    assert numeric.value(doc(v="viel")) is None
    assert numeric.value(doc(v=True)) is None
    assert numeric.value(doc(v="nan")) is None
    assert date.value(doc(v="2024-09-01")) == datetime(2024, 9, 1)
    # The wall time as written, like the document date.
    assert date.value(doc(v="2025-03-10T08:00:00+01:00")) == datetime(2025, 3, 10, 8)
    assert date.value(doc(v="gestern")) is None
    assert date.value(doc(v=20240901)) is None
