"""Character n-grams of a text's words, for the ``grams`` field (issue 12).

Snowball leaves many members of a German word family apart (Österreich /
österreichisch / Österreicher, -ung nouns and their verbs, participles), and
compound parts found by the lexicon miss unlisted words. Character n-grams see
what such words share without a dictionary (the CLEF German runs found the same):
a text about the same thing in other forms of the words shares many of a query's
5-grams. Words are lowercased, umlauts and ß folded (Umlaut plurals such as
Bank / Bänke keep their grams; measured: folding +0.004 MRR on not-verbatim
keywords) and padded with ``_`` so a word's start and end count as their own
grams. The grams have no offsets: the field is only scored, never highlighted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from itertools import chain
from typing import Any

from whoosh.analysis import Token, Tokenizer

GRAM_SIZE = 5
_WORD = re.compile(r"\w+")
_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def word_grams(text: str, size: int = GRAM_SIZE) -> Iterator[str]:
    """Every word's padded ``size``-grams, in text order (a short word is one gram)."""
    for word in _WORD.findall(text.lower().translate(_FOLD)):
        yield from _grams_of(word, size)


@lru_cache(maxsize=200_000)
def _grams_of(word: str, size: int) -> tuple[str, ...]:
    """One folded word's grams (remembered: a text repeats its words)."""
    padded = f"_{word}_"
    if len(padded) <= size:
        return (padded,)
    return tuple(padded[start : start + size] for start in range(len(padded) - size + 1))


def query_grams(words: list[str], size: int = GRAM_SIZE) -> list[str]:
    """The distinct grams of a query's words, in order of first appearance."""
    return list(dict.fromkeys(gram for word in words for gram in word_grams(word, size)))


class GramTokenizer(Tokenizer):  # type: ignore[misc]
    """A Whoosh tokenizer emitting :func:`word_grams` (one position per gram, kind ``gram``)."""

    def __init__(self, size: int = GRAM_SIZE) -> None:
        self.size = size

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GramTokenizer) and other.size == self.size

    def __hash__(self) -> int:
        return hash((GramTokenizer, self.size))

    def term_positions(self, value: str) -> dict[str, list[int]]:
        """Gram -> its positions in ``value``: the fused index path of our posting
        formats (searchidx/backends/whoosh/formats.py), without a Token per gram."""
        found: dict[str, list[int]] = {}
        for pos, gram in enumerate(word_grams(value, self.size)):
            at = found.get(gram)
            if at is None:
                found[gram] = [pos]
            else:
                at.append(pos)
        return found

    def term_counts(self, value: str) -> dict[str, int]:
        """Gram -> how often it occurs in ``value``: all that the ``grams`` field's
        frequency-only postings keep, counted in C instead of a position list per gram."""
        words = _WORD.findall(value.lower().translate(_FOLD))
        return Counter(chain.from_iterable([_grams_of(word, self.size) for word in words]))

    def positioned_terms(self, value: str) -> list[tuple[int, int, int, int, str]]:
        """``(pos, startchar, number, endchar, gram)`` in position order, as
        :meth:`analyzers.CachedAnalyzer.positioned_terms` (Solr's pre-analyzed fields);
        grams have no offsets of their own (0, as the token stream gives them)."""
        return [(pos, 0, pos, 0, gram) for pos, gram in enumerate(word_grams(value, self.size))]

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for number, gram in enumerate(word_grams(value, self.size)):
            token.text = gram
            token.boost = 1.0
            token.stopped = False
            token.kind = "gram"
            if positions:
                token.pos = start_pos + number
            if chars:  # grams are never highlighted: no offsets of their own
                token.startchar = token.endchar = start_char
            yield token


def gram_analyzer(size: int = GRAM_SIZE) -> Any:
    """The ``grams`` field's analyzer (a tokenizer alone: it lowercases and folds itself)."""
    return GramTokenizer(size)
