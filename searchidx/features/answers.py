"""Answers to searches kept while the index they came from is unchanged.

A server sees the same searches again and again (the day's topic, the page's
facet clicks), and at 100k documents one answer costs ~20 ms of CPU while a
kept one costs a dictionary lookup. An answer is kept under the reader's
``version`` (see :meth:`searchidx.backends.base.Reader.version`) together
with everything the caller asked, so a commit, a deletion or a rebuild makes
every older answer unreachable: nothing is ever served from an index state
other than the one the search read. Backends whose version is None (SolrCloud,
which keeps its own query result cache) are never cached here.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from searchidx.lru import LRUCache
from searchidx.models import Results

# Weight = hits kept (+1 per answer): 20,000 ~ 2,000 pages of 10 hits, tens of MB.
DEFAULT_CAPACITY = 20_000


def _weight(results: Results) -> int:
    return 1 + len(results.hits)


class Answers:
    """Kept :class:`Results` by (index version, request); ``capacity`` 0 keeps none."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < 0:
            raise ValueError(f"capacity must be 0 or more, not {capacity}")
        self.capacity = capacity
        self._kept: LRUCache[Hashable, Results] = LRUCache(lambda: self.capacity, _weight)
        self._version: Hashable | None = None

    def answer(
        self, version: Hashable | None, request: Hashable, search: Callable[[], Results]
    ) -> Results:
        """The kept answer to ``request`` at ``version``, else ``search()`` kept for next time."""
        if version is None or self.capacity == 0:
            return search()
        key = (version, request)
        kept = self._kept.get(key)
        if kept is not None:
            return kept
        results = search()
        self._forget_older(version)
        if _weight(results) <= self.capacity:  # an export-sized answer would evict all others
            self._kept.put(key, results)
        return results

    def __len__(self) -> int:
        return len(self._kept)

    def _forget_older(self, version: Hashable) -> None:
        # Answers of an older version can never be asked for again by a reader
        # of the newer one; dropping them at once frees their memory.
        if version != self._version:
            self._version = version
            self._kept.clear()
