"""Relevance order: best score first, ties by document order, pages cut consistently."""

from __future__ import annotations

import numpy as np

from searchidx.backends.whoosh.ordering import top_by_score


def test_ties_keep_document_order() -> None:
    scores = np.array([1.0, 3.0, 2.0, 3.0, 1.0])
    assert top_by_score(scores, None).tolist() == [1, 3, 2, 0, 4]


def test_a_page_is_a_prefix_of_the_full_order() -> None:
    rng = np.random.default_rng(7)
    scores = rng.integers(0, 5, size=200).astype(np.float64)
    full = top_by_score(scores, None).tolist()
    for limit in (1, 7, 10, 50, 199, 200, 500):
        assert top_by_score(scores, limit).tolist() == full[:limit]


def test_no_scores() -> None:
    assert top_by_score(np.zeros(0), 10).tolist() == []
