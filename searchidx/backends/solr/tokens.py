"""Our analysis as Solr's pre-analyzed JSON: the exact terms, positions and offsets.

Solr's ``PreAnalyzedField`` (JSON parser) takes ``{"v": "1", "str": stored
text, "tokens": [{"t": term, "s": start, "e": end, "i": position increment}]}``.
Whoosh counts positions from 0; Lucene from the first increment minus one, so
increments reproduce our positions exactly, stopword gaps and stacked compound
parts (increment 0) included.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from analyzers import TokenInfo, analyze_field

FORMAT_VERSION = "1"
# The one term of a stored field whose text has no terms of its own ("Ja und nein."
# is all stopwords). Solr's PreAnalyzedField indexes a stored text without tokens
# by re-reading the text itself as pre-analyzed JSON and fails the whole batch;
# this term keeps the text stored. No analysed word is empty of letters like it, so
# no query matches it, and the vocabulary leaves it out of expansions.
NO_TERMS = "\u0000"


def pre_analyzed(text: str, field: str, *, stored: bool = True) -> str:
    """The JSON value Solr indexes for ``text`` in ``field`` (title, text, words, phonetic)."""
    tokens = analyze_field(text, field)
    value: dict[str, Any] = {"v": FORMAT_VERSION}
    if stored:
        value["str"] = text
    listed = token_list(tokens, offsets=field in ("title", "text"))
    if stored and text and not listed:
        listed = [{"t": NO_TERMS, "i": 1, "s": 0, "e": 0}]
    value["tokens"] = listed
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def query_value(terms: Iterable[tuple[str, int]]) -> str:
    """Pre-analyzed JSON for a query: ``(term, position)`` pairs, no stored text."""
    tokens = [TokenInfo(text=term, pos=pos, start=0, end=0, kind="word") for term, pos in terms]
    value = {"v": FORMAT_VERSION, "tokens": token_list(tokens, offsets=False)}
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def token_list(tokens: Iterable[TokenInfo], *, offsets: bool) -> list[dict[str, Any]]:
    """Tokens in position order with increments; offsets never go backwards.

    Lucene rejects a start offset below the previous one; a joined or stacked
    form may start before a part emitted ahead of it, so offsets are clamped.
    Only offsets move: terms and positions stay exactly as analysed.
    """
    ordered = sorted(tokens, key=lambda token: (token.pos, token.start))
    result: list[dict[str, Any]] = []
    last_pos = -1
    last_start = 0
    for token in ordered:
        entry: dict[str, Any] = {"t": token.text, "i": token.pos - last_pos}
        if offsets:
            start = max(token.start, last_start)
            entry["s"] = start
            entry["e"] = max(token.end, start)
            last_start = start
        result.append(entry)
        last_pos = token.pos
    return result
