"""Searchers are reused between requests, never shared by two, never stale."""

from __future__ import annotations

import threading
from contextlib import closing
from pathlib import Path

from conftest import make_doc

from searchidx import SearchIndex
from searchidx.backends.base import Query, SearchRequest
from searchidx.backends.whoosh.backend import WhooshBackend


def _index(path: Path) -> None:
    with SearchIndex.create(path) as index:
        index.add([make_doc("d1", "Haubitze an der Front"), make_doc("d2", "Drohnen am Himmel")])


def _total(backend: WhooshBackend, text: str) -> int:
    with closing(backend.reader()) as reader:
        return reader.search(SearchRequest(Query(text))).total


def test_a_searcher_serves_the_next_request_while_the_index_is_unchanged(tmp_path: Path) -> None:
    _index(tmp_path / "ix")
    backend = WhooshBackend.open(tmp_path / "ix")
    with closing(backend):
        first = backend.reader()
        searcher = first.searcher
        first.close()
        second = backend.reader()
        assert second.searcher is searcher
        second.close()


def test_two_open_readers_never_share_a_searcher(tmp_path: Path) -> None:
    _index(tmp_path / "ix")
    backend = WhooshBackend.open(tmp_path / "ix")
    with closing(backend), closing(backend.reader()) as one, closing(backend.reader()) as two:
        assert one.searcher is not two.searcher


def test_a_commit_by_another_writer_is_seen_and_the_old_searcher_closed(tmp_path: Path) -> None:
    _index(tmp_path / "ix")
    backend = WhooshBackend.open(tmp_path / "ix")
    with closing(backend):
        assert _total(backend, "Panzer") == 0
        with closing(backend.reader()) as reader:
            old = reader.searcher
        with SearchIndex.open(tmp_path / "ix") as writer:
            writer.add([make_doc("d3", "Panzer im Schlamm")])
        assert _total(backend, "Panzer") == 1
        assert old.is_closed


def test_closing_the_backend_closes_idle_searchers(tmp_path: Path) -> None:
    _index(tmp_path / "ix")
    backend = WhooshBackend.open(tmp_path / "ix")
    with closing(backend.reader()) as reader:
        searcher = reader.searcher
    backend.close()
    assert searcher.is_closed


def test_concurrent_requests_get_the_same_answers(tmp_path: Path) -> None:
    _index(tmp_path / "ix")
    backend = WhooshBackend.open(tmp_path / "ix")
    answers: list[tuple[int, int]] = []

    def ask() -> None:
        for _ in range(20):
            answers.append((_total(backend, "Haubitze"), _total(backend, "Drohnen OR Front")))

    with closing(backend):
        threads = [threading.Thread(target=ask) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert answers == [(1, 2)] * 80


def test_closing_a_reader_twice_returns_its_searcher_once(tmp_path: Path) -> None:
    _index(tmp_path / "ix")
    backend = WhooshBackend.open(tmp_path / "ix")
    with closing(backend):
        reader = backend.reader()
        reader.close()
        reader.close()
        one, two = backend.reader(), backend.reader()
        assert one.searcher is not two.searcher
        assert not one.searcher.is_closed and not two.searcher.is_closed
        one.close()
        two.close()
