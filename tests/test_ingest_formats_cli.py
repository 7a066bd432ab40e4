"""Every input format in one `searchidx index DIR` run, stdin and --format (issue 16)."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from ingest_corpus import (
    ARCHIVED_URL,
    FEED,
    JSONL_RECORDS,
    NEWS_PAGE,
    PAGE_URL,
    build_corpus,
    write_warc,
)

from searchidx import SearchIndex
from searchidx.cli import cli


def index(*args: str, stdin: str | bytes | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["index", *args], input=stdin)
    return result.exit_code, result.output


def test_one_run_indexes_page_feed_archive_csv_and_gzipped_jsonl(tmp_path: Path) -> None:
    corpus = build_corpus(tmp_path / "corpus")
    code, output = index(str(corpus), "--index", str(tmp_path / "ix"))
    assert code == 0, output
    assert "Traceback" not in output
    assert "skipped: " + str(corpus / "talfer.rss") + ":entry 3" in output
    assert "4 records are not HTML pages" in output
    with SearchIndex.open(tmp_path / "ix") as opened:
        stats = opened.stats()
        assert (stats.articles, stats.comments) == (2 + 1 + 1 + 2 + 1, 3 + 3 + 1)
        page = opened.get(PAGE_URL)
        assert page.source == "Lokalblatt Bozen" and page.author == "Anna Berger"
        reply = opened.get(PAGE_URL + "#c2")
        assert reply.reply_to == PAGE_URL + "#c1" and reply.author == "Autofahrer"
        archived = opened.get(ARCHIVED_URL)
        assert archived.extra["retrieved"].startswith("2025-03-12")
        assert opened.get("talfer-1001").source == "Talfer Nachrichten"
        assert opened.get("c1").extra == {"section": "Politik"}
        comment = opened.get("j-c1")  # before its article in the file
        assert (comment.title, comment.source) == ("Zug fährt öfter", "Bahnblatt")
        hits = opened.search("Radweg").hits
        assert {hit.id for hit in hits} >= {PAGE_URL, ARCHIVED_URL}


def test_the_mixed_corpus_survives_export_and_reindexing(tmp_path: Path) -> None:
    corpus = build_corpus(tmp_path / "corpus")
    assert index(str(corpus), "--index", str(tmp_path / "ix"))[0] == 0
    exported = tmp_path / "all.jsonl"
    result = CliRunner().invoke(
        cli,
        ["export", "", "--format", "jsonl", "-o", str(exported), "--index", str(tmp_path / "ix")],
    )
    assert result.exit_code == 0, result.output
    code, output = index(str(exported), "--index", str(tmp_path / "again"))
    assert code == 0 and "skipped" not in output and "note" not in output, output
    with SearchIndex.open(tmp_path / "ix") as first, SearchIndex.open(tmp_path / "again") as again:
        assert first.fingerprint() == again.fingerprint()


def test_stdin_reads_jsonl_and_the_format_option(tmp_path: Path) -> None:
    lines = "\n".join(json.dumps(record) for record in JSONL_RECORDS)
    code, output = index("-", "--index", str(tmp_path / "ix"), stdin=lines)
    assert code == 0 and "Indexed 2 documents" in output, output
    csv_text = "title,text\nÜber Stdin,Ein Artikel aus der Pipe.\n"
    code, output = index("-", "--format", "csv", "--index", str(tmp_path / "ix"), stdin=csv_text)
    assert code == 0 and "Indexed 1 document " in output, output
    with SearchIndex.open(tmp_path / "ix") as opened:
        assert opened.get("stdin-1").title == "Über Stdin"


@pytest.mark.parametrize(
    ("fmt", "data", "expected"),
    [
        ("json", json.dumps([JSONL_RECORDS[1]]), "j-a1"),
        ("feed", FEED, "talfer-1001"),
        ("html", NEWS_PAGE, PAGE_URL),
        ("seed", "Eine Überschrift\n\nEin Absatz Prosa aus der Pipe.\n", "stdin"),
        ("warc", None, ARCHIVED_URL),
    ],
)
def test_every_format_reads_from_stdin(
    tmp_path: Path, fmt: str, data: str | None, expected: str
) -> None:
    stdin = data if data is not None else write_warc(tmp_path / "c.warc.gz").read_bytes()
    code, output = index("-", "--format", fmt, "--index", str(tmp_path / "ix"), stdin=stdin)
    assert code == 0, output
    with SearchIndex.open(tmp_path / "ix") as opened:
        assert opened.get(expected).type == "article"


def test_gzipped_stdin_and_an_unnamed_extension_with_format(tmp_path: Path) -> None:
    packed = gzip.compress(json.dumps(JSONL_RECORDS[1]).encode("utf-8"))
    dump = tmp_path / "dump.dat"
    dump.write_bytes(packed)
    code, output = index(str(dump), "--format", "jsonl", "--index", str(tmp_path / "ix"))
    assert code == 0 and "Indexed 1 document " in output, output


def test_bad_format_and_csv_map_are_usage_errors(tmp_path: Path) -> None:
    code, output = index("-", "--format", "xlsx", "--index", str(tmp_path / "ix"))
    assert code == 2 and "xlsx" in output
    code, output = index("x.csv", "--csv-map", "headline", "--index", str(tmp_path / "ix"))
    assert code == 2 and "FIELD=COLUMN" in output
    code, output = index("x.csv", "--csv-map", "titel=x", "--index", str(tmp_path / "ix"))
    assert code == 2 and "titel" in output


def test_comments_inherit_from_an_already_indexed_article(tmp_path: Path) -> None:
    first = tmp_path / "articles.jsonl"
    first.write_text(json.dumps(JSONL_RECORDS[1]), encoding="utf-8")
    later = tmp_path / "comments.jsonl"
    later.write_text(json.dumps(JSONL_RECORDS[0]), encoding="utf-8")
    assert index(str(first), "--index", str(tmp_path / "ix"))[0] == 0
    code, output = index(str(later), "--index", str(tmp_path / "ix"))
    assert code == 0 and "note" not in output, output
    with SearchIndex.open(tmp_path / "ix") as opened:
        assert opened.get("j-c1").source == "Bahnblatt"


def test_stdin_through_a_real_pipe(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("searchidx")
    data = gzip.compress(json.dumps(JSONL_RECORDS[1]).encode("utf-8"))
    done = subprocess.run(
        [str(exe), "index", "-", "--index", str(tmp_path / "ix")],
        input=data,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"Indexed 1 document " in done.stdout and b"Traceback" not in done.stderr
