"""Smoke run of the relevance harness (benchmarks/relevance) on a synthetic corpus."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.relevance import latency
from benchmarks.relevance.__main__ import evaluate, render
from benchmarks.relevance.known_item import (
    bodies,
    keyword_queries,
    read_articles,
    split_teaser,
    teaser_queries,
)
from benchmarks.relevance.ours import SearchidxEngine, ablations
from benchmarks.relevance.peers import Fts5Engine, whoosh_german, whoosh_standard

TOPICS = [
    ("Werft", "Schiffsbauer", "Containerfrachter", "Hafenkran"),
    ("Sternwarte", "Astronomin", "Kometenschweif", "Teleskop"),
    ("Bäckerei", "Sauerteig", "Roggenbrot", "Backofen"),
    ("Gletscher", "Bergführerin", "Eisschmelze", "Steigeisen"),
    ("Orchester", "Dirigentin", "Paukenschlag", "Notenpult"),
    ("Imkerei", "Bienenvolk", "Honigernte", "Wabenrahmen"),
]


def write_corpus(path: Path) -> None:
    rows = []
    for place, person, thing, tool in TOPICS:
        teaser = f"Die {person} zeigt den {thing} und ihre {place}."
        body = (
            f"Linz – In der {place} arbeitet eine {person}. Der {tool} steht bereit, "
            f"und vom {thing.lower()} ist viel die Rede. Die {person} sagt, der {tool} sei alt."
        )
        rows.append(f"Kultur;'{teaser} {body}'")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_teaser_and_body_split_at_the_dateline() -> None:
    article = split_teaser("Ein Satz. Noch einer. Wien – Der Text beginnt hier.")
    assert article.teaser == "Ein Satz. Noch einer."
    assert article.body.startswith("Wien – Der Text")


def test_harness_finds_the_known_items(tmp_path: Path) -> None:
    corpus = tmp_path / "known.csv"
    write_corpus(corpus)
    articles = read_articles(corpus)
    assert len(articles) == len(TOPICS)
    keywords = keyword_queries(articles)
    assert all(len(item.words) == 3 for item in keywords)
    sets = {"keywords": keywords, "teaser": teaser_queries(articles)}
    engines = [SearchidxEngine(), whoosh_german(), whoosh_standard(), Fts5Engine()]
    table = evaluate([*engines, *ablations()[:2]], bodies(articles), sets)
    assert table["keywords"]["searchidx"].s10 == 1.0
    assert table["teaser"]["searchidx"].mrr > 0.5
    text = render(table)
    assert "| searchidx | " in text and "| fts5 | " in text and "### keywords-not-verbatim" in text
    ours = engines[0]
    assert isinstance(ours, SearchidxEngine) and ours.index is not None
    assert len(ours.index.answers) == 0  # its latency is the search's, never a kept answer


def test_latency_split_reports_each_part(tmp_path: Path) -> None:
    corpus = tmp_path / "known.csv"
    write_corpus(corpus)
    # In its own process: it wraps searchidx functions to time them.
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.relevance.split", "--known-item", str(corpus)],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert f"keywords ({len(TOPICS)} queries)" in done.stdout
    for part in ("total", "parse", "evaluate", "snippets", "did you mean"):
        assert f"  {part} " in done.stdout, done.stdout


def test_paired_latency_times_both_engines_query_by_query(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "known.csv"
    write_corpus(corpus)
    assert latency.main(["--known-item", str(corpus), "--sets", "keywords,teaser"]) == 0
    rows = [line.split("|") for line in capsys.readouterr().out.splitlines()[2:]]
    assert [row[1].strip() for row in rows] == ["keywords", "teaser"]
    for row in rows:
        queries, ours, stock, ratio = (float(cell) for cell in row[2:6])
        assert queries == len(TOPICS) and ours > 0 and stock > 0
        assert ratio == pytest.approx(ours / stock, abs=0.01)


def test_paired_latency_refuses_an_unknown_set(tmp_path: Path) -> None:
    corpus = tmp_path / "known.csv"
    write_corpus(corpus)
    with pytest.raises(SystemExit):
        latency.main(["--known-item", str(corpus), "--sets", "titles"])
