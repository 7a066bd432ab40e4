"""Close spellings and prefix expansions from an index's own terms, read a prefix at a time.

Whoosh's ``terms_within`` builds a Levenshtein automaton and walks the on-disk term
file for every word (tens of milliseconds on a small index); did-you-mean asks it
for every word that finds nothing. Every expansion here shares a prefix with the
word (close spellings their first letters, sound-alikes their phonetic code), so
only the terms under that prefix are read: a binary search in Whoosh's sorted term
index, then the run of terms after it. Segments are immutable, so each run is kept
(an LRU bounded by the terms held). Whole term lists are never read: on a 100k index
they are 1.5 million terms, seconds of a cold process for one misspelled word.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Final

from searchidx.backends.whoosh.postings import segment_postings
from searchidx.backends.whoosh.segment_arrays import arrays_for, segment_key, static_field
from searchidx.lru import LRUCache

# Terms kept over all (segment, field, prefix) runs (about 100 bytes each).
CACHE_TERMS: Final = 1_000_000

_cache: LRUCache[tuple[str, str, str], list[str]] = LRUCache(lambda: CACHE_TERMS, weight=len)


def prefixed_terms(leaf: Any, fieldname: str, prefix: str) -> list[str]:
    """The sorted terms of one field in one segment that start with ``prefix``."""
    key = (segment_key(leaf)[0], fieldname, prefix)
    found = _cache.get(key)
    if found is None:
        found = _read_prefixed(leaf, fieldname, prefix)
        _cache.put(key, found)
    return found


def _read_prefixed(leaf: Any, fieldname: str, prefix: str) -> list[str]:
    if not static_field(leaf.schema, fieldname):
        return []
    return [term.decode("utf-8") for term in leaf.expand_prefix(fieldname, prefix)]


def clear() -> None:
    _cache.clear()


def has_live_term(searcher: Any, word: str) -> bool:
    """Whether ``word``'s own text term is in a live document (title or text).

    Did you mean asks this for every query word; only a word without such a term
    needs the full parse (compounds, hyphen chains).
    """
    schema = searcher.schema
    terms = [t.text for t in schema["text"].analyzer(word, mode="query") if t.kind == "word"]
    if len(terms) != 1 or searcher.reader().doc_count_all() == 0:
        return False
    for leaf, _ in searcher.reader().leaf_readers():
        live = arrays_for(leaf).live
        for field in ("title", "text"):
            found = segment_postings(leaf, field, terms[0].encode("utf-8"))
            if len(found.ids) and live[found.ids].any():
                return True
    return False


def indexed_terms(reader: Any, fieldname: str, terms: Sequence[str]) -> list[str]:
    """Those of ``terms`` the index holds, in their order."""
    return [term for term in terms if has_term(reader, fieldname, term)]


def has_term(reader: Any, fieldname: str, term: str) -> bool:
    """Whether some segment holds ``term`` (Whoosh's ``doc_frequency(...) > 0``, which
    counts deleted documents too).

    Asked of a query's own words, whose postings the evaluation reads next: the
    postings cache answers it, and keeps them for that.
    """
    if reader.doc_count_all() == 0 or not term:
        return False
    btext = term.encode("utf-8")
    return any(
        static_field(leaf.schema, fieldname) and len(segment_postings(leaf, fieldname, btext).ids)
        for leaf, _ in reader.leaf_readers()
    )


def terms_with_prefix(reader: Any, fieldname: str, prefix: str) -> list[str]:
    """The indexed terms starting with ``prefix``, sorted, each once (Whoosh's
    ``expand_prefix`` over all segments)."""
    if reader.doc_count_all() == 0:
        return []
    found: set[str] = set()
    for leaf, _ in reader.leaf_readers():
        found.update(prefixed_terms(leaf, fieldname, prefix))
    return sorted(found)


def terms_within(
    reader: Any, fieldname: str, text: str, maxdist: int, prefix: int
) -> Iterator[str]:
    """Indexed terms sharing ``text``'s first ``prefix`` characters, ≤ ``maxdist`` edits away.

    Like Whoosh's ``reader.terms_within``; a term in several segments may repeat.
    """
    if reader.doc_count_all() == 0:
        return  # an empty index has no segments, only a placeholder reader
    start = text[:prefix]
    for leaf, _ in reader.leaf_readers():
        for term in prefixed_terms(leaf, fieldname, start):
            if abs(len(term) - len(text)) <= maxdist and within_edits(text, term, maxdist):
                yield term


# Up to this many edits, trying the three edits at the first difference (at most 3**k
# string comparisons in C) beats filling the band cell by cell in Python.
BRANCHING_EDITS = 2


def within_edits(first: str, second: str, maxdist: int) -> bool:
    """Whether the Levenshtein distance is at most ``maxdist``; stops once it cannot be."""
    if abs(len(first) - len(second)) > maxdist:
        return False
    if maxdist <= BRANCHING_EDITS:
        return _within_few_edits(first, second, maxdist)
    return _within_band(first, second, maxdist)


def _within_few_edits(first: str, second: str, maxdist: int) -> bool:
    """Past their common prefix, the first differing characters are substituted,
    deleted or inserted: one of the three, then the rest within one edit fewer."""
    if first == second:
        return True
    if maxdist <= 0 or abs(len(first) - len(second)) > maxdist:
        return False
    same = 0
    while same < len(first) and same < len(second) and first[same] == second[same]:
        same += 1
    rest, other, fewer = first[same:], second[same:], maxdist - 1
    return (
        _within_few_edits(rest[1:], other[1:], fewer)
        or _within_few_edits(rest[1:], other, fewer)
        or _within_few_edits(rest, other[1:], fewer)
    )


def _within_band(first: str, second: str, maxdist: int) -> bool:
    """The banded dynamic programme: only the diagonal band of width ``2 * maxdist + 1``
    can stay within the bound, so each row computes those cells alone (cells outside
    count as out of reach)."""
    beyond = maxdist + 1
    width = len(second)
    previous = [j if j <= maxdist else beyond for j in range(width + 1)]
    for i, char in enumerate(first, 1):
        low, high = max(1, i - maxdist), min(width, i + maxdist)
        current = [beyond] * (width + 1)
        current[0] = i if i <= maxdist else beyond
        for j in range(low, high + 1):
            current[j] = min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + (char != second[j - 1]),
                beyond,
            )
        if min(current[low - 1 : high + 1]) > maxdist:
            return False
        previous = current
    return previous[-1] <= maxdist
