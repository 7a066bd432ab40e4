"""Whoosh posting formats that take the cached analyzer's fused index path.

Whoosh's formats pull one Token object per term out of the analyzer and
group them by text; with :class:`analyzers.CachedAnalyzer` the grouping can
happen while the cached terms are replayed (``term_positions``), which saves
a generator stage and the Token bookkeeping per term. The postings written
are the same values Whoosh's own formats write (``tests/test_formats.py``);
any other analyzer or value type takes Whoosh's path unchanged.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint

WordValue = tuple[str, int, float, bytes]

# A segment's pool holds one value per posting, millions in a bulk batch: the
# frequency formats share one bytes object per count instead of one per posting.
_SHARED_COUNTS: tuple[bytes, ...] = tuple(pack_uint(count) for count in range(1024))

# Indexes written before this module moved under backends/ pickled its classes
# as ``searchidx.formats.*`` in their schema; that name must keep resolving.
sys.modules.setdefault("searchidx.formats", sys.modules[__name__])


def _fused(value: Any, analyzer: Any, kwargs: dict[str, Any]) -> dict[str, list[int]] | None:
    """Terms and positions from the analyzer's fused path, when it is the index path."""
    fast = getattr(analyzer, "term_positions", None)
    if fast is None or not isinstance(value, str) or kwargs.get("mode", "index") != "index":
        return None
    if set(kwargs) - {"mode"}:
        return None  # start_pos, no_morph, ...: Whoosh's path handles the rest
    found: dict[str, list[int]] = fast(value)
    return found


def count_value(count: int) -> bytes:
    """``pack_uint(count)``, Whoosh's ``Frequency`` posting value, shared where small."""
    if count < len(_SHARED_COUNTS):
        return _SHARED_COUNTS[count]
    return pack_uint(count)  # type: ignore[no-any-return]


def fused_positions(field: Any, value: Any) -> dict[str, list[int]] | None:
    """Term -> positions for ``field``'s index call, or None where Whoosh's path applies.

    What ``field.index(value)`` derives its postings from, for the segment
    writer's fused loop (segment_writer.py).
    """
    if not isinstance(field.format, _FusedWordValues):
        return None
    return _fused(value, field.analyzer, {"mode": "index"})


def fused_counts(field: Any, value: Any) -> dict[str, int] | None:
    """Term -> frequency for a frequency-only field whose analyzer counts terms
    itself (the grams: a token per character 5-gram), else None."""
    counts = getattr(field.analyzer, "term_counts", None)
    if (
        counts is None
        or not isinstance(field.format, CachedFrequency)
        or not isinstance(value, str)
    ):
        return None
    found: dict[str, int] = counts(value)
    return found


class _FusedWordValues:
    """``word_values`` through the fused path; subclasses say how a posting value is made."""

    field_boost: float

    def _value_of(self, positions: list[int]) -> bytes:
        raise NotImplementedError

    def value_of(self, positions: list[int]) -> bytes:
        """The posting value Whoosh's format stores for a term at ``positions``."""
        return self._value_of(positions)

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[WordValue]:
        positions = _fused(value, analyzer, kwargs)
        if positions is None:
            return super().word_values(value, analyzer, **kwargs)  # type: ignore[misc, no-any-return]
        boost = self.field_boost
        return (
            (word, len(at), float(len(at)) * boost, self._value_of(at))
            for word, at in positions.items()
        )


class CachedPositions(_FusedWordValues, Positions):  # type: ignore[misc]  # whoosh ships no type hints
    """``Positions`` (frequency, weight, positions) through the fused path."""

    def _value_of(self, positions: list[int]) -> bytes:
        return self.encode(positions)  # type: ignore[no-any-return]


class CachedFrequency(_FusedWordValues, Frequency):  # type: ignore[misc]  # whoosh ships no type hints
    """``Frequency`` (frequency, weight) through the fused path."""

    def _value_of(self, positions: list[int]) -> bytes:
        return count_value(len(positions))

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[WordValue]:
        counts = getattr(analyzer, "term_counts", None)
        if counts is None or not isinstance(value, str) or kwargs not in ({}, {"mode": "index"}):
            return super().word_values(value, analyzer, **kwargs)  # Whoosh's path for the rest
        boost = self.field_boost
        return (
            (word, count, float(count) * boost, count_value(count))
            for word, count in counts(value).items()
        )
