"""Facet counting straight from column data (no Whoosh ``groupedby`` overhead).

Counts cover every matching document, not just the page shown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

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
    """Count the values of each named facet over ``docnums``."""
    check_facet_names(names)
    reader = searcher.reader()
    columns = [(name, reader.column_reader(FACET_COLUMNS[name], translate=True)) for name in names]
    counters: dict[str, Counter[str]] = {name: Counter() for name in names}
    for docnum in docnums:
        for name, column in columns:
            value = column[docnum]
            if value:
                counters[name][value] += 1
    return {name: sorted_values(counter) for name, counter in counters.items()}


def sorted_values(counter: Counter[str]) -> tuple[FacetValue, ...]:
    """Facet values by count, most frequent first, ties by value."""
    ordered = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    return tuple(FacetValue(value, count) for value, count in ordered)
