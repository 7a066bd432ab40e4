"""Operators without their words get a message naming them, never Whoosh's crash text."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import make_doc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from parity import IndexFactory, location_args

from searchidx import QuerySyntaxError, SearchIndex
from searchidx.cli import cli

OPERATORS = ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE")
# What Whoosh's own exceptions say when they leak through the generic handler.
LEAKED = ("list index", "out of range", "NoneType", "attribute", "unpack", "cannot parse query")


@pytest.fixture(scope="module")
def index(new_module_index: IndexFactory) -> SearchIndex:
    created = new_module_index()
    created.add(
        [
            make_doc("k", "Soldaten in Kursk"),
            make_doc("g", "Gerassimow in Kursk"),
            make_doc("c", "Charkiw an der Front"),
        ]
    )
    return created


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("NOT NOT NOT a", "NOT follows NOT in query 'NOT NOT NOT a'"),
        ("NOT NOT Kursk", "NOT follows NOT"),
        ("AND", "AND needs a word on each side"),
        ("OR OR", "OR needs a word on each side"),
        ("NOT", "NOT needs a word after it"),
        ("a AND", "AND needs a word on each side"),
        ("(NOT)", "NOT needs a word after it"),
        ("Kursk OR (AND Front)", "AND needs a word on each side"),
        ("ANDMAYBE Kursk", "ANDMAYBE needs a word on each side"),
        ("Kursk NOT", "NOT needs a word after it"),
    ],
)
def test_an_operator_without_its_word_is_named(
    index: SearchIndex, query: str, message: str
) -> None:
    with pytest.raises(QuerySyntaxError, match=message) as caught:
        index.search(query)
    assert "in lower case or in quotes" in (caught.value.hint or "")


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Kursk NOT Gerassimow", {"k"}),
        ("Kursk AND NOT Gerassimow", {"k"}),
        ("NOT Kursk", {"c"}),
        ("(Kursk OR Charkiw) NOT Soldaten", {"g", "c"}),
        ("Kursk ANDNOT Soldaten", {"g"}),
        ('"AND" OR Charkiw', {"c"}),  # a quoted operator is a word
    ],
)
def test_operators_with_their_words_still_work(
    index: SearchIndex, query: str, found: set[str]
) -> None:
    assert {hit.id for hit in index.search(query).hits} == found


def test_the_cli_says_it_in_one_line_with_exit_code_2(index: SearchIndex) -> None:
    result = CliRunner().invoke(cli, ["search", "NOT NOT NOT a", *location_args(index.location)])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: NOT follows NOT in query")
    assert "list index" not in result.stderr and result.stderr.count("\n") == 1


OPERATOR_ONLY = st.lists(
    st.sampled_from([*OPERATORS, "(", ")", "Kursk", '"NOT"', "a"]), min_size=1, max_size=7
).map(" ".join)


def test_fuzzed_operator_inputs_give_results_or_a_real_message(index: SearchIndex) -> None:
    @settings(
        max_examples=800,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(OPERATOR_ONLY)
    def results_or_message(query: str) -> None:
        try:
            index.search(query, limit=1)
        except QuerySyntaxError as error:
            assert not any(leak in str(error) for leak in LEAKED), (query, str(error))

    results_or_message()
