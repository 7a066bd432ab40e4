"""Readers during a writer, writers against writers, and searcher hygiene.

The writer is always a real `searchidx index` subprocess; the locks are the
real fcntl locks; file handles are counted in /proc/self/fd.
"""

from __future__ import annotations

import contextlib
import gc
import os
import random
import threading
import time
from pathlib import Path

import pytest
from conftest import make_doc
from reliability_helpers import (
    GROUPS,
    Corpus,
    run_cli,
    start_cli,
    wait_for,
    wait_for_generation,
    write_corpus,
)

from searchidx import DocumentNotFoundError, IndexLockedError, SearchIndex
from searchidx.backends.whoosh.writelock import write_lock

pytestmark = pytest.mark.whoosh_only("Whoosh readers, writers and locks on one directory")

DOCS = 2000
BATCH = 100


def _index_args(corpus: Path, index: Path, *extra: str) -> list[str]:
    return ["index", str(corpus), "--index", str(index), "--batch-size", str(BATCH), *extra]


def _committed_states(corpus: Corpus) -> dict[int, list[int]]:
    """Every total a reader may see, with the per-group totals that go with it."""
    totals = [*range(0, DOCS, BATCH), DOCS]
    return {
        total: [corpus.group_total(group, set(corpus.ids[:total])) for group in range(GROUPS)]
        for total in totals
    }


