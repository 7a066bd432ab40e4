"""Facet counting straight from column data (no Whoosh ``groupedby`` overhead).

Counts cover every matching document, not just the page shown. Source and type
come by count, most frequent first; dates chronologically, at the granularity
``interval`` asks for (the stored ``month`` column serves months directly).
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, cast

from whoosh.searching import Searcher
from whoosh.util.times import long_to_datetime

from searchidx.errors import InvalidFilterError
from searchidx.models import FacetValue

# Public facet name -> the sortable column it is counted from.
FACET_COLUMNS = {"source": "source", "date": "month", "type": "type"}
DEFAULT_FACETS: tuple[str, ...] = tuple(FACET_COLUMNS)
INTERVALS = ("day", "week", "month", "year")
_NO_DATE = 2**63  # Whoosh fills the date column of undated documents with 2**64 - 1
CHRONOLOGICAL = frozenset({"date"})


def period_of(moment: datetime, interval: str) -> str:
    """The period label of ``moment``: 2024-10-08, 2024-W41, 2024-10 or 2024."""
    if interval == "day":
        return moment.strftime("%Y-%m-%d")
    if interval == "week":
        year, week, _ = moment.isocalendar()
        return f"{year}-W{week:02d}"
    if interval == "year":
        return f"{moment.year:04d}"
    return moment.strftime("%Y-%m")


def check_interval(interval: str) -> None:
    if interval not in INTERVALS:
        raise InvalidFilterError(
            f"unknown interval {interval!r}; use one of {', '.join(INTERVALS)}"
        )


def check_facet_names(names: Sequence[str]) -> None:
    unknown = [name for name in names if name not in FACET_COLUMNS]
    if unknown:
        raise InvalidFilterError(
            f"unknown facet {unknown[0]!r}; use one of {', '.join(FACET_COLUMNS)}"
        )


def count_facets(
    searcher: Searcher, docnums: Iterable[int], names: Sequence[str], interval: str = "month"
) -> dict[str, tuple[FacetValue, ...]]:
    """Count the values of each named facet over ``docnums`` (ascending)."""
    counters: dict[str, Counter[str]] = {name: Counter() for name in names}
    for labels in facet_labels(searcher, docnums, names, interval):
        for name, value in zip(names, labels, strict=True):
            if value:
                counters[name][value] += 1
    return {
        name: sorted_values(counter, chronological=name in CHRONOLOGICAL)
        for name, counter in counters.items()
    }


def facet_labels(
    searcher: Searcher, docnums: Iterable[int], names: Sequence[str], interval: str = "month"
) -> Iterator[tuple[str | None, ...]]:
    """Per document of ``docnums`` (ascending): its value of each named facet, or None."""
    check_facet_names(names)
    check_interval(interval)
    reader = searcher.reader()
    if reader.doc_count_all() == 0:
        # A new index, or one whose first commit was interrupted, has no segments;
        # Whoosh's EmptyReader then has no columns to read at all.
        return
    # Per segment, not through Whoosh's MultiColumnReader: that one leaves out
    # segments lacking a column (e.g. no dated document, no "month") and then
    # reads other segments' columns at wrong offsets or past their end.
    leaves = [(base, _columns(leaf, names, interval)) for leaf, base in reader.leaf_readers()]
    bases = [base for base, _ in leaves]
    for docnum in docnums:
        base, columns = leaves[bisect.bisect_right(bases, docnum) - 1]
        yield tuple(
            label(column[docnum - base]) if column is not None else None
            for column, label in columns
        )


Label = Callable[[Any], str | None]


def _columns(leaf: Any, names: Sequence[str], interval: str) -> list[tuple[Any, Label]]:
    """Each named facet's column in one segment (None where the segment lacks it)."""
    found: list[tuple[Any, Label]] = []
    for name in names:
        column, label = FACET_COLUMNS[name], cast(Label, _same)
        if name == "date" and interval != "month":
            column, label = "date", period_labeller(interval)
        # Raw dates: the translated column raises on undated documents.
        reader = (
            leaf.column_reader(column, translate=column != "date")
            if leaf.has_column(column)
            else None
        )
        found.append((reader, label))
    return found


def _same(value: str) -> str:
    return value


def period_labeller(interval: str) -> Label:
    """Labels raw ``date`` column values (None for undated documents)."""
    labels: dict[int, str | None] = {}  # dates repeat a lot: label each once

    def label(raw: int) -> str | None:
        if raw not in labels:
            labels[raw] = period_of(long_to_datetime(raw), interval) if raw < _NO_DATE else None
        return labels[raw]

    return label


def sorted_values(counter: Counter[str], *, chronological: bool = False) -> tuple[FacetValue, ...]:
    """Facet values by count (most frequent first, ties by value), or by value."""
    if chronological:
        ordered = sorted(counter.items())
    else:
        ordered = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    return tuple(FacetValue(value, count) for value, count in ordered)
