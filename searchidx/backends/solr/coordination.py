"""The coordination factor on Solr: scores times (OR-joined words matched / words asked)^e.

The same lever as on Whoosh (:class:`searchidx.ranking.RankingOptions`,
``coordination``): BM25 adds words up, so one word found often can outweigh two
words found once. Solr multiplies through a ``boost`` query whose function counts,
per document, the words whose own query (every field it is looked up in) matches;
each word's query travels as a named JSON query (``queries``) the function reads
with ``query($name)``.
"""

from __future__ import annotations

from collections.abc import Sequence

from searchidx.backends.solr.translate import Json

_NAME = "coord_{}"


def coordinated(query: Json, words: Sequence[Json], exponent: float) -> tuple[Json, Json]:
    """(``query`` scaled by the share of ``words`` a document matches, the named word queries).

    A document matching none of the words (through another part of the query)
    counts as matching one, as on Whoosh.
    """
    if not exponent or len(words) < 2:
        return query, {}
    names = [_NAME.format(number) for number in range(len(words))]
    matched = ",".join(f"if(exists(query(${name})),1,0)" for name in names)
    share = f"div(max(sum({matched}),1),{len(words)})"
    factor = f"pow({share},{float(exponent)!r})"
    return {"boost": {"query": query, "b": factor}}, dict(zip(names, words, strict=True))
