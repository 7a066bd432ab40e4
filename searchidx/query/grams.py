"""The character n-gram evidence of a query's OR-joined words (the ``grams`` field).

Both backends add this query's score to what the query itself matched, after the
coordination factor, without letting it match documents of its own: the grams of
a word are shared by many unrelated words, so they may reorder matches but never
make one (see ``gram_weight`` in :mod:`searchidx.ranking`).
"""

from __future__ import annotations

from collections.abc import Sequence

from whoosh import query as wq

from analyzers.grams import query_grams
from searchidx.backends.whoosh.schema import GRAMS_FIELD
from searchidx.ranking import RankingOptions


def or_grams(words: Sequence[str], ranking: RankingOptions) -> list[str]:
    """The distinct 5-grams of OR-joined ``words`` to score in the grams field.

    None when the lever is off or fewer than two words are OR-joined (a single
    word or an AND query is ranked by its words alone).
    """
    if not ranking.gram_weight or len(words) < 2:
        return []
    return query_grams(list(words))


def gram_query(words: Sequence[str], ranking: RankingOptions) -> wq.Query | None:
    """:func:`or_grams` as one query at the ranking's weight; None if there are none."""
    grams = or_grams(words, ranking)
    if not grams:
        return None
    return wq.Or([wq.Term(GRAMS_FIELD, gram) for gram in grams], boost=ranking.gram_weight)
