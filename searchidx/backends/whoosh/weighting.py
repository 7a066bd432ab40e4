"""BM25F with the idf the ranking options choose, shared by Whoosh's scorers and ours.

Whoosh's idf, ``log(N / (df + 1)) + 1``, is flat: in a 500-document index a word
found in one document weighs only 2.5 times one found in a hundred. Robertson and
Spärck Jones' probabilistic idf (Lucene's and bm25s' form),
``log(1 + (N - df + 0.5) / (df + 0.5))``, separates them more (3.6 times), so
the rare words of a query, the ones that identify what the user means, lead.
"""

from __future__ import annotations

import math
from typing import Any

from whoosh.scoring import BM25F

from searchidx.ranking import RankingOptions

IDF_FORMS = ("whoosh", "probabilistic")


def idf_of(form: str, frequency: int, documents: int) -> float:
    """The idf of a term found in ``frequency`` of ``documents`` documents."""
    if form == "probabilistic":
        return math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5))
    return math.log(documents / (frequency + 1)) + 1


class RankedBM25F(BM25F):  # type: ignore[misc]
    """Whoosh's BM25F with ``ranking``'s k1, b and idf form."""

    def __init__(self, ranking: RankingOptions) -> None:
        super().__init__(B=ranking.b, K1=ranking.k1)
        self.idf_form = ranking.idf

    def idf(self, searcher: Any, fieldname: str, text: Any) -> float:
        parent = searcher.get_parent()
        frequency = int(parent.doc_frequency(fieldname, text))
        return idf_of(self.idf_form, frequency, int(parent.doc_count_all()))
