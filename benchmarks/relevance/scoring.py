"""Known-item metrics and latency: MRR@10, Success@1, Success@10, p50."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from benchmarks.relevance.known_item import KnownItem
from benchmarks.relevance.peers import Engine

CUTOFF = 10


@dataclass(frozen=True)
class Ranks:
    """Where each query's target landed (None: not in the top 10), and how long it took."""

    ranks: tuple[int | None, ...]
    seconds: tuple[float, ...]


@dataclass(frozen=True)
class Metrics:
    queries: int
    mrr: float
    s1: float
    s10: float
    p50_ms: float


def run_queries(engine: Engine, items: Sequence[KnownItem]) -> Ranks:
    ranks: list[int | None] = []
    seconds: list[float] = []
    for item in items:
        started = time.process_time()
        found = engine.search(item.words)[:CUTOFF]
        seconds.append(time.process_time() - started)
        ranks.append(found.index(item.target) + 1 if item.target in found else None)
    return Ranks(tuple(ranks), tuple(seconds))


def metrics(result: Ranks, chosen: Sequence[int] | None = None) -> Metrics:
    """Metrics over all queries, or over the queries at the ``chosen`` indices."""
    picked = range(len(result.ranks)) if chosen is None else chosen
    ranks = [result.ranks[i] for i in picked]
    seconds = [result.seconds[i] for i in picked]
    count = max(len(ranks), 1)
    return Metrics(
        queries=len(ranks),
        mrr=sum(1 / rank for rank in ranks if rank) / count,
        s1=sum(rank == 1 for rank in ranks) / count,
        s10=sum(rank is not None for rank in ranks) / count,
        p50_ms=median(seconds) * 1000 if seconds else 0.0,
    )
