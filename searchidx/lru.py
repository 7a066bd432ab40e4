"""A bounded least-recently-used cache that threads may share.

The HTTP server runs searches in Starlette's thread pool, and they all read
the module-level caches of posting and column arrays. An ``OrderedDict`` is
not safe there: a ``get`` followed by ``move_to_end`` races another thread's
eviction and raises KeyError (a 500 for the user). Every operation here holds
one lock; computing a missing value happens outside it, so two threads may
both compute the same value and the later one simply replaces the earlier.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def _one(_: object) -> int:
    return 1


class LRUCache(Generic[K, V]):
    """Keeps the most recently used values whose weights add up to ``capacity``.

    ``capacity`` is read on every insert (tests shrink it); the newest value is
    kept even when it alone weighs more than the capacity.
    """

    def __init__(self, capacity: Callable[[], int], weight: Callable[[V], int] = _one) -> None:
        self._capacity = capacity
        self._weight = weight
        self._items: OrderedDict[K, V] = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: K, value: V) -> None:
        with self._lock:
            replaced = self._items.pop(key, None)
            if replaced is not None:
                self._total -= self._weight(replaced)
            self._items[key] = value
            self._total += self._weight(value)
            capacity = self._capacity()
            while self._total > capacity and len(self._items) > 1:
                _, dropped = self._items.popitem(last=False)
                self._total -= self._weight(dropped)

    def total_weight(self) -> int:
        with self._lock:
            return self._total

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._total = 0
