"""The shared LRU cache: bounded by weight, most recent kept, safe across threads."""

from __future__ import annotations

import sys
import threading

from searchidx.lru import LRUCache


def test_evicts_the_least_recently_used_by_weight() -> None:
    cache: LRUCache[str, str] = LRUCache(lambda: 6, weight=len)
    cache.put("a", "xx")
    cache.put("b", "yy")
    assert cache.get("a") == "xx"  # now "b" is the oldest
    cache.put("c", "zzz")
    assert cache.get("b") is None
    assert (cache.get("a"), cache.get("c")) == ("xx", "zzz")
    assert cache.total_weight() == 5 and len(cache) == 2


def test_keeps_the_newest_value_even_when_it_alone_is_too_heavy() -> None:
    cache: LRUCache[str, str] = LRUCache(lambda: 3, weight=len)
    cache.put("a", "x")
    cache.put("big", "0123456789")
    assert cache.get("a") is None and cache.get("big") == "0123456789"
    cache.put("big", "y")  # replacing a key does not count it twice
    assert cache.total_weight() == 1 and len(cache) == 1
    cache.clear()
    assert len(cache) == 0 and cache.total_weight() == 0


def test_threads_hammering_a_tiny_cache_keep_it_consistent() -> None:
    cache: LRUCache[int, bytes] = LRUCache(lambda: 4, weight=len)
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for step in range(3000):
                key = (worker * 7 + step) % 11
                if cache.get(key) is None:
                    cache.put(key, b"x" * (1 + key % 3))
        except BaseException as error:
            errors.append(error)

    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(previous)
    assert errors == []
    assert cache.total_weight() == sum(len(cache.get(k) or b"") for k in range(11))
    assert cache.total_weight() <= 4 or len(cache) == 1
