"""Ordering matches: by relevance or by date, exactly as Whoosh's collectors order them.

Both return positions into an ascending array of document numbers. Relevance
puts higher scores first and breaks ties by document order; date order sorts
(date, document number) pairs and reverses the whole list for newest first,
as Whoosh's sorting collector does.
"""

from __future__ import annotations

import numpy as np

from searchidx.backends.whoosh.evaluation import Evaluator
from searchidx.backends.whoosh.segment_arrays import FloatArray, IntArray, UIntArray, dates


def top_by_score(scores: FloatArray, limit: int | None) -> IntArray:
    """Positions of the ``limit`` best scores (all with None), best first."""
    count = len(scores)
    negated = -scores
    if limit is None or limit >= count:
        return np.lexsort((np.arange(count), negated))
    # Only the scores that can make the page need sorting: those at or above
    # the limit-th best one (ties at the boundary included, then cut by order).
    threshold = np.partition(negated, limit - 1)[limit - 1]
    candidates = np.flatnonzero(negated <= threshold)
    ordered = candidates[np.lexsort((candidates, negated[candidates]))]
    return ordered[:limit]


def by_date(evaluator: Evaluator, docs: IntArray, reverse: bool, limit: int | None) -> IntArray:
    """Positions of ``docs`` by date (undated last, or first when reversed)."""
    keys = index_dates(evaluator)[docs]
    order = np.lexsort((docs, keys))
    if reverse:
        order = order[::-1]
    return order if limit is None else order[:limit]


def index_dates(evaluator: Evaluator) -> UIntArray:
    """Raw date column values of every document, by global document number."""
    parts = [dates(leaf) for leaf, _ in evaluator.leaves]
    if not parts:
        return np.zeros(0, dtype=np.uint64)
    return np.concatenate(parts)
