"""Did you mean: close spellings from the index's own vocabulary.

Asked for by :func:`searchidx.features.results.search_results` when a query
finds nothing, or on request (``suggest=True``) for any query. A query word
earns a correction only if it finds nothing on its own (sound-alike names
aside: ``Selenskij`` finds ``Selenskyj`` weakly, yet the reader still wants the
real spelling). The correction is the indexed term closest in
edits, then most frequent, shown in the spelling the documents use
(``Kurks`` -> ``Kursk``, ``Pjöngjan`` -> ``Pjöngjang``), and it is offered only
if the corrected query finds something.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from analyzers import GermanTokenizer, edit_distance, german_analyzer
from searchidx.backends.base import TEXT_FIELDS, Reader
from searchidx.errors import QuerySyntaxError

_OPERATORS = frozenset({"AND", "OR", "NOT", "TO", "ANDNOT", "ANDMAYBE"})
_FIELD_CLAUSE = re.compile(r"\b\w+:(\"[^\"]*\"|\[[^\]]*\]|\{[^}]*\}|\S+)")
_WILDCARD_NEXT = frozenset("*?~^")
MIN_LETTERS = 3
MAX_TRIES = 5  # candidates that are only compound parts have no spelling of their own
# Each word looked at costs a query, and one that finds nothing a vocabulary scan:
# the words after these stay as typed, so a long query's suggestion stays cheap.
MAX_WORDS = 10


def suggest(query: str, reader: Reader) -> str | None:
    """A corrected query string, or None when every word finds something."""
    corrections = [
        (start, end, better)
        for start, end, word in itertools.islice(_plain_words(query), MAX_WORDS)
        if not _finds_anything(reader, word)
        for better in [_closest_spelling(reader, word)]
        if better is not None
    ]
    if not corrections:
        return None
    text = query
    for start, end, better in reversed(corrections):
        text = text[:start] + better + text[end:]
    return text if _finds_anything(reader, text) else None


def _plain_words(query: str) -> Iterator[tuple[int, int, str]]:
    """Word tokens outside ``field:value`` clauses, operators and wildcards."""
    clauses = [match.span() for match in _FIELD_CLAUSE.finditer(query)]
    for t in GermanTokenizer()(query, chars=True, mode="query"):
        start, end = t.startchar, t.endchar
        if t.kind != "word" or len(t.text) < MIN_LETTERS or t.text in _OPERATORS:
            continue
        if query[end : end + 1] in _WILDCARD_NEXT or query[start - 1 : start] in _WILDCARD_NEXT:
            continue
        if any(first <= start < last for first, last in clauses):
            continue
        yield start, end, t.text


def _finds_anything(reader: Reader, text: str) -> bool:
    """Whether ``text`` matches a document by its own words (no sound-alikes)."""
    try:
        return reader.matches_own_words(text)
    except QuerySyntaxError:
        return True  # stop words only, or odd syntax: nothing to correct


def _closest_spelling(reader: Reader, word: str) -> str | None:
    analyzer = german_analyzer()
    terms = [t.text for t in analyzer(word, mode="query") if t.kind == "word"]
    if len(terms) != 1:
        return None
    term = terms[0]
    max_edits = 1 if len(term) <= 4 else 2
    prefix = 1 if len(term) <= 4 else 2
    candidates = {
        (edit_distance(term, found), -frequency, found, field)
        for field in TEXT_FIELDS
        for found, frequency in reader.near_terms(field, term, max_edits, prefix)
        if found != term
    }
    for _, _, found, field in sorted(candidates)[:MAX_TRIES]:
        surface = _surface(reader.text_with(field, found), found)
        if surface is not None:
            return surface
    return None


def _surface(text: str, term: str) -> str | None:
    """How ``text`` spells the word it is indexed as ``term``."""
    for t in german_analyzer()(text, chars=True, mode="index"):
        if t.text == term and t.kind == "word":
            return str(text[t.startchar : t.endchar])
    return None
