"""The best passages of a text around its marked spans, formatted as HTML.

What Whoosh's ``PinpointFragmenter`` (``maxchars=240, surround=60``, trimmed at
spaces but never at the text's own ends), ``top_fragments`` with its
``BasicFragmentScorer`` and the ``FIRST`` order, and an ``HtmlFormatter``
writing bare ``<mark>`` produced for the highlighter, on sorted disjoint
spans, as plain tuples: Whoosh builds a Fragment per passage and a Token-like
object per match and sorts the matches again per passage, which cost more
than choosing the passages. ``tests/test_passages.py`` compares the two on
every span layout it generates.
"""

from __future__ import annotations

import heapq
import html
from collections.abc import Sequence

Span = tuple[int, int]

PASSAGE_CHARS = 240  # most characters a passage's matches may span
SURROUND = 60  # context before the first and after the last match of a passage


class _Passage:
    """A passage: its characters and the indices of its spans.

    Ordered by start alone, as Whoosh's Fragment is: the top-k choice breaks
    score ties by it, and two passages with equal score and start are equal.
    """

    __slots__ = ("end", "matches", "start")

    def __init__(self, start: int, end: int, matches: list[int]) -> None:
        self.start = start
        self.end = end
        self.matches = matches

    def __lt__(self, other: _Passage) -> bool:
        return self.start < other.start


def marked_passages(text: str, spans: Sequence[Span], count: int, between: str) -> str:
    """The ``count`` best passages of ``text`` (most spans first, then latest start),
    in text order, overlapping ones joined, each span in ``<mark>``, HTML-escaped.

    ``spans`` must be sorted and disjoint (start after the previous end).
    """
    best = [passage for _, passage in heapq.nlargest(count, _scored(text, spans))]
    best.sort(key=lambda passage: passage.start)
    return between.join(_format(text, spans, passage) for passage in _joined(best))


def _scored(text: str, spans: Sequence[Span]) -> list[tuple[int, _Passage]]:
    """Each passage with its score: the number of spans in it (every span counts 1)."""
    return [(len(passage.matches), passage) for passage in _passages(text, spans)]


def _passages(text: str, spans: Sequence[Span]) -> list[_Passage]:
    """Runs of spans that fit in a passage, widened by the surround and trimmed."""
    found: list[_Passage] = []
    length, last = len(text), len(spans) - 1
    i = 0
    while i <= last:
        left, right = spans[i]
        j, width = i, right - left
        while j < last and width < PASSAGE_CHARS:
            start, end = spans[j + 1]
            if end - right > SURROUND or end - left > PASSAGE_CHARS:
                break
            j, right = j + 1, end
            width += end - start
        found.append(_trimmed(text, length, spans, i, j, left, right))
        i = j + 1
    return found


def _trimmed(
    text: str, length: int, spans: Sequence[Span], i: int, j: int, left: int, right: int
) -> _Passage:
    """Spans ``i..j`` with the surround, cut at spaces (not at the text's ends),
    never cutting into a span."""
    start, end = max(0, left - SURROUND), min(length, right + SURROUND)
    if start > 0:
        space = text.find(" ", start, end)
        start = space + 1 if space >= 0 else start
    if end < length:
        space = text.rfind(" ", start, end)
        end = space if space > 0 else end
    return _Passage(min(start, spans[i][0]), max(end, spans[j][1]), list(range(i, j + 1)))


def _joined(passages: list[_Passage]) -> list[_Passage]:
    """Passages that share text joined into one, so nothing is shown twice."""
    joined: list[_Passage] = []
    for passage in passages:  # in start order
        previous = joined[-1] if joined else None
        if previous is not None and passage.start <= previous.end:
            matches = sorted({*previous.matches, *passage.matches})
            end = max(previous.end, passage.end)
            joined[-1] = _Passage(previous.start, end, matches)
        else:
            joined.append(passage)
    return joined


def _format(text: str, spans: Sequence[Span], passage: _Passage) -> str:
    pieces: list[str] = []
    index = passage.start
    for at in passage.matches:
        start, end = spans[at]
        pieces.append(html.escape(text[index:start]))
        pieces.append(f"<mark>{html.escape(text[start:end])}</mark>")
        index = end
    pieces.append(html.escape(text[index : passage.end]))
    return "".join(pieces)
