"""Whole-chain caching: the terms of a token depend only on its kind and text.

Every filter after :class:`GermanTokenizer` looks at one token at a time and
only at its text and kind (plus call options such as ``mode``), and every
token it adds sits at the position of the token it came from. So for
indexing, the terms a tokenizer token turns into can be computed once per
distinct ``(kind, text)`` and replayed: a 100k-document corpus has a few
hundred thousand distinct words but tens of millions of tokens. That saves
the seven generator stages per token, and the decompounder, stemmer and
normalizer calls behind them.

:class:`CachedAnalyzer` takes this path only when the result cannot differ
from the plain chain: positions wanted or not, no character offsets (the
cache keeps no offsets), stop words removed, morphology on, not
``mode="query"``. That is exactly how Whoosh calls a field's analyzer while
indexing. Any other call (query parsing, highlighting, ``analyze_tokens``)
runs the plain chain. ``tests/test_cached_analyzer.py`` compares both paths.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from whoosh.analysis import CompositeAnalyzer, Token

from analyzers.tokenizer import GermanTokenizer, raw_tokens

# Distinct (kind, text) pairs kept; a real corpus stays well below. Clearing
# past the limit bounds memory (~150 MB) without slowing the common case.
CACHE_LIMIT: Final = 1_000_000

# Module global, not an attribute: the analyzer is pickled into the index schema.
# Keyed by the analyzer's chain (its repr), then by (kind, text).
_caches: dict[str, dict[tuple[str, str], tuple[tuple[str, str], ...]]] = {}


class CachedAnalyzer(CompositeAnalyzer):  # type: ignore[misc]  # whoosh ships no type hints
    """A ``GermanTokenizer | filters…`` chain whose index path replays cached terms.

    The filters must be per-token: each output token derives from one input
    token, at its position, from its text and kind alone (true of every filter
    in :mod:`analyzers`).
    """

    def __init__(self, *composables: Any) -> None:
        super().__init__(*composables)
        if not isinstance(self.items[0], GermanTokenizer):
            raise TypeError("CachedAnalyzer needs a GermanTokenizer first")

    def __call__(self, value: Any, no_morph: bool = False, **kwargs: Any) -> Iterator[Any]:
        if (
            no_morph
            or kwargs.get("chars")
            or kwargs.get("mode") == "query"
            or not kwargs.get("removestops", True)
            or kwargs.get("keeporiginal")
            or not kwargs.get("tokenize", True)
            or not isinstance(value, str)
        ):
            return super().__call__(value, no_morph=no_morph, **kwargs)  # type: ignore[no-any-return]
        return self._replay(value, kwargs.get("start_pos", 0), kwargs.get("positions", False))

    def _replay(self, value: str, start_pos: int, positions: bool) -> Iterator[Any]:
        cache = _caches.setdefault(repr(self.items), {})
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        # One Token for the stream, as the tokenizer does; consumers copy if they keep it.
        t = Token(positions=positions, chars=False, removestops=True, mode="index")
        t.boost = 1.0
        t.stopped = False
        for kind, text, pos, _, _ in raw_tokens(value, True, start_pos):
            terms = cache.get((kind, text))
            if terms is None:
                terms = cache[(kind, text)] = self._terms(kind, text)
            for term, term_kind in terms:
                t.text = term
                t.kind = term_kind
                t.pos = pos
                yield t

    def _terms(self, kind: str, text: str) -> tuple[tuple[str, str], ...]:
        """The plain chain's (text, kind) output for one tokenizer token (kind, text)."""
        seed = Token(positions=True, chars=False, removestops=True, mode="index")
        seed.text, seed.kind, seed.pos, seed.boost, seed.stopped = text, kind, 0, 1.0, False
        tokens: Iterator[Any] = iter([seed])
        for item in self.items[1:]:
            tokens = item(tokens)
        return tuple((token.text, token.kind) for token in tokens)


def clear_caches() -> None:
    """Forget all cached terms (after the lexicon or a filter's data changed)."""
    _caches.clear()
