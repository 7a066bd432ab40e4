"""Rendering of results, documents, stats and index reports."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from searchidx.cli.output import (
    PIPED_WIDTH,
    render_document,
    render_report,
    render_results,
    render_stats,
    text_width,
)
from searchidx.models import Document, FacetValue, Hit, IndexReport, IndexStats, Results, Skipped
from tests.terminal_helpers import run_on_terminal

HIT = Hit(
    id="a#c1",
    type="comment",
    parent_id="a",
    title="Überschrift",
    source="Südtirol News",
    date=datetime(2024, 10, 18, 18, 18),
    author="ebbi",
    url=None,
    score=1.5,
    snippet="der <mark>Krieg</mark> &amp; mehr",
)
RESULTS = Results(
    query="Krieg",
    total=3,
    offset=1,
    limit=1,
    hits=(HIT,),
    facets={"type": (FacetValue("comment", 2), FacetValue("article", 1))},
)


def test_results_json_is_the_contract() -> None:
    data = json.loads(render_results(RESULTS, "json"))
    assert data["hits"][0]["date"] == "2024-10-18T18:18:00"
    assert data["facets"]["type"][0] == {"value": "comment", "count": 2}
    assert "Südtirol" in render_results(RESULTS, "json")  # not \u-escaped


def test_results_table() -> None:
    text = render_results(RESULTS, "table")
    assert text.startswith("3 results for 'Krieg' (showing 2–2)")
    assert "Kommentar zu: Überschrift" in text
    assert "comment · Südtirol News · 2024-10-18 · ebbi · a#c1 · score 1.50" in text
    assert "der Krieg & mehr" in text.replace("\x1b[1m", "").replace("\x1b[33m", "").replace(
        "\x1b[0m", ""
    )
    assert "type  comment (2), article (1)" in text


def test_no_results() -> None:
    empty = Results("x", 0, 0, 10, (), {})
    assert render_results(empty, "table") == "No results for 'x'."


def test_document_renderings() -> None:
    doc = Document(id="a", type="article", title="T", text="Absatz eins.\nAbsatz zwei.")
    assert json.loads(render_document(doc, "json"))["text"] == "Absatz eins.\nAbsatz zwei."
    table = render_document(doc, "table")
    assert "Absatz eins.\n\nAbsatz zwei." in table and "ohne Datum" in table


def test_stats_and_report() -> None:
    stats = IndexStats(documents=3, articles=2, comments=1, sources=1, path="ix")
    assert json.loads(render_stats(stats, "json"))["comments"] == 1
    assert "documents  3" in render_stats(stats, "table")
    report = IndexReport(indexed=3, articles=2, comments=1, skipped=(Skipped("f.txt", "empty"),))
    assert render_report(report, "ix") == (
        "Indexed 3 documents (2 articles, 1 comment) into ix; skipped 1 (see messages above)."
    )
    one = IndexReport(indexed=1, articles=1, comments=0, records=100_000)
    assert render_report(one, "ix") == (
        "Indexed 1 document (1 article, 0 comments) into ix from 100000 records."
    )


def test_counts_of_one_are_singular() -> None:
    one = IndexReport(indexed=1, articles=1, comments=0)
    assert render_report(one, "ix") == "Indexed 1 document (1 article, 0 comments) into ix."
    single = Results("Krieg", 1, 0, 10, (HIT,), {})
    assert render_results(single, "table").startswith("1 result for 'Krieg' (showing 1–1)")
    threads = Results("Krieg", 1, 0, 10, (HIT,), {}, group="article")
    assert render_results(threads, "table").startswith("1 article for 'Krieg'")
    two = Results("Krieg", 2, 0, 10, (HIT, HIT), {}, group="article")
    assert render_results(two, "table").startswith("2 articles for 'Krieg'")


ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
LONG_TEXT = " ".join(["Der Stadtrat beschließt den Radweg entlang der Talfer."] * 6)


def visible_lines(text: str) -> list[str]:
    return ANSI.sub("", text).split("\n")


@pytest.mark.parametrize("columns", [45, 70, 160])
def test_text_wraps_to_the_width_of_the_terminal(
    monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))  # what shutil reads before the terminal
    hit = replace(HIT, title="Sehr lange Überschrift " * 4, snippet=LONG_TEXT)
    table = render_results(replace(RESULTS, hits=(hit,)), "table")
    doc = Document(id="a", type="article", title="T", text=LONG_TEXT)
    for text in (table, render_document(doc, "table")):
        lines = visible_lines(text)
        assert max(len(line) for line in lines) <= columns
        assert max(len(line) for line in lines) > columns - 15  # uses the width it has
    assert "\n  2. Kommentar zu: Sehr lange" in ANSI.sub("", table)  # numbered from the offset


def test_without_a_terminal_the_width_stays_100(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    assert text_width() == PIPED_WIDTH == 100  # pytest's stdout is no terminal


@pytest.mark.slow
def test_a_real_terminal_sets_the_width(seed_index_path: Path) -> None:
    args = ["search", "Krieg", "--index", str(seed_index_path)]
    code, shown = run_on_terminal(args, columns=52)
    assert code == 0, shown
    lines = visible_lines(shown)
    assert max(len(line) for line in lines) <= 52, shown
    assert any(len(line) > 40 for line in lines)
    code, wide = run_on_terminal(args, columns=200)
    assert len(visible_lines(wide)) < len(lines)  # fewer, longer lines
