"""What one index run read: documents by type, and the files or records it skipped."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from searchidx.models import Document, IndexReport, Notice, Skipped

ProblemCallback = Callable[[Skipped | Notice], None]


class Tally:
    """Counts what flows from the ingester into the index and reports problems."""

    def __init__(self, on_problem: ProblemCallback | None) -> None:
        self._on_problem = on_problem
        self.articles = 0
        self.comments = 0
        self.skipped: list[Skipped] = []
        self.notices: list[Notice] = []

    def documents(self, items: Iterable[Document | Skipped | Notice]) -> Iterable[Document]:
        for item in items:
            if isinstance(item, Document):
                if item.type == "article":
                    self.articles += 1
                else:
                    self.comments += 1
                yield item
                continue
            if isinstance(item, Skipped):
                self.skipped.append(item)
            else:
                self.notices.append(item)
            if self._on_problem is not None:
                self._on_problem(item)

    def report(self, written: int, *, interrupted: bool = False) -> IndexReport:
        return IndexReport(
            indexed=written,
            articles=self.articles,
            comments=self.comments,
            skipped=tuple(self.skipped),
            notices=tuple(self.notices),
            interrupted=interrupted,
        )
