"""The collection's terms, read with Solr's terms component, for our query expansion.

Sound-alike names (the phonetic field) and wildcards, prefixes, ranges and
fuzzy terms expand into the terms the collection holds, under the same limits
as on Whoosh (:mod:`searchidx.query_limits`): past them the user gets the same
QuerySyntaxError naming the culprit.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from whoosh import query as wq

from analyzers import edit_distance
from searchidx.backends.solr.client import SolrClient
from searchidx.backends.solr.tokens import NO_TERMS
from searchidx.backends.whoosh.vocabulary import within_edits
from searchidx.query.limits import MAX_EXPANSION_SECONDS, MAX_EXPANSIONS, ExpandedTerms

_WILDCARDS = re.compile(r"[*?]")


class SolrVocabulary:
    """Terms of one collection's fields (a :class:`searchidx.expansion.Vocabulary`)."""

    def __init__(self, client: SolrClient, collection: str) -> None:
        self.client = client
        self.collection = collection

    def terms(self, field: str, limit: int, **options: str | bool) -> list[str]:
        return list(self.counts(field, limit, **options))

    def counts(self, field: str, limit: int, **options: str | bool) -> dict[str, int]:
        """Terms of ``field`` in index order with their document frequencies.

        The placeholder of texts without terms (:data:`tokens.NO_TERMS`) is no word.
        """
        params: dict[str, Any] = {
            "terms.fl": field,
            "terms.limit": limit + 1 if limit > 0 else limit,
            "terms.sort": "index",
            "terms.mincount": 1,
            **{f"terms.{name}": value for name, value in options.items()},
        }
        found = self.client.get(f"{self.collection}/terms", params).get("terms", {}).get(field, [])
        # Solr's JSON lists [term, count, term, count, ...] (or a map with json.nl=map).
        pairs: Iterable[tuple[Any, Any]] = (
            found.items() if isinstance(found, dict) else zip(found[::2], found[1::2], strict=True)
        )
        words = ((str(term), int(count)) for term, count in pairs if term != NO_TERMS)
        return dict(itertools.islice(words, limit) if limit > 0 else words)

    def terms_with_prefix(self, fieldname: str, prefix: str) -> Iterable[str]:
        return self.terms(fieldname, MAX_EXPANSIONS + 1, prefix=prefix)

    def has_term(self, fieldname: str, term: str) -> bool:
        # In index order a term comes first among the terms it is a prefix of.
        return self.terms(fieldname, 1, prefix=term) == [term]

    def known_terms(self, fieldname: str, terms: Sequence[str]) -> list[str]:
        """Those of ``terms`` the collection holds, in one request (``terms.list``)."""
        found = self.counts(fieldname, -1, list=",".join(terms))
        return [term for term in terms if found.get(term, 0) > 0]

    def near_terms(self, fieldname: str, term: str, max_edits: int, prefix: int) -> list[str]:
        """Terms sharing ``term``'s first ``prefix`` characters, ≤ ``max_edits`` edits away.

        The terms component cannot match by edit distance; the length band narrows
        the terms sent back, our Levenshtein check (as on Whoosh) decides.
        """
        shortest, longest = max(prefix, len(term) - max_edits), len(term) + max_edits
        band = f".{{{shortest},{longest}}}"
        found = self.terms(fieldname, -1, prefix=term[:prefix], regex=band)
        return sorted({t for t in found if t != term and within_edits(term, t, max_edits)})


def bound_expansions(
    query: wq.Query,
    vocabulary: SolrVocabulary,
    *,
    max_terms: int = MAX_EXPANSIONS,
    max_seconds: float = MAX_EXPANSION_SECONDS,
) -> wq.Query:
    """``query`` with every expanding part frozen to the collection's matching terms."""
    deadline = time.monotonic() + max_seconds
    return _bound(query, vocabulary, max_terms, deadline)


def _bound(query: wq.Query, vocabulary: SolrVocabulary, max_terms: int, deadline: float) -> Any:
    query = query.apply(lambda child: _bound(child, vocabulary, max_terms, deadline))
    if isinstance(query, wq.Every) and query.fieldname not in (None, "", "*"):
        found = vocabulary.terms(query.fieldname, max_terms + 1)
        label, constant = f"{query.fieldname}:*", True
    elif isinstance(query, wq.PatternQuery | wq.FuzzyTerm | wq.TermRange):
        found = list(_matching(query, vocabulary, max_terms))
        label, constant = str(query), query.constantscore
    else:
        return query
    expanded = ExpandedTerms(
        query.fieldname, label, query.boost, (term.encode("utf-8") for term in found), constant
    )
    expanded.collect(max_terms, deadline)
    return expanded


def _matching(query: wq.Query, vocabulary: SolrVocabulary, max_terms: int) -> Iterator[str]:
    field = query.fieldname
    if isinstance(query, wq.Prefix):
        return iter(vocabulary.terms(field, max_terms + 1, prefix=query.text))
    if isinstance(query, wq.Wildcard):
        literal = _WILDCARDS.split(query.text, 1)[0]
        pattern = "".join(_java_regex(char) for char in query.text)
        return iter(vocabulary.terms(field, max_terms + 1, prefix=literal, regex=pattern))
    if isinstance(query, wq.Regex):
        return iter(vocabulary.terms(field, max_terms + 1, regex=query.text))
    if isinstance(query, wq.FuzzyTerm):
        start = query.text[: query.prefixlength]
        # Every term sharing the fixed prefix is a candidate; the limit bounds the scan.
        candidates = vocabulary.terms(field, 50 * max_terms, prefix=start)
        return (term for term in candidates if edit_distance(term, query.text) <= query.maxdist)
    options: dict[str, str | bool] = {}
    if query.start is not None:
        options.update(lower=str(query.start), **{"lower.incl": not query.startexcl})
    if query.end is not None:
        options.update(upper=str(query.end), **{"upper.incl": not query.endexcl})
    return iter(vocabulary.terms(field, max_terms + 1, **options))


def _java_regex(char: str) -> str:
    if char == "*":
        return ".*"
    if char == "?":
        return "."
    return char if char.isalnum() else "\\" + char
