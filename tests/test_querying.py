"""Query language, filters and sort orders."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import ids, make_doc
from parity import IndexFactory
from whoosh import query as wq

from searchidx import Filters, InvalidFilterError, QuerySyntaxError
from searchidx.backends.whoosh.schema import build_schema
from searchidx.query.parsing import (
    filter_query,
    make_parser,
    parse_query,
    period_end,
    period_start,
    sort_spec,
)


@pytest.fixture(scope="module")
def parser() -> object:
    return make_parser(build_schema())


def test_default_operator_is_and(parser: object) -> None:
    parsed = parse_query(parser, "Kursk Soldaten")  # type: ignore[arg-type]
    assert isinstance(parsed, wq.And)


def test_phrase_and_field_syntax(parser: object) -> None:
    text = str(parse_query(parser, 'source:"DayFR Deutsch" "Region Kursk"'))  # type: ignore[arg-type]
    assert "source:DayFR Deutsch" in text and '"region kursk"' in text


def test_empty_query_is_every(parser: object) -> None:
    assert isinstance(parse_query(parser, "   "), wq.Every)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"offen', "unbalanced quote"),
        ("(a OR b", "unbalanced parentheses"),
        ("a) OR (b", "unbalanced parentheses"),
        ("autor:Putin", "unknown field 'autor'"),
        ("parent_title:Kursk", "unknown field"),
        ("und der die", "no searchable words"),
    ],
)
def test_syntax_errors(parser: object, query: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError, match=message):
        parse_query(parser, query)  # type: ignore[arg-type]


def test_colons_in_text_are_not_fields(parser: object) -> None:
    parse_query(parser, "Kursk: Erfolg um 18:18 Uhr")  # type: ignore[arg-type]
    parse_query(parser, '"Seoul: Truppen"')  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "start", "end"),
    [
        ("2024", datetime(2024, 1, 1), datetime(2024, 12, 31, 23, 59, 59, 999999)),
        ("2024-02", datetime(2024, 2, 1), datetime(2024, 2, 29, 23, 59, 59, 999999)),
        ("2024-12", datetime(2024, 12, 1), datetime(2024, 12, 31, 23, 59, 59, 999999)),
        ("2024-10-08", datetime(2024, 10, 8), datetime(2024, 10, 8, 23, 59, 59, 999999)),
        ("2024-10-18T18:18", datetime(2024, 10, 18, 18, 18), datetime(2024, 10, 18, 18, 18)),
    ],
)
def test_periods(value: str, start: datetime, end: datetime) -> None:
    assert period_start(value) == start
    assert period_end(value) == end


@pytest.mark.parametrize("value", ["gestern", "2024-13", "2024-02-30", "10/08/2024"])
def test_bad_periods(value: str) -> None:
    with pytest.raises(InvalidFilterError):
        period_start(value)


def test_filter_query_shapes() -> None:
    assert filter_query(Filters()) is None
    single = filter_query(Filters(sources=("A", "B")))
    assert isinstance(single, wq.Or)
    combined = filter_query(Filters(sources=("A",), types=("comment",), since="2024"))
    assert isinstance(combined, wq.And) and len(combined.subqueries) == 3
    with pytest.raises(InvalidFilterError, match="unknown document type"):
        filter_query(Filters(types=("blog",)))


def test_sort_spec() -> None:
    assert sort_spec("relevance") == (None, False)
    assert sort_spec("date") == ("date", False)
    assert sort_spec("-date") == ("date", True)
    with pytest.raises(InvalidFilterError):
        sort_spec("score")


def test_date_range_in_query_language(new_index: IndexFactory) -> None:
    with new_index() as index:
        index.add(
            [
                make_doc("oct", "Haubitze", date=datetime(2024, 10, 8)),
                make_doc("nov", "Haubitze", date=datetime(2024, 11, 2)),
            ]
        )
        assert ids(index.search("Haubitze date:[2024-10-01 TO 2024-10-31]")) == ["oct"]
        assert ids(index.search("Haubitze", filters=Filters(until="2024-10"))) == ["oct"]


def test_query_dates_in_iso_form(parser: object) -> None:
    text = str(parse_query(parser, "date:[2024-10-01 TO 2024-10-31]"))  # type: ignore[arg-type]
    assert text == str(parse_query(parser, "date:[20241001 TO 20241031]"))  # type: ignore[arg-type]
    with pytest.raises(QuerySyntaxError, match="cannot read date 'gestern'"):
        parse_query(parser, "Kursk date:gestern")  # type: ignore[arg-type]


def test_an_over_long_query_of_blanks_is_refused_not_read_as_empty(parser: object) -> None:
    from searchidx.query.limits import MAX_QUERY_CHARS

    with pytest.raises(QuerySyntaxError):
        parse_query(parser, "\x1f" * (MAX_QUERY_CHARS + 1))  # type: ignore[arg-type]
    assert isinstance(parse_query(parser, "   "), wq.Every)  # type: ignore[arg-type]
