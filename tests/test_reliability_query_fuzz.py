"""Query robustness: 10,000 generated queries, each gives results or QuerySyntaxError.

The generator mixes raw unicode with the query language's own material
(quotes, parentheses, operators, known and unknown fields, wildcards, ranges,
boosts, dates) so that most examples get deep into the parser and the searcher.
Derandomized: CI runs the same 10,000 queries every time.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from conftest import make_doc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from parity import IndexFactory
from whoosh import query as wq

from searchidx import QuerySyntaxError, SearchIndex
from searchidx.backends.whoosh.indexing import open_index
from searchidx.query.limits import MAX_EXPANSIONS, bound_expansions

FUZZ_EXAMPLES = 10_000
WORDS = ("Kursk", "Soldaten", "Pjöngjang", "Grüße", "Straße", "und", "der", "Haub", "ü", "ß")
SYNTAX = (
    *('"', "(", ")", "[", "]", "{", "}", "*", "?", "~", "~2", "^", "^3", ":", "-", "+"),
    *("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO", "\\", "'", "/", ".", ","),
    *("title:", "text:", "source:", "type:", "date:", "month:", "author:", "id:", "parent_id:"),
    *("reply_to:", "url:", "rank:", "extra:", "parent_title:", "nosuch:", "Title:", "x:"),
    *("date:2024", "date:2024-10", "date:[2024-10-01 TO 2024-10-31]", "date:[2030 TO]"),
    *("date:2024-13", "date:99999999", "date:[x TO y]", "[a TO z]", "{a TO}", "*a*", "K*"),
    *("*:*", "?*", '"Region Kursk"', '"Region Kursk"~3', "type:comment", "\x00", "\u200b"),
)
TOKEN = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(SYNTAX),
    st.text(max_size=6),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=3),
)
QUERY = st.one_of(
    st.lists(TOKEN, max_size=12).map(" ".join),
    st.lists(TOKEN, max_size=12).map("".join),
    st.text(max_size=40),
    st.builds(lambda token, count: token * count, TOKEN, st.integers(1, 700)),
)


@pytest.fixture(scope="module")
def fuzz_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "ix"
    with SearchIndex.create(path) as index:
        index.add(
            [
                make_doc("a1", "Soldaten in der Region Kursk. Grüße aus Pjöngjang."),
                make_doc("a2", "Haubitzen an der Front", source="DayFR Deutsch"),
                make_doc("a3", "Straße ohne Datum", date=None, author="ebbi"),
                make_doc(
                    "a1#c1",
                    "Kommentar: Kursk?",
                    type="comment",
                    parent_id="a1",
                    date=datetime(2025, 4, 28, 9, 30),
                ),
            ]
        )
    return path


@pytest.mark.whoosh_only("10,000 queries take minutes over HTTP; test_query_operators fuzzes both")
def test_ten_thousand_fuzzed_queries_never_escape_as_other_errors(fuzz_index: Path) -> None:
    tried: list[str] = []
    rejected: list[str] = []
    with SearchIndex.open(fuzz_index) as index:

        @settings(
            max_examples=FUZZ_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(QUERY)
        def search_anything(query: str) -> None:
            tried.append(query)
            try:
                results = index.search(query, limit=2)
            except QuerySyntaxError as error:
                message = str(error)
                assert message and "\n" not in message.strip(), repr(message)
                rejected.append(query)
                return
            assert 0 <= results.total <= 4 and len(results.hits) <= 2

        search_anything()
    assert len(tried) >= FUZZ_EXAMPLES
    # Both outcomes are common: the generator is neither all noise nor all valid.
    assert FUZZ_EXAMPLES * 0.1 < len(rejected) < FUZZ_EXAMPLES * 0.9


def test_wildcard_expansion_is_capped_with_a_clear_message(new_index: IndexFactory) -> None:
    count = MAX_EXPANSIONS + 50
    with new_index() as index:
        index.add([make_doc(f"w{n}", f"wort{n:05d}") for n in range(count)])
        assert index.search("wort0001*").total == 10
        with pytest.raises(QuerySyntaxError, match=r"matches more than 1,000 different words"):
            index.search("wort*")
        with pytest.raises(QuerySyntaxError, match=r"\*ort\*") as caught:
            index.search("*ort*")
        assert "more specific" in (caught.value.hint or "")
        assert index.search("*").total == count  # a lone * is "everything", not a pattern


@pytest.mark.whoosh_only("drives bound_expansions over a Whoosh reader")
def test_expansion_time_limit(tmp_path: Path) -> None:
    with SearchIndex.create(tmp_path / "ix") as index:
        index.add([make_doc("w1", "wort1 wort2")])
    ix = open_index(tmp_path / "ix")
    with ix.searcher() as searcher:
        pattern = wq.Wildcard("text", "wort*")
        with pytest.raises(QuerySyntaxError, match="takes too long"):
            bound_expansions(pattern, searcher.reader(), max_seconds=-1)
        expanded = bound_expansions(pattern, searcher.reader())
        assert searcher.search(expanded).scored_length() == 1


@pytest.mark.parametrize(
    ("query", "needle"),
    [
        ("x" * 5000, "characters long"),
        ("(" * 40 + "Kursk" + ")" * 40, "nests parentheses"),
        ("Soldaten" * 30, "characters long; the maximum is 100"),
        ("nosuch:Kursk", "unknown field"),
        ('"Region Kursk', "unbalanced quote"),
    ],
)
def test_limits_and_syntax_errors_are_query_syntax_errors(
    fuzz_index: Path, query: str, needle: str
) -> None:
    with SearchIndex.open(fuzz_index) as index, pytest.raises(QuerySyntaxError, match=needle):
        index.search(query)
