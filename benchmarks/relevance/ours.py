"""searchidx as a relevance engine: a real index in a temporary directory."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from searchidx import Document, SearchIndex
from searchidx.errors import SearchIdxError

TOP = 10


class SearchidxEngine:
    """``SearchIndex.search`` with the words OR-joined, as a user would type them."""

    def __init__(self, name: str = "searchidx") -> None:
        self.name = name
        self.index: SearchIndex | None = None

    def build(self, bodies: Sequence[str], workdir: Path) -> None:
        self.index = SearchIndex.create(workdir / self.name)
        self.index.add(
            Document(id=str(number), type="article", text=body)
            for number, body in enumerate(bodies)
        )

    def search(self, words: Sequence[str]) -> list[int]:
        assert self.index is not None
        try:
            results = self.index.search(" OR ".join(words), limit=TOP, facets=())
        except SearchIdxError:  # a query of stop words only
            return []
        return [int(hit.id) for hit in results.hits]


def ablations() -> list[SearchidxEngine]:
    return []