@pytest.mark.slow
def test_readers_see_only_committed_states_while_a_writer_commits(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", DOCS, words=15)
    states = _committed_states(corpus)
    index_dir = tmp_path / "ix"
    writer = start_cli(*_index_args(corpus.path, index_dir))
    wait_for(lambda: (index_dir / "searchidx.json").exists(), 30, "the index to exist")
    rng = random.Random(5)
    seen: set[int] = set()
    rounds = 0
    with SearchIndex.open(index_dir) as index:
        while writer.poll() is None or rounds < 3:
            total = index.search("", limit=0, facets=()).total
            assert total in states, f"uncommitted total {total}"
            group = rng.randrange(GROUPS)
            found = index.search(f"gruppe{group}", limit=0, facets=()).total
            assert found in {groups[group] for groups in states.values()}, "torn group count"
            assert index.stats().documents in states
            doc_id = rng.choice(corpus.ids)
            with contextlib.suppress(DocumentNotFoundError):  # not committed yet
                assert index.get(doc_id).text == corpus.texts[doc_id]
            seen.add(total)
            rounds += 1
    _, err = writer.communicate()
    assert writer.returncode == 0, err
    assert len(seen) >= 3, f"reader never overlapped the writer: {sorted(seen)}"
    assert DOCS in seen


@pytest.mark.slow
def test_a_second_index_run_cannot_interleave_with_the_first(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", DOCS, words=15)
    other = write_corpus(tmp_path / "other.jsonl", 10, words=5, seed=9)
    index_dir = tmp_path / "ix"
    first = start_cli(*_index_args(corpus.path, index_dir))
    wait_for_generation(index_dir, 2)
    second = run_cli(*_index_args(other.path, index_dir, "--lock-timeout", "0.2"))
    assert first.poll() is None, "the first run ended too soon to test anything"
    _, first_err = first.communicate()
    assert first.returncode == 0, first_err
    # The first run held the lock from its first to its last batch.
    assert second.returncode == 1
    assert "MAIN_WRITELOCK" in second.stderr and "--lock-timeout" in second.stderr
    assert len(second.stderr.strip().splitlines()) == 1 and "Traceback" not in second.stderr


def _small_index(path: Path) -> None:
    with SearchIndex.create(path) as index:
        index.add([make_doc(f"d{n}", f"Haubitze Nummer {n}") for n in range(20)])


def test_a_waiting_writer_gives_up_after_lock_timeout(tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    _small_index(index_dir)
    corpus = write_corpus(tmp_path / "c.jsonl", 5, words=5)
    with write_lock(index_dir, 0):
        started = time.monotonic()
        blocked = run_cli(*_index_args(corpus.path, index_dir, "--lock-timeout", "1.5"))
        waited = time.monotonic() - started
        with pytest.raises(IndexLockedError, match="MAIN_WRITELOCK"):
            SearchIndex.build(index_dir, [corpus.path], lock_timeout=0.2)
    assert blocked.returncode == 1
    assert waited >= 1.5
    message = blocked.stderr.strip()
    assert "MAIN_WRITELOCK" in message and "1.5s" in message and "--lock-timeout" in message
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    with SearchIndex.open(index_dir) as index:
        assert index.stats().documents == 20


def test_a_waiting_writer_proceeds_once_the_lock_is_free(tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    _small_index(index_dir)
    corpus = write_corpus(tmp_path / "c.jsonl", 5, words=5)
    held = threading.Event()

    def hold_lock() -> None:
        with write_lock(index_dir, 0):
            held.set()
            time.sleep(1.0)

    holder = threading.Thread(target=hold_lock)
    holder.start()
    held.wait(5)
    started = time.monotonic()
    done = run_cli(*_index_args(corpus.path, index_dir, "--lock-timeout", "30"))
    holder.join()
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started >= 0.5
    with SearchIndex.open(index_dir) as index:
        assert index.stats().documents == 25


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


SEARCHES = ("Haubitze", "Haub*", '"Haubitze Nummer"', "Nummer NOT Panzer", "source:Testquelle")


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_ten_thousand_searches_and_gets_leak_no_file_handles(tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    _small_index(index_dir)
    with SearchIndex.open(index_dir) as index:
        index.search("Haubitze")  # first use loads what stays loaded (analyzer data)
        before = _open_fds()
        gc.disable()  # a leak must not hide behind the garbage collector
        try:
            for number in range(10_000):
                if number % 10 == 0:  # 1,000 searches of every kind, 9,000 gets
                    query = SEARCHES[number // 10 % len(SEARCHES)]
                    assert index.search(query, limit=1).total == 20
                else:
                    assert index.get(f"d{number % 20}").id == f"d{number % 20}"
            after = _open_fds()
        finally:
            gc.enable()
    assert after == before, f"{after - before} file handles leaked"


def _many_segment_index(path: Path, segments: int, per_segment: int) -> list[str]:
    """An index of ``segments`` segments (one commit each, too few to merge); its words."""
    words = [f"wort{n}" for n in range(40)]
    with SearchIndex.create(path) as index:
        for segment in range(segments):
            docs = [
                make_doc(
                    f"s{segment}-{n}",
                    " ".join(words[(segment * 7 + n * k) % len(words)] for k in range(1, 6)),
                )
                for n in range(per_segment)
            ]
            index.add(docs)
    return words


@pytest.mark.slow
def test_threads_sharing_tiny_caches_never_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Starlette runs searches in a thread pool over the module-level caches of
    # postings and segment arrays; with room for almost nothing, every search
    # evicts what another thread is reading.
    import sys

    from searchidx.backends.whoosh import postings, segment_arrays

    words = _many_segment_index(tmp_path / "ix", segments=8, per_segment=12)
    monkeypatch.setattr(postings, "CACHE_POSTINGS", 1)
    monkeypatch.setattr(segment_arrays, "CACHE_SEGMENTS", 1)
    postings.clear()
    segment_arrays.clear()
    errors: list[BaseException] = []
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as the interpreter can
    try:
        with SearchIndex.open(tmp_path / "ix") as index:

            def search(worker: int) -> None:
                try:
                    for round_ in range(25):
                        word = words[(worker * 13 + round_) % len(words)]
                        index.search(f"{word} OR wort{(worker + round_) % 40}", limit=3)
                except BaseException as error:
                    errors.append(error)

            threads = [threading.Thread(target=search, args=(n,)) for n in range(12)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    finally:
        sys.setswitchinterval(previous)
        postings.clear()
        segment_arrays.clear()
    assert errors == [], f"{len(errors)} searches failed, first: {errors[0]!r}"
