"""The tally of an index run: documents by type, problems reported as they come."""

from __future__ import annotations

from conftest import make_doc

from searchidx.ingest.tally import Tally
from searchidx.models import Notice, Skipped


def test_counts_documents_and_collects_problems_in_order() -> None:
    seen: list[object] = []
    tally = Tally(seen.append)
    skipped, notice = Skipped("a.html", "no text"), Notice("b.html", "date guessed")
    items = [make_doc("a", "x"), skipped, make_doc("c", "y", type="comment"), notice]
    assert [doc.id for doc in tally.documents(items)] == ["a", "c"]
    report = tally.report()
    assert (report.indexed, report.articles, report.comments) == (2, 1, 1)
    assert report.skipped == (skipped,) and report.notices == (notice,)
    assert seen == [skipped, notice]
    assert not report.interrupted


def test_counts_documents_by_id_the_last_record_of_an_id_deciding_its_type() -> None:
    tally = Tally(None)
    items = [make_doc("a", "x"), make_doc("a", "y"), make_doc("a", "z", type="comment")]
    assert len(list(tally.documents(items))) == 3
    report = tally.report()
    assert (report.indexed, report.articles, report.comments, report.records) == (1, 0, 1, 3)
