"""Crash safety: `searchidx index` killed by SIGKILL or stopped by Ctrl-C, for real.

Each run is a real subprocess over a generated corpus, committing small batches
so that kills land in every phase: reading, analysing, committing, merging.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import time
from pathlib import Path

import pytest
from reliability_helpers import (
    check_consistent,
    generation,
    run_cli,
    start_cli,
    wait_for,
    wait_for_generation,
    write_corpus,
)

from searchidx import IndexingInterruptedError, SearchIndex
from searchidx.backends.whoosh.writelock import lock_path, write_lock

pytestmark = pytest.mark.whoosh_only("killing a writer mid-commit of a Whoosh directory")

DOCS = 2000
BATCH = 100
KILLS = 5
SEED = 20241018
WORDS = 15


def _index_args(corpus: Path, index: Path, *extra: str) -> list[str]:
    return ["index", str(corpus), "--index", str(index), "--batch-size", str(BATCH), *extra]


def _debris(index: Path) -> list[str]:
    return [
        name
        for name in os.listdir(index)
        if re.fullmatch(r"_MAIN_\d+\.toc\.[\d.]+", name) or name == "MAIN.tmp"
    ]


@pytest.mark.slow
def test_sigkill_at_random_moments_leaves_a_consistent_index(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", DOCS, words=WORDS)
    index = tmp_path / "ix"
    rng = random.Random(SEED)
    counts: list[int] = []
    for kill in range(KILLS):
        start_gen = generation(index)
        writer = start_cli(*_index_args(corpus.path, index, "--lock-timeout", "0"))
        if kill == 0:
            time.sleep(rng.uniform(0.05, 0.6))  # start-up or index creation
        else:
            commits = rng.randint(1, DOCS // BATCH - 5)  # leave the run time to be killed
            wait_for_generation(index, start_gen + commits)
            time.sleep(rng.uniform(0, 0.08))  # anywhere in the next batch or commit
        writer.kill()
        writer.communicate()
        assert writer.returncode == -signal.SIGKILL, "the run ended before the kill"
        if (index / "searchidx.json").exists():
            counts.append(check_consistent(index, corpus, BATCH))
    assert counts == sorted(counts), "a later run lost committed documents"
    # The dead writer's lock file is still there; the kernel released its lock.
    assert lock_path(index).exists()
    finished = run_cli(*_index_args(corpus.path, index, "--lock-timeout", "0"))
    assert finished.returncode == 0, finished.stderr
    assert f"Indexed {DOCS} documents" in finished.stdout
    assert check_consistent(index, corpus, BATCH) == DOCS
    assert _debris(index) == []


# Big enough for index worker processes (a batch of at least 1,000 documents).
WORKER_DOCS = 20_000
WORKER_BATCH = 2_500


def _children(pid: int) -> list[int]:
    """Live processes whose parent is ``pid``."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and _stat_fields(int(entry))[1:2] == [str(pid)]:
            found.append(int(entry))
    return [child for child in found if _alive(child)]


