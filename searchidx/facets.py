"""Facet counting straight from column data (no Whoosh ``groupedby`` overhead).

Counts cover every matching document, not just the page shown.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from whoosh.searching import Searcher

from searchidx.errors import InvalidFilterError
from searchidx.models import FacetValue

# Public facet name -> the sortable column it is counted from.
FACET_COLUMNS = {"source": "source", "date": "month", "type": "type"}
DEFAULT_FACETS: tuple[str, ...] = tuple(FACET_COLUMNS)


def check_facet_names(names: Sequence[str]) -> None:
    unknown = [name for name in names if name not in FACET_COLUMNS]
    if unknown:
        raise InvalidFilterError(
            f"unknown facet {unknown[0]!r}; use one of {', '.join(FACET_COLUMNS)}"
        )


def count_facets(
    searcher: Searcher, docnums: Iterable[int], names: Sequence[str]
) -> dict[str, tuple[FacetValue, ...]]:
    """Count the values of each named facet over ``docnums`` (ascending)."""
    check_facet_names(names)
    reader = searcher.reader()
    counters: dict[str, Counter[str]] = {name: Counter() for name in names}
    if reader.doc_count_all() == 0:
        # A new index, or one whose first commit was interrupted, has no segments;
        # Whoosh's EmptyReader then has no columns to read at all.
        return {name: () for name in names}
    # Per segment, not through Whoosh's MultiColumnReader: that one leaves out
    # segments lacking a column (e.g. no dated document, no "month") and then
    # reads other segments' columns at wrong offsets or past their end.
    leaves = [(base, leaf, _columns(leaf, names)) for leaf, base in reader.leaf_readers()]
    bases = [base for base, _, _ in leaves]
    for docnum in docnums:
        base, _, columns = leaves[bisect.bisect_right(bases, docnum) - 1]
        for name, column in columns:
            value = column[docnum - base]
            if value:
                counters[name][value] += 1
    return {name: sorted_values(counter) for name, counter in counters.items()}


def _columns(leaf: Any, names: Sequence[str]) -> list[tuple[str, Any]]:
    """The facet columns one segment has (a segment may lack some entirely)."""
    return [
        (name, leaf.column_reader(FACET_COLUMNS[name], translate=True))
        for name in names
        if leaf.has_column(FACET_COLUMNS[name])
    ]


def sorted_values(counter: Counter[str]) -> tuple[FacetValue, ...]:
    """Facet values by count, most frequent first, ties by value."""
    ordered = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    return tuple(FacetValue(value, count) for value, count in ordered)
