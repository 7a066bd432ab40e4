"""Facet counting straight from column data (no Whoosh ``groupedby`` overhead).

Counts cover every matching document, not just the page shown. Source and type
come by count, most frequent first; dates chronologically, at the granularity
``interval`` asks for (the stored ``month`` column serves months directly).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import numpy as np
from whoosh.searching import Searcher
from whoosh.util.times import long_to_datetime

from searchidx.backends.base import check_facet_names
from searchidx.backends.whoosh.declared import declared_fields
from searchidx.backends.whoosh.segment_arrays import (
    BoolArray,
    IntArray,
    Labels,
    arrays_for,
    column_labels,
    dates,
)
from searchidx.features.fields import DeclaredField
from searchidx.features.periods import check_interval, period_of
from searchidx.models import FacetValue

# Public facet name -> the sortable column it is counted from.
FACET_COLUMNS = {"source": "source", "date": "month", "type": "type"}
_NO_DATE = 2**63  # Whoosh fills the date column of undated documents with 2**64 - 1
CHRONOLOGICAL = frozenset({"date"})


def count_facets(
    searcher: Searcher,
    docs: BoolArray | Iterable[int],
    names: Sequence[str],
    interval: str = "month",
) -> dict[str, tuple[FacetValue, ...]]:
    """Count the values of each named facet over ``docs`` (a mask or document numbers)."""
    check_facet_names(names, declared_fields(searcher.schema))
    check_interval(interval)
    mask = as_mask(searcher, docs)
    counters: dict[str, Counter[str]] = {name: Counter() for name in names}
    for leaf, _, local in _leaves(searcher, mask):
        for name in names:
            codes, values = leaf_codes(leaf, name, interval)
            found = codes[local]
            tally = np.bincount(found[found >= 0], minlength=len(values))
            for code in np.flatnonzero(tally):
                counters[name][values[code]] += int(tally[code])
    return {
        name: sorted_values(counter, chronological=name in CHRONOLOGICAL)
        for name, counter in counters.items()
    }


def count_pairs(
    searcher: Searcher, docs: BoolArray, names: tuple[str, str], interval: str = "month"
) -> Counter[tuple[str, str | None]]:
    """Documents per (first facet's value, second facet's value or None)."""
    check_facet_names(names)
    check_interval(interval)
    counter: Counter[tuple[str, str | None]] = Counter()
    for leaf, _, local in _leaves(searcher, docs):
        first, first_values = leaf_codes(leaf, names[0], interval)
        second, second_values = leaf_codes(leaf, names[1], interval)
        width = len(second_values) + 1  # slot 0: no second value
        pairs = first[local] * width + second[local] + 1
        pairs = pairs[first[local] >= 0]
        tally = np.bincount(pairs, minlength=len(first_values) * width)
        for pair in np.flatnonzero(tally):
            code, slot = divmod(int(pair), width)
            label = second_values[slot - 1] if slot else None
            counter[(first_values[code], label)] += int(tally[pair])
    return counter


def as_mask(searcher: Searcher, docs: BoolArray | Iterable[int]) -> BoolArray:
    """Document numbers as a mask over the whole index."""
    if isinstance(docs, np.ndarray) and docs.dtype == np.bool_:
        return docs
    mask = np.zeros(searcher.reader().doc_count_all(), dtype=np.bool_)
    numbers = np.fromiter(docs, dtype=np.int64)
    mask[numbers] = True
    return mask


def _leaves(searcher: Searcher, mask: BoolArray) -> Iterator[tuple[Any, int, BoolArray]]:
    """(segment reader, base, its slice of ``mask``) for segments with a match.

    Per segment, not through Whoosh's MultiColumnReader: that one leaves out
    segments lacking a column (e.g. no dated document, no "month") and then
    reads other segments' columns at wrong offsets.
    """
    reader = searcher.reader()
    if reader.doc_count_all() == 0:
        return  # a new index has no segments, and Whoosh's EmptyReader no columns
    for leaf, base in reader.leaf_readers():
        local = mask[base : base + leaf.doc_count_all()]
        if local.any():
            yield leaf, base, local


def leaf_codes(leaf: Any, name: str, interval: str) -> tuple[IntArray, list[str]]:
    """Per document of one segment: the code of its ``name`` value (-1: none), and labels."""
    if name != "date" or interval == "month":
        labels = column_labels(leaf, facet_column(name))
        return labels.codes, labels.values
    labels = period_labels(leaf, interval)
    return labels.codes, labels.values


def facet_column(name: str) -> str:
    """The sortable column a facet is counted from (a declared field's internal name)."""
    return FACET_COLUMNS.get(name) or DeclaredField(name, "keyword").internal


def period_labels(leaf: Any, interval: str) -> Labels:
    """One segment's dates as period codes (day, week, year), computed once per segment."""
    cached = arrays_for(leaf).labels
    key = f"date/{interval}"
    if key not in cached:
        distinct, inverse = np.unique(dates(leaf), return_inverse=True)
        label = period_labeller(interval)
        code_of: dict[str, int] = {}
        codes_of_distinct = np.array(
            [
                -1
                if (found := label(int(value))) is None
                else code_of.setdefault(found, len(code_of))
                for value in distinct.tolist()
            ],
            dtype=np.int64,
        )
        cached[key] = Labels(codes_of_distinct[inverse.reshape(-1)], list(code_of))
    return cached[key]


Label = Callable[[Any], str | None]


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
