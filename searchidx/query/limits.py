"""What one query may cost: its length, its nesting and its term expansions.

Wildcards, prefixes, ranges and fuzzy terms expand into every matching term of
the index. ``*a*`` over a real vocabulary is tens of thousands of terms, each a
posting list to merge, and a bare ``text:*`` reads every posting of the field.
Instead of letting such a query run for minutes we expand it ourselves, with a
cap on the number of terms and on the time spent, and replace it by exactly the
terms found; past a limit the user gets a QuerySyntaxError that names the culprit.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

from whoosh import query as wq

from searchidx.errors import QuerySyntaxError

MAX_QUERY_CHARS = 2_000
# Query expansion splits compounds in time growing steeply with a word's length
# (a 2,000-letter "word" took 3 s); real words stay far below this.
MAX_WORD_CHARS = 100
MAX_NESTING = 32
MAX_EXPANSIONS = 1_000
MAX_EXPANSION_SECONDS = 2.0
_WORD = re.compile(r"\w+")
# Queries whose terms come from scanning the vocabulary (Variations and other
# small, analyzer-driven expansions are left to Whoosh).
_EXPANDING = (wq.PatternQuery, wq.FuzzyTerm, wq.TermRange)
_HINT = "make it more specific: more letters before the *, or a narrower range"


def check_query_text(text: str) -> None:
    """Reject queries too long or too deeply nested to parse quickly and safely."""
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(
            f"query is {len(text):,} characters long; the maximum is {MAX_QUERY_CHARS:,}",
            hint="search for the few words that matter",
        )
    longest = max(_WORD.findall(text), key=len, default="")
    if len(longest) > MAX_WORD_CHARS:
        raise QuerySyntaxError(
            f"query word {longest[:20]!r}… is {len(longest):,} characters long; "
            f"the maximum is {MAX_WORD_CHARS}",
            hint="no German word is that long; check for a missing space",
        )
    depth = deepest = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        deepest = max(deepest, depth)
    if deepest > MAX_NESTING:
        raise QuerySyntaxError(
            f"query nests parentheses {deepest} deep; the maximum is {MAX_NESTING}",
            hint="flatten the query",
        )


def bound_expansions(
    query: wq.Query,
    reader: Any,
    *,
    max_terms: int = MAX_EXPANSIONS,
    max_seconds: float = MAX_EXPANSION_SECONDS,
) -> wq.Query:
    """``query`` with each wildcard, prefix, range, fuzzy or field-``*`` part
    replaced by the terms it expands to in ``reader``'s index.

    Raises QuerySyntaxError when one part expands to more than ``max_terms``
    terms, or when expanding takes more than ``max_seconds`` in total.
    """
    return _bound(query, reader, max_terms, time.monotonic() + max_seconds)


def _bound(query: wq.Query, reader: Any, max_terms: int, deadline: float) -> wq.Query:
    # Plain recursion, not Query.accept(): accept's self-referencing wrapper is a
    # reference cycle that would keep ``reader`` (and its open segment file)
    # alive until the garbage collector runs, one file handle per search.
    query = query.apply(lambda child: _bound(child, reader, max_terms, deadline))
    if isinstance(query, wq.Every) and query.fieldname not in (None, "", "*"):
        terms = _lexicon(reader, query.fieldname)
        expanded = ExpandedTerms(query.fieldname, f"{query.fieldname}:*", query.boost, terms)
    elif isinstance(query, _EXPANDING):
        terms = (btext for _, btext in query.expanded_terms(reader))
        expanded = ExpandedTerms(query.field(), str(query), query.boost, terms, query.constantscore)
    else:
        return query
    expanded.collect(max_terms, deadline)
    return expanded


def _lexicon(reader: Any, fieldname: str) -> Iterator[bytes]:
    if fieldname not in reader.schema:
        return iter(())
    return iter(reader.lexicon(fieldname))


class ExpandedTerms(wq.MultiTerm):  # type: ignore[misc]
    """A multi-term query frozen to the (bounded) list of terms it expanded to.

    Subclassing MultiTerm keeps Whoosh's own matching, scoring and highlighting
    of multi-term queries; only the expansion is done once, by us.
    """

    def __init__(
        self,
        fieldname: str,
        label: str,
        boost: float,
        terms: Iterator[bytes],
        constantscore: bool = True,
    ) -> None:
        self.fieldname = fieldname
        self.text = label
        self.boost = boost
        self.constantscore = constantscore
        self._pending: Iterator[bytes] | None = terms
        self._terms: tuple[bytes, ...] = ()

    def collect(self, max_terms: int, deadline: float) -> None:
        """Expand now, within the limits (QuerySyntaxError beyond them)."""
        if self._pending is None:
            return
        found: list[bytes] = []
        for btext in self._pending:
            found.append(btext)
            if len(found) > max_terms:
                raise QuerySyntaxError(
                    f"{self.text!r} matches more than {max_terms:,} different words",
                    hint=_HINT,
                )
            if time.monotonic() > deadline:
                raise QuerySyntaxError(
                    f"expanding {self.text!r} takes too long (over the time limit)", hint=_HINT
                )
        self._pending = None
        self._terms = tuple(found)

    def _btexts(self, ixreader: Any) -> Iterator[bytes]:
        return iter(self._terms)

    def _key(self) -> tuple[str, str, float, tuple[bytes, ...]]:
        return (self.fieldname, self.text, self.boost, self._terms)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ExpandedTerms) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"ExpandedTerms({self.fieldname!r}, {self.text!r}, {len(self._terms)} terms)"
