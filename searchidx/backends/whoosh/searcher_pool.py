"""Open Whoosh searchers kept between requests while the index is unchanged.

Opening a searcher reads the table of contents and, per segment, the header
and bucket table of its term file through many small reads: 15-20 ms for the
seeds index on a loaded machine and more with every segment, often more than
the search itself. A server answering many requests over the same index
opens each searcher once instead. Whoosh's readers seek and read shared file
objects, so a searcher serves one request at a time: it is taken from the
pool for a request and given back afterwards, and a searcher of an older
generation (another process committed since) is closed instead of reused.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Final

from whoosh.searching import Searcher

# Idle searchers kept; more concurrent requests open more and close the extras.
MAX_IDLE: Final = 16


class SearcherPool:
    """Idle up-to-date searchers of one index; ``open`` makes a new one."""

    def __init__(self, open_searcher: Callable[[], Searcher]) -> None:
        self._open = open_searcher
        self._idle: list[Searcher] = []
        self._lock = threading.Lock()
        self._closed = False

    def take(self) -> Searcher:
        """An idle searcher that still sees the latest commit, else a new one."""
        while True:
            with self._lock:
                searcher = self._idle.pop() if self._idle else None
            if searcher is None:
                return self._open()
            if _current(searcher):
                return searcher
            searcher.close()

    def give(self, searcher: Searcher) -> None:
        """Keep ``searcher`` for the next request (closed if the pool is full or closed)."""
        with self._lock:
            if not self._closed and len(self._idle) < MAX_IDLE:
                self._idle.append(searcher)
                return
        searcher.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for searcher in idle:
            searcher.close()


def _current(searcher: Any) -> bool:
    try:
        return bool(searcher.up_to_date())
    except Exception:  # the index changed under it in a way Whoosh cannot compare
        return False
