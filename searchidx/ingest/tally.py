"""What one index run read: documents by type, and the files or records it skipped."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from searchidx.models import Document, IndexReport, Notice, Skipped

ProblemCallback = Callable[[Skipped | Notice], None]


class Tally:
    """Counts what flows from the ingester into the index and reports problems.

    Documents are counted by id: a corpus repeating one id 100,000 times
    indexes one document, not 100,000 (the last record of an id wins).
    """

    def __init__(self, on_problem: ProblemCallback | None) -> None:
        self._on_problem = on_problem
        self._is_article: dict[str, bool] = {}
        self.records = 0
        self.skipped: list[Skipped] = []
        self.notices: list[Notice] = []

    def documents(self, items: Iterable[Document | Skipped | Notice]) -> Iterable[Document]:
        for item in items:
            if isinstance(item, Document):
                self.records += 1
                self._is_article[item.id] = item.type == "article"
                yield item
                continue
            if isinstance(item, Skipped):
                self.skipped.append(item)
            else:
                self.notices.append(item)
            if self._on_problem is not None:
                self._on_problem(item)

    def report(self, *, interrupted: bool = False) -> IndexReport:
        # Every document read is committed, also when a run is stopped: the
        # batch in flight is committed first.
        articles = sum(self._is_article.values())
        return IndexReport(
            indexed=len(self._is_article),
            articles=articles,
            comments=len(self._is_article) - articles,
            skipped=tuple(self.skipped),
            notices=tuple(self.notices),
            interrupted=interrupted,
            records=self.records,
        )
