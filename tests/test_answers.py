"""Answers kept for repeated searches: by index version, dropped with every commit."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ids, make_doc
from parity import IndexFactory

from searchidx import SearchIndex
from searchidx.features.answers import Answers
from searchidx.models import Results


def results(query: str, hits: int = 0) -> Results:
    return Results(query, total=hits, offset=0, limit=10, hits=(), facets={})


class Counting:
    """A search that says how often it ran."""

    def __init__(self, answer: Results) -> None:
        self.answer = answer
        self.runs = 0

    def __call__(self) -> Results:
        self.runs += 1
        return self.answer


def test_a_repeated_request_at_one_version_is_searched_once() -> None:
    answers, search = Answers(), Counting(results("Kursk"))
    first = answers.answer(1, ("Kursk",), search)
    assert answers.answer(1, ("Kursk",), search) is first
    assert search.runs == 1
    answers.answer(1, ("Putin",), search)
    assert search.runs == 2 and len(answers) == 2


def test_a_new_version_searches_again_and_forgets_the_older_answers() -> None:
    answers, search = Answers(), Counting(results("Kursk"))
    answers.answer(1, ("Kursk",), search)
    answers.answer(1, ("Putin",), search)
    answers.answer(2, ("Kursk",), search)
    assert search.runs == 3 and len(answers) == 1


@pytest.mark.parametrize(
    ("capacity", "version"), [(0, 1), (100, None)], ids=["switched-off", "no-version"]
)
def test_nothing_is_kept_when_switched_off_or_without_a_version(
    capacity: int, version: int | None
) -> None:
    answers, search = Answers(capacity), Counting(results("Kursk"))
    answers.answer(version, ("Kursk",), search)
    answers.answer(version, ("Kursk",), search)
    assert search.runs == 2 and len(answers) == 0


def test_an_answer_heavier_than_the_capacity_is_not_kept(seed_index_path: Path) -> None:
    with SearchIndex.open(seed_index_path) as index:
        every = index.search("", limit=None)
    answers = Answers(capacity=len(every.hits))  # the answer weighs one more than its hits
    search = Counting(every)
    answers.answer(1, ("",), search)
    answers.answer(1, ("",), search)
    assert search.runs == 2 and len(answers) == 0


def test_a_negative_capacity_is_refused() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        Answers(-1)


# -- through SearchIndex ---------------------------------------------------------------


def test_the_facade_answers_a_repeated_search_from_memory(seed_index_path: Path) -> None:
    with SearchIndex.open(seed_index_path) as index:
        first = index.search("Kursk")
        assert index.search("Kursk") is first
        assert index.search("Kursk", limit=1) is not first
        assert index.search("Kursk", limit=1).hits == first.hits[:1]
        assert index.search("Kursk", facets=()) is not first
        index.answers.capacity = 0
        again = index.search("Kursk")
        assert again is not first and again == first


def test_a_repeated_search_sees_every_commit(new_index: IndexFactory) -> None:
    with new_index() as index:
        index.add([make_doc("a", "Haubitze")])
        assert ids(index.search("Haubitze")) == ["a"]
        index.add([make_doc("b", "Haubitze")])
        assert sorted(ids(index.search("Haubitze"))) == ["a", "b"]
        index.delete(["a"])
        assert ids(index.search("Haubitze")) == ["b"]
        index.add([make_doc("b", "Panzer")])  # replaced by id
        assert index.search("Haubitze").total == 0


@pytest.mark.whoosh_only("kept answers are the Whoosh backend's; Solr keeps its own")
def test_a_commit_by_another_process_is_seen(new_index: IndexFactory, tmp_path: Path) -> None:
    with new_index() as index:
        index.add([make_doc("a", "Haubitze")])
        assert ids(index.search("Haubitze")) == ["a"]
        with SearchIndex.open(index.location) as other:
            other.add([make_doc("b", "Haubitze")])
        assert sorted(ids(index.search("Haubitze"))) == ["a", "b"]


def version_of(index: SearchIndex) -> object:
    reader = index._backend.reader()
    try:
        return reader.version()
    finally:
        reader.close()


@pytest.mark.whoosh_only("the Solr reader has no version: see the last test")
def test_the_whoosh_version_changes_with_each_commit(new_index: IndexFactory) -> None:
    with new_index() as index:
        assert version_of(index) is None  # empty: nothing to tell, nothing kept
        index.add([make_doc("a", "Haubitze")])
        seen = [version_of(index)]
        assert version_of(index) == seen[-1]
        index.add([make_doc("b", "Haubitze")])
        seen.append(version_of(index))
        index.delete(["a"])
        seen.append(version_of(index))
        assert None not in seen and len(set(seen)) == 3


def test_only_a_backend_with_versions_keeps_answers(new_index: IndexFactory, backend: str) -> None:
    with new_index() as index:
        index.add([make_doc("a", "Haubitze")])
        kept = index.search("Haubitze") is index.search("Haubitze")
        assert kept == (backend == "whoosh")
        assert (version_of(index) is None) == (backend == "solr")
