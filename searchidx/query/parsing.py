"""Turning user input into Whoosh queries: the query language, filters and sorting.

The query language is Whoosh's, with AND as the default operator (news search
convention), phrases in quotes, ``field:value``, ``NOT``/``OR`` and wildcards.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import get_args

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.qparser import PhrasePlugin

from searchidx.backends.whoosh.schema import (
    FILTER_FIELDS,
    GRAMS_FIELD,
    PHONETIC_FIELD,
    TEXT_FIELDS,
    TITLE_BOOST,
    WORDS_FIELD,
)
from searchidx.errors import InvalidFilterError, QuerySyntaxError, SearchIdxError
from searchidx.features.fields import declared_in
from searchidx.features.periods import next_start, start_of
from searchidx.models import DOC_TYPES, Filters, SortOrder, wall_time
from searchidx.query.expansion import GermanQueryParser, Vocabulary
from searchidx.query.fields import FIELD_PREFIX, exact_numbers, internal_field_names
from searchidx.query.limits import check_query_text
from searchidx.query.normalizing import normalized
from searchidx.query.operators import check_operators
from searchidx.query.phrases import PositionalPhrasePlugin
from searchidx.query.plain import plain_query, plain_words
from searchidx.ranking import DEFAULT_RANKING, RankingOptions

SORT_ORDERS: tuple[SortOrder, ...] = get_args(SortOrder)
_DATE_CLAUSE = re.compile(r"\bdate:(\[[^\]]*\]|\{[^}]*\}|\S+)")
_QUERY_DATE = re.compile(r"\d{4}(-?\d{2}(-?\d{2})?)?")
_RANGE_TO = re.compile(r"\s*\bTO\b\s*")  # open ranges too: [2024 TO], [TO 2025]
_ISO_SEPARATORS = re.compile(r"(?<=\d)-(?=\d)")
_HIDDEN_FIELDS = frozenset(
    {"parent_title", "url", "rank", "extra", PHONETIC_FIELD, WORDS_FIELD, GRAMS_FIELD}
)
_DATE_PATTERNS = (
    (re.compile(r"^\d{4}$"), "year"),
    (re.compile(r"^\d{4}-\d{2}$"), "month"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "day"),
)


def make_parser(
    schema: Schema,
    vocabulary: Vocabulary | None = None,
    ranking: RankingOptions = DEFAULT_RANKING,
) -> GermanQueryParser:
    """A parser over title, text and (for names) sound-alike spellings; AND by default.

    Without a ``vocabulary`` of the index the sound-alike spellings are off.
    """
    parser = GermanQueryParser(
        [*TEXT_FIELDS, PHONETIC_FIELD],
        schema,
        vocabulary,
        fieldboosts={"title": TITLE_BOOST},
        ranking=ranking,
    )
    parser.remove_plugin_class(PhrasePlugin)
    parser.add_plugin(PositionalPhrasePlugin())
    return parser


def parse_query(parser: GermanQueryParser, text: str) -> wq.Query:
    """Parse ``text``; an empty query (or a lone ``*``) matches every document."""
    check_query_text(text)  # first: 2,000 spaces are no more an empty query than a long one
    if text.strip() in ("", "*"):
        return wq.Every()
    _check_balance(text)
    _check_fields(parser.schema, text)
    check_operators(text)
    internal = internal_field_names(text, declared_in(parser.schema.names()))
    try:
        words = plain_words(internal)
        if words is not None:  # no query syntax: the tree the parser would build, directly
            parsed = normalized(plain_query(parser, words))
        else:
            parsed = normalized(parser.parse(_compact_dates(internal), normalize=False))
    except SearchIdxError:  # ours, e.g. the vocabulary's index unreachable: not the query's fault
        raise
    except Exception as error:  # Whoosh raises assorted types on odd input
        raise QuerySyntaxError(f"cannot parse query {text!r}: {error}") from None
    if parsed is wq.NullQuery or isinstance(parsed, type(wq.NullQuery)):
        raise QuerySyntaxError(f"query {text!r} has no searchable words (only stopwords?)")
    return exact_numbers(parsed)


def _check_balance(text: str) -> None:
    if text.count('"') % 2:
        raise QuerySyntaxError(f"unbalanced quote in query {text!r}")
    depth = 0
    for char in _without_quoted(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:
        raise QuerySyntaxError(f"unbalanced parentheses in query {text!r}")


def _check_fields(schema: Schema, text: str) -> None:
    declared = {field.name for field in declared_in(schema.names())}
    for name in FIELD_PREFIX.findall(_without_quoted(text)):
        if name not in declared and (name not in schema.names() or name in _HIDDEN_FIELDS):
            known = ", ".join((*TEXT_FIELDS, *FILTER_FIELDS, *sorted(declared)))
            raise QuerySyntaxError(f"unknown field {name!r} in query; known fields: {known}")


def _compact_dates(text: str) -> str:
    """Rewrite ``date:`` values from ISO (2024-10-08) to the compact form Whoosh reads."""
    return _DATE_CLAUSE.sub(lambda match: _compact_clause(match.group(0)), text)


def _compact_clause(clause: str) -> str:
    prefix, _, value = clause.partition(":")
    bounds = [bound.strip() for bound in _RANGE_TO.split(value.strip("[]{}"))]
    if not any(bounds):
        raise QuerySyntaxError(f"date range {value!r} in query has no bounds; e.g. [2024 TO]")
    for bound in bounds:
        if bound and (not _QUERY_DATE.fullmatch(bound) or bound.startswith("0000")):
            raise QuerySyntaxError(
                f"cannot read date {bound!r} in query; use YYYY, YYYY-MM or YYYY-MM-DD"
            )
    return f"{prefix}:{_ISO_SEPARATORS.sub('', value)}"


def _without_quoted(text: str) -> str:
    return re.sub(r'"[^"]*"', "", text)


def filter_query(filters: Filters) -> wq.Query | None:
    """A Whoosh query that restricts results to ``filters`` (None: no restriction)."""
    parts = list(filter_parts(filters).values())
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def filter_parts(filters: Filters) -> dict[str, wq.Query]:
    """One restriction per active filter, keyed by what it filters on.

    Kept apart so a facet can be counted without its own filter (multi-select).
    """
    parts: dict[str, wq.Query] = {}
    if filters.sources:
        parts["source"] = wq.Or([wq.Term("source", source) for source in filters.sources])
    if filters.types:
        for doc_type in filters.types:
            if doc_type not in DOC_TYPES:
                raise InvalidFilterError(
                    f"unknown document type {doc_type!r}; use one of {', '.join(DOC_TYPES)}"
                )
        parts["type"] = wq.Or([wq.Term("type", doc_type) for doc_type in filters.types])
    if filters.authors:
        parts["author"] = wq.Or([wq.Term("author", author) for author in filters.authors])
    if filters.parent_id:
        parts["parent_id"] = wq.Term("parent_id", filters.parent_id)
    if filters.since or filters.until:
        start = period_start(filters.since) if filters.since else None
        end = period_end(filters.until) if filters.until else None
        parts["date"] = wq.DateRange("date", start, end)
    return parts


def period_start(value: str) -> datetime:
    """First moment of a date given as YYYY, YYYY-MM, YYYY-MM-DD or an ISO datetime."""
    return _parse_period(value)[0]


def period_end(value: str) -> datetime:
    """Last moment of the period ``value`` names (a whole month for ``2024-10``)."""
    return _parse_period(value)[1]


def _parse_period(value: str) -> tuple[datetime, datetime]:
    """First and last moment of a period; a wall time, as dates are stored (any offset dropped)."""
    text = value.strip()
    for pattern, interval in _DATE_PATTERNS:
        if pattern.match(text):
            try:
                start = start_of(text, interval)
            except ValueError:
                break
            after = next_start(start, interval)
            return start, (after - timedelta(microseconds=1)) if after else datetime.max
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidFilterError(
            f"cannot read date {value!r}; use YYYY, YYYY-MM, YYYY-MM-DD or an ISO datetime"
        ) from None
    moment = wall_time(moment)
    return moment, moment


def sort_spec(sort: str) -> tuple[str | None, bool]:
    """(field to sort by or None for relevance, reverse?) for a sort order name."""
    if sort not in SORT_ORDERS:
        raise InvalidFilterError(f"unknown sort {sort!r}; use one of {', '.join(SORT_ORDERS)}")
    if sort == "relevance":
        return None, False
    return "date", sort.startswith("-")
