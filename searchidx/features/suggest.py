"""Did you mean: close spellings from the index's own vocabulary.

A query word earns a correction only if it finds nothing on its own (sound-
alike names aside: ``Selenskij`` finds ``Selenskyj`` weakly, yet the reader
still wants the real spelling). The correction is the indexed term closest in
edits, then most frequent, shown in the spelling the documents use
(``Kurks`` -> ``Kursk``, ``Pjöngjan`` -> ``Pjöngjang``), and it is offered only
if the corrected query finds something.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from whoosh import query as wq

from analyzers import GermanTokenizer, edit_distance
from searchidx.backends.whoosh.schema import TEXT_FIELDS
from searchidx.backends.whoosh.searching import SearchRun
from searchidx.backends.whoosh.stored import stored_fields
from searchidx.errors import QuerySyntaxError
from searchidx.query.limits import bound_expansions
from searchidx.query.parsing import make_parser, parse_query

_OPERATORS = frozenset({"AND", "OR", "NOT", "TO", "ANDNOT", "ANDMAYBE"})
_FIELD_CLAUSE = re.compile(r"\b\w+:(\"[^\"]*\"|\[[^\]]*\]|\{[^}]*\}|\S+)")
_WILDCARD_NEXT = frozenset("*?~^")
MIN_LETTERS = 3
MAX_TRIES = 5  # candidates that are only compound parts have no spelling of their own


def suggest(run: SearchRun) -> str | None:
    """A corrected query string, or None when every word finds something."""
    corrections = [
        (start, end, better)
        for start, end, word in _plain_words(run.query)
        if not _finds_anything(run, word)
        for better in [_closest_spelling(run, word)]
        if better is not None
    ]
    if not corrections:
        return None
    text = run.query
    for start, end, better in reversed(corrections):
        text = text[:start] + better + text[end:]
    return text if _finds_anything(run, text) else None


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


def _finds_anything(run: SearchRun, text: str) -> bool:
    """Whether ``text`` matches a document by its own words (no sound-alikes)."""
    try:
        parsed = parse_query(make_parser(run.searcher.schema), text)
    except QuerySyntaxError:
        return True  # stop words only, or odd syntax: nothing to correct
    if isinstance(parsed, wq.Every):
        return True
    bounded = bound_expansions(parsed, run.searcher.reader())
    return any(True for _ in run.searcher.docs_for_query(bounded))


def _closest_spelling(run: SearchRun, word: str) -> str | None:
    schema: Any = run.searcher.schema
    terms = [t.text for t in schema["text"].analyzer(word, mode="query") if t.kind == "word"]
    if len(terms) != 1:
        return None
    term = terms[0]
    reader = run.searcher.reader()
    max_edits = 1 if len(term) <= 4 else 2
    prefix = 1 if len(term) <= 4 else 2
    candidates = {
        (edit_distance(term, found), -reader.doc_frequency(field, found), found, field)
        for field in TEXT_FIELDS
        for found in reader.terms_within(field, term, max_edits, prefix=prefix)
        if found != term
    }
    for _, _, found, field in sorted(candidates)[:MAX_TRIES]:
        surface = _surface(run, field, found)
        if surface is not None:
            return surface
    return None


def _surface(run: SearchRun, field: str, term: str) -> str | None:
    """How a document spells the word it indexed as ``term``."""
    reader = run.searcher.reader()
    docnum = reader.first_id(field, term)
    text = stored_fields(run.searcher, docnum).get(field) or ""
    analyzer = run.searcher.schema[field].analyzer
    for t in analyzer(text, chars=True, mode="index"):
        if t.text == term and t.kind == "word":
            return str(text[t.startchar : t.endchar])
    return None
