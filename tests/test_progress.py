"""``searchidx index`` progress: a bar on a real terminal, plain lines when piped."""

from __future__ import annotations

import gzip
import io
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchidx.cli import cli
from searchidx.cli.progress import IndexProgress, input_size
from searchidx.ingest.sources import ByteMeter
from tests.terminal_helpers import run_on_terminal

CLEAR = "\r\x1b[K"


def corpus(path: Path, count: int) -> Path:
    lines = (
        json.dumps(
            {
                "id": f"d{n}",
                "type": "article",
                "title": f"Meldung {n}",
                "text": f"Der Stadtrat tagt {n}.",
            }
        )
        for n in range(count)
    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_input_size_counts_the_files_a_walk_would_read(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_bytes(b"x" * 100)
    (tmp_path / "deep").mkdir()
    (tmp_path / "deep" / "b.jsonl.gz").write_bytes(gzip.compress(b"{}\n"))
    (tmp_path / "README.md").write_bytes(b"y" * 1000)  # not a document
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.jsonl").write_bytes(b"z" * 1000)
    expected = 100 + (tmp_path / "deep" / "b.jsonl.gz").stat().st_size
    assert input_size([tmp_path]) == expected
    assert input_size([tmp_path / "a.jsonl", tmp_path / "a.jsonl"]) == 200
    assert input_size([tmp_path / "a.jsonl", "-"]) is None  # stdin has no known size


def test_piped_lines_come_at_most_every_interval() -> None:
    stream, meter, clock = io.StringIO(), ByteMeter(), Clock()
    progress = IndexProgress(stream, meter, 4 * 2**20, terminal=False, every=10, clock=clock)
    meter.bytes_read, clock.now = 2**20, 105.0
    progress(500)  # 5 s in: too soon
    assert stream.getvalue() == ""
    meter.bytes_read, clock.now = 2**20, 110.0
    progress(1000)
    assert stream.getvalue() == (
        "progress: 1000 documents committed, 100 documents/s, 1.0 MB of 4.0 MB read, ETA 0:30\n"
    )
    clock.now = 112.0
    progress(1100)
    assert stream.getvalue().count("\n") == 1
    assert "\r" not in stream.getvalue() and "\x1b" not in stream.getvalue()


def test_unknown_size_shows_bytes_without_share_or_eta() -> None:
    stream, meter, clock = io.StringIO(), ByteMeter(), Clock()
    progress = IndexProgress(stream, meter, None, terminal=True, clock=clock)
    meter.bytes_read, clock.now = 3 * 2**20, 102.0
    progress(1)
    assert stream.getvalue() == CLEAR + "1 document committed, 0.5 documents/s, 3.0 MB read"


def test_messages_clear_the_bar_and_finish_ends_its_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # a StringIO has no terminal size of its own
    stream, meter, clock = io.StringIO(), ByteMeter(), Clock()
    progress = IndexProgress(stream, meter, 100, terminal=True, clock=clock)
    meter.bytes_read, clock.now = 50, 101.0
    progress(10)
    progress.echo("skipped: x.jsonl line 3: not JSON")
    progress(20)
    progress.finish()
    progress.finish()  # once is enough
    shown = stream.getvalue()
    bar = "[############------------]  50%  10 documents committed"
    assert shown.startswith(CLEAR + bar)
    assert f"{CLEAR}skipped: x.jsonl line 3: not JSON\n{CLEAR}[" in shown
    assert "50 B of 100 B read" in shown
    assert shown.endswith("ETA 0:01\n") and shown.count("\n") == 2
    meter.bytes_read = 100
    progress(90)
    assert stream.getvalue().endswith("100 B of 100 B read, all read, committing the last batch")


def test_between_commits_the_ticker_keeps_the_bar_moving() -> None:
    stream, meter = io.StringIO(), ByteMeter()
    with IndexProgress(stream, meter, 1000, terminal=True, every=0.01) as progress:
        progress(7)
        meter.bytes_read = 600  # read on, no commit yet
        deadline = time.monotonic() + 10
        while "600 B of 1000 B read" not in stream.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
    shown = stream.getvalue()
    assert "[##############----------]  60%  7 documents committed" in shown
    assert shown.endswith("\n")  # finished on leaving the block
    length = len(shown)
    time.sleep(0.05)
    assert len(stream.getvalue()) == length  # and the ticker has stopped


def test_piped_ticks_write_plain_lines() -> None:
    stream, meter = io.StringIO(), ByteMeter()
    with IndexProgress(stream, meter, None, terminal=False, every=0.01):
        meter.bytes_read = 2048
        deadline = time.monotonic() + 10
        while "progress:" not in stream.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
    first = stream.getvalue().splitlines()[0]
    assert first.startswith("progress: 0 documents committed, 0.0 documents/s, 2.0 kB read")
    assert "\r" not in stream.getvalue()


def test_a_piped_run_shows_no_bar(tmp_path: Path) -> None:
    source = corpus(tmp_path / "news.jsonl", 30)
    argv = ["index", str(source), "--index", str(tmp_path / "idx"), "--batch-size", "5"]
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 0, result.output
    assert "\r" not in result.stderr and "documents/s" not in result.stderr  # a quick run: quiet
    assert result.stdout.startswith("Indexed 30 documents")


@pytest.mark.slow
def test_a_terminal_shows_a_bar_with_rate_bytes_and_eta(tmp_path: Path) -> None:
    source = corpus(tmp_path / "news.jsonl", 40)
    size_kb = f"{source.stat().st_size / 2**10:.1f} kB"
    argv = ["index", str(source), "--index", str(tmp_path / "idx"), "--batch-size", "10"]
    code, shown = run_on_terminal(argv, columns=200)
    assert code == 0, shown
    bars = [part for part in shown.split(CLEAR) if part.startswith("[")]
    committed = [bar for bar in bars if "10 documents committed" in bar]
    assert committed, shown  # drawn at the first commit (the ticker may draw more)
    assert "documents/s" in committed[0]
    assert f"of {size_kb} read" in committed[0]
    # A file this small is read in one chunk, before the first commit: no ETA left.
    assert "ETA" not in committed[0] and "committing the last batch" in committed[0]
    assert bars[-1].startswith(f"[{'#' * 24}] 100%  40 documents committed")
    assert "\nIndexed 40 documents" in shown  # the report starts on a line of its own


@pytest.mark.slow
def test_the_bar_fits_a_narrow_terminal(tmp_path: Path) -> None:
    source = corpus(tmp_path / "news.jsonl", 10)
    argv = ["index", str(source), "--index", str(tmp_path / "idx"), "--batch-size", "5"]
    code, shown = run_on_terminal(argv, columns=50)
    assert code == 0, shown
    bars = [part.split("\n")[0] for part in shown.split(CLEAR)[1:]]
    assert bars and all(0 < len(bar) <= 49 for bar in bars), bars
