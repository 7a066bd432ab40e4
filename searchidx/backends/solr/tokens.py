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

from analyzers import TokenInfo, field_analyzer

FORMAT_VERSION = "1"
# The one term of a stored field whose text has no terms of its own ("Ja und nein."
# is all stopwords). Solr's PreAnalyzedField indexes a stored text without tokens
# by re-reading the text itself as pre-analyzed JSON and fails the whole batch;
# this term keeps the text stored. No analysed word is empty of letters like it, so
# no query matches it, and the vocabulary leaves it out of expansions.
NO_TERMS = "\u0000"
# JSON's string quoting without ASCII escapes (C speed), as json.dumps(ensure_ascii=False).
_quoted = json.encoder.encode_basestring


def pre_analyzed(text: str, field: str, *, stored: bool = True) -> str:
    """The JSON value Solr indexes for ``text`` in ``field`` (title, text, words, phonetic).

    The same bytes as ``json.dumps`` of :func:`token_list`'s entries, written
    directly: this runs for every term Solr indexes, and building a dict per
    term cost a third of the analysis itself. The terms come from the analyzer's
    own fast path (:meth:`analyzers.CachedAnalyzer.positioned_terms`), which shares
    a text's tokenization with its other fields (``text`` and ``words``).
    """
    offsets = field in ("title", "text")
    # In position order, emission order breaking ties, as the stable sort in token_list.
    ordered = field_analyzer(field).positioned_terms(text)
    entries: list[str] = []
    last_pos, last_start = -1, 0
    for pos, start, _, end, term in ordered:
        if offsets:
            start = max(start, last_start)
            entries.append(
                f'{{"t":{_quoted(term)},"i":{pos - last_pos},"s":{start},"e":{max(end, start)}}}'
            )
            last_start = start
        else:
            entries.append(f'{{"t":{_quoted(term)},"i":{pos - last_pos}}}')
        last_pos = pos
    if stored and text and not entries:
        entries.append(f'{{"t":{_quoted(NO_TERMS)},"i":1,"s":0,"e":0}}')
    stored_text = f',"str":{_quoted(text)}' if stored else ""
    return f'{{"v":"{FORMAT_VERSION}"{stored_text},"tokens":[{",".join(entries)}]}}'


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
