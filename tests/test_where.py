"""``--where`` conditions and declared names in query text, as Whoosh queries."""

from __future__ import annotations

from datetime import datetime

import pytest
from whoosh import query as wq

from searchidx import Filters, InvalidFilterError
from searchidx.features.fields import DeclaredField
from searchidx.query.fields import internal_field_names
from searchidx.query.where import every_filter_part, where_parts, with_conditions

DECLARED = (
    DeclaredField("section", "keyword"),
    DeclaredField("words", "numeric"),
    DeclaredField("published", "date"),
)


def test_equalities_on_one_field_or_and_fields_are_kept_apart() -> None:
    parts = where_parts(["section=Politik", "section=Kultur", "words=300"], DECLARED)
    assert list(parts) == ["section", "words"]
    assert parts["section"] == wq.Or(
        [wq.Term("kw_section", "Politik"), wq.Term("kw_section", "Kultur")]
    )
    assert parts["words"] == wq.NumericRange("num_words", 300.0, 300.0)


def test_ranges_narrow_each_other() -> None:
    parts = where_parts(["words>=500", "words < 1000"], DECLARED)
    assert parts["words"] == wq.And(
        [
            wq.NumericRange("num_words", 500.0, None),
            wq.NumericRange("num_words", None, 1000.0, endexcl=True),
        ]
    )


def test_a_date_names_its_whole_period() -> None:
    month = where_parts(["published=2024-09"], DECLARED)["published"]
    assert isinstance(month, wq.DateRange)
    assert (month.startdate, month.enddate) == (
        datetime(2024, 9, 1),
        datetime(2024, 9, 30, 23, 59, 59, 999999),
    )
    after = where_parts(["published>2024"], DECLARED)["published"]
    assert isinstance(after, wq.DateRange) and after.startexcl
    assert after.startdate == datetime(2024, 12, 31, 23, 59, 59, 999999)


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("section", "cannot read condition"),
        ("section=", "cannot read condition"),
        ("lang=de", "unknown field 'lang' in condition; declared fields: section, words"),
        ("section>=A", "keyword field 'section' takes only ="),
        ("words>=viel", "numeric field 'words' needs a number"),
        ("published=gestern", "cannot read date 'gestern'"),
    ],
)
def test_bad_conditions_say_what_is_wrong(condition: str, message: str) -> None:
    with pytest.raises(InvalidFilterError, match=message):
        where_parts([condition], DECLARED)


def test_conditions_join_the_other_filters() -> None:
    filters = with_conditions(Filters(sources=("Zeit",), where=("section=Politik",)), ["words>1"])
    assert filters.where == ("section=Politik", "words>1")
    assert list(every_filter_part(filters, DECLARED)) == ["source", "section", "words"]
    assert with_conditions(filters, []) is filters
    with pytest.raises(InvalidFilterError, match="declared fields: none"):
        every_filter_part(Filters(where=("section=Politik",)), ())


def test_declared_names_in_queries_become_internal_names_outside_quotes() -> None:
    text = 'section:Politik "section:Politik" words:[500 TO] title:Haushalt Journalist:innen'
    assert internal_field_names(text, DECLARED) == (
        'kw_section:Politik "section:Politik" num_words:[500 TO] title:Haushalt Journalist:innen'
    )
    assert internal_field_names("section:Politik", ()) == "section:Politik"
    assert internal_field_names('section:"Neue Welt" "a section:b"', DECLARED) == (
        'kw_section:"Neue Welt" "a section:b"'
    )
