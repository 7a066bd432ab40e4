"""Phrase queries evaluated from cached postings: candidates by set algebra, then positions.

Whoosh's phrase matcher leapfrogs the words' posting lists one document at a
time. Here the documents holding every word come from one vectorised
intersection of posting arrays, and only those candidates have their
positions decoded and checked. Semantics and scores are Whoosh's ``Phrase``
(an ordered ``SpanNear2``, each word 1 to ``slop`` positions after the
previous one; the score is the sum of the words' term scores, times the boost).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Sequence
from functools import reduce
from itertools import pairwise
from typing import Any

import numpy as np
from whoosh import query as wq

from searchidx.backends.whoosh import postings
from searchidx.backends.whoosh.posting_blocks import values_at
from searchidx.backends.whoosh.segment_arrays import BoolArray, FloatArray, IntArray
from searchidx.backends.whoosh.single_positions import COUNT_SIZE, single_positions

TermScorer = Callable[[Any, IntArray, FloatArray], FloatArray]


def phrase_matches(
    leaves: Sequence[tuple[Any, int]],
    phrase: wq.Phrase,
    words: Sequence[Sequence[postings.Postings]],
    scorers: Sequence[TermScorer],
    within: BoolArray | None = None,
) -> tuple[IntArray, FloatArray]:
    """Global document numbers where ``phrase`` occurs, and their scores.

    ``words`` holds each phrase word's postings per segment, in segment order.
    With ``within`` (global document numbers) only those documents are checked.
    """
    found_ids: list[IntArray] = []
    found_scores: list[FloatArray] = []
    for segment, (leaf, base) in enumerate(leaves):
        lists = [per_segment[segment] for per_segment in words]
        common = reduce(_intersect, [found.ids for found in lists])
        if within is not None:
            common = common[within[common + base]]
        if not len(common):
            continue
        where = [np.searchsorted(found.ids, common) for found in lists]
        keep = _rows_in_phrase(lists, where, max(phrase.slop, 1))
        if not len(keep):
            continue
        docs = common[keep]
        total = np.zeros(len(docs), dtype=np.float64)
        for found, at, score in zip(lists, where, scorers, strict=True):
            total += score(leaf, docs, found.weights[at[keep]])
        found_ids.append(docs + base)
        found_scores.append(total * phrase.boost if phrase.boost != 1.0 else total)
    if not found_ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    return np.concatenate(found_ids), np.concatenate(found_scores)


def _rows_in_phrase(
    lists: Sequence[postings.Postings], where: Sequence[IntArray], slop: int
) -> IntArray:
    """The candidates (rows of ``where``) whose words' positions are in sequence.

    From the side file's flat positions when every word has them, else from
    Whoosh's posting values.
    """
    keys: list[IntArray] = []
    for found, at in zip(lists, where, strict=True):
        if found.positions is None:
            break
        keys.append(found.positions.keys_at(at))
    else:
        return np.flatnonzero(_keys_in_sequence(keys, slop, len(where[0])))
    values = [values_at(found.values, at) for found, at in zip(lists, where, strict=True)]
    return _in_sequence_rows(values, slop)


def _in_sequence_rows(values: Sequence[Sequence[bytes | None]], slop: int) -> IntArray:
    """The candidate rows whose words' positions are in sequence.

    Rows where every word occurs once (most) are checked at once on the gaps of
    their positions (:mod:`single_positions`); the others by :func:`rows_in_sequence`.
    """
    decoded = [single_positions(word) for word in values]
    single = np.logical_and.reduce([once for _, once in decoded])
    found = single.copy()
    for (before, _), (after, _) in pairwise(decoded):
        gap = after - before
        found &= (gap >= 1) & (gap <= slop)
    rest = np.flatnonzero(~single)
    if len(rest):
        chosen = rest.tolist()
        found[rest] = rows_in_sequence([[word[row] for row in chosen] for word in values], slop)
    return np.flatnonzero(found)


def rows_in_sequence(values: Sequence[Sequence[bytes | None]], slop: int) -> BoolArray:
    """Whether some position of each word follows one of the previous word's by 1..``slop``,
    for many rows at once: ``values[word][row]`` are Whoosh ``Positions`` values.

    Each word's positions become keys ``row << 32 | position`` (positions are
    below 2**31, so a key minus a gap never reaches another row's keys), and the
    positions reachable through the phrase so far are kept as one sorted array.
    """
    keys = [_position_keys(word) for word in values]
    return _keys_in_sequence(keys, slop, len(values[0]))


def _keys_in_sequence(keys: Sequence[IntArray], slop: int, rows: int) -> BoolArray:
    """Per row, whether the words' ``row << 32 | position`` keys hold the phrase."""
    reachable = keys[0]
    for word in keys[1:]:
        follows = np.zeros(len(word), dtype=np.bool_)
        for gap in range(1, slop + 1):
            follows |= np.isin(word - gap, reachable, assume_unique=True)  # positions: once each
        reachable = word[follows]
    found = np.zeros(rows, dtype=np.bool_)
    found[reachable >> 32] = True
    return found


def _position_keys(values: Sequence[bytes | None]) -> IntArray:
    """Every position of every row as ``row << 32 | position``, in row order."""
    deltas: list[int] = []
    counts: list[int] = []
    for value in values:
        if value:
            found = pickle.loads(value[COUNT_SIZE:])  # our own index
            deltas.extend(found)
            counts.append(len(found))
        else:
            counts.append(0)
    sizes = np.array(counts, dtype=np.int64)
    running = np.cumsum(np.array(deltas, dtype=np.int64))
    ends = np.cumsum(sizes)
    starts = ends - sizes
    bases = np.where(starts > 0, running[np.maximum(starts - 1, 0)] if len(running) else 0, 0)
    positions = running - np.repeat(bases, sizes)
    rows = np.repeat(np.arange(len(values), dtype=np.int64), sizes)
    keys: IntArray = rows << 32 | positions
    return keys


def _intersect(first: IntArray, second: IntArray) -> IntArray:
    """Sorted common ids of two posting lists (each id occurs once in a list).

    ``assume_unique`` also keeps ``np.unique`` out: its first call imports
    ``numpy.ma`` (~30 ms of a fresh process's first phrase query).
    """
    return np.intersect1d(first, second, assume_unique=True)