def _stat_fields(pid: int) -> list[str]:
    """State, parent pid, … of a process from /proc (empty once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
            return stat.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return []


def _alive(pid: int) -> bool:
    return _stat_fields(pid)[:1] not in ([], ["Z"], ["X"])  # zombies are dead


def _holds(pid: int, path: Path) -> bool:
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except (FileNotFoundError, ProcessLookupError):
        return False
    for fd in fds:
        with contextlib.suppress(OSError):
            if os.readlink(f"/proc/{pid}/fd/{fd}") == str(path):
                return True
    return False


@pytest.mark.slow
def test_sigkill_while_workers_run_leaves_no_worker_and_no_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEARCHIDX_INDEX_WORKERS", "2")  # also on a one-core machine
    corpus = write_corpus(tmp_path / "corpus.jsonl", WORKER_DOCS, words=WORDS)
    index = tmp_path / "ix"
    args = ["index", str(corpus.path), "--index", str(index), "--batch-size", str(WORKER_BATCH)]
    rng = random.Random(SEED)
    counts: list[int] = []
    for _ in range(KILLS):
        writer = start_cli(*args, "--lock-timeout", "0")
        workers: list[int] = []
        try:
            wait_for(lambda: len(_children(writer.pid)) >= 2, 60, "two workers")  # noqa: B023
            time.sleep(rng.uniform(0.1, 2.5))  # analysing, committing, or both
            workers = _children(writer.pid)
            holders = [worker for worker in workers if _holds(worker, lock_path(index))]
        finally:
            writer.kill()
            killed = time.monotonic()
            writer.wait()  # not communicate(): workers may hold its pipes open
        try:
            wait_for(lambda: not any(map(_alive, workers)), 5, "the workers to die")  # noqa: B023
        finally:
            for worker in workers:  # never leave a survivor to the next test
                with contextlib.suppress(ProcessLookupError):
                    os.kill(worker, signal.SIGKILL)
            writer.communicate()
        assert writer.returncode == -signal.SIGKILL, "the run ended before the kill"
        assert holders == [], "index workers held the write lock"
        with write_lock(index, timeout=max(killed + 5 - time.monotonic(), 0)):
            pass
        counts.append(check_consistent(index, corpus, WORKER_BATCH))
    assert counts == sorted(counts), "a later run lost committed documents"
    finished = run_cli(*args, "--lock-timeout", "0")
    assert finished.returncode == 0, finished.stderr
    assert f"Indexed {WORKER_DOCS} documents" in finished.stdout
    assert check_consistent(index, corpus, WORKER_BATCH) == WORKER_DOCS


def test_debris_of_a_killed_writer_is_harmless_and_cleaned(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", 300, words=5)
    index = tmp_path / "ix"
    assert run_cli(*_index_args(corpus.path, index)).returncode == 0
    # What SIGKILL leaves mid-commit: a half-written TOC, the posting pool, and
    # an unfinished segment no TOC mentions.
    (index / f"_MAIN_{generation(index) + 1}.toc.1731900000.25").write_bytes(b"\x00\x01half")
    (index / "MAIN.tmp").mkdir()
    (index / "MAIN.tmp" / "x1y2z3.run").write_bytes(os.urandom(512))
    (index / "MAIN_deadbeefdeadbeef.seg").write_bytes(os.urandom(2048))
    assert check_consistent(index, corpus, BATCH) == 300
    more = write_corpus(tmp_path / "more.jsonl", 150, words=5, seed=8)
    rerun = run_cli(*_index_args(more.path, index, "--lock-timeout", "0"))
    assert rerun.returncode == 0, rerun.stderr
    assert _debris(index) == []
    assert not (index / "MAIN_deadbeefdeadbeef.seg").exists()
    with SearchIndex.open(index) as opened:
        assert opened.stats().documents == 300  # the same ids, replaced


def test_killed_index_creation_is_completed_by_the_next_run(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", 50, words=5)
    index = tmp_path / "ix"
    index.mkdir()
    # A creation killed after Whoosh wrote its TOC but before our marker.
    (index / ".searchidx-creating").touch()
    (index / "_MAIN_0.toc").write_bytes(b"not even a pickle")
    opened = run_cli("search", "gruppe1", "--index", str(index))
    assert opened.returncode == 1 and "interrupted" in opened.stderr
    rerun = run_cli(*_index_args(corpus.path, index))
    assert rerun.returncode == 0, rerun.stderr
    assert check_consistent(index, corpus, BATCH) == 50


@pytest.mark.slow
def test_ctrl_c_commits_the_batch_in_flight_and_exits_130(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", DOCS, words=WORDS)
    index = tmp_path / "ix"
    writer = start_cli(*_index_args(corpus.path, index))
    wait_for_generation(index, 3)
    writer.send_signal(signal.SIGINT)
    out, err = writer.communicate(timeout=60)
    assert writer.returncode == 130, err
    assert "Traceback" not in err
    reported = re.search(r"interrupted: committed (\d+) documents in (\d+) batches", err)
    assert reported is not None, err
    committed = int(reported.group(1))
    assert 0 < committed < DOCS
    assert f"Indexed {committed} documents" in out
    assert "run the same `searchidx index` again" in err
    with SearchIndex.open(index) as opened:
        assert opened.stats().documents == committed
    finished = run_cli(*_index_args(corpus.path, index, "--lock-timeout", "0"))
    assert finished.returncode == 0, finished.stderr
    assert check_consistent(index, corpus, BATCH) == DOCS


def test_should_stop_commits_what_it_has_and_reports_it(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", 250, words=5)
    asked: list[int] = []

    def stop_after_two_commits() -> bool:
        return len(asked) >= 2

    with pytest.raises(IndexingInterruptedError) as stopped:
        SearchIndex.build(
            tmp_path / "ix",
            [corpus.path],
            batch_size=BATCH,
            on_progress=asked.append,
            should_stop=stop_after_two_commits,
        )
    report = stopped.value.report
    assert report.interrupted and report.indexed == 2 * BATCH + 1  # + the doc in flight
    with SearchIndex.open(tmp_path / "ix") as index:
        assert index.stats().documents == report.indexed


def test_interrupted_rebuild_keeps_the_old_index_and_no_staging(tmp_path: Path) -> None:
    old = write_corpus(tmp_path / "old.jsonl", 30, words=5)
    new = write_corpus(tmp_path / "new.jsonl", 300, words=5, seed=9)
    index = tmp_path / "ix"
    SearchIndex.build(index, [old.path])[0].close()
    (tmp_path / ".ix.rebuild-killed").mkdir()  # what a killed rebuild leaves
    with pytest.raises(IndexingInterruptedError, match="unchanged"):
        SearchIndex.build(index, [new.path], rebuild=True, should_stop=lambda: True)
    assert check_consistent(index, old, BATCH) == 30
    assert not list(tmp_path.glob(".ix.*"))
    index.chmod(0o755)
    SearchIndex.build(index, [new.path], rebuild=True)[0].close()
    assert check_consistent(index, new, BATCH) == 300
    assert index.stat().st_mode & 0o777 == 0o755, "the rebuilt index lost its permissions"
