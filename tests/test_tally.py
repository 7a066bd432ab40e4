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
    report = tally.report(2)
    assert (report.indexed, report.articles, report.comments) == (2, 1, 1)
    assert report.skipped == (skipped,) and report.notices == (notice,)
    assert seen == [skipped, notice]
    assert not report.interrupted
