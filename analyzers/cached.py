"""Whole-chain caching: the terms of a token depend only on its kind and text.

Every filter after :class:`GermanTokenizer` looks at one token at a time and
only at its text and kind (plus call options such as ``mode``), and every
token it adds sits at the position of the token it came from. So for
indexing, the terms a tokenizer token turns into can be computed once per
distinct ``(kind, text)`` and replayed: a 100k-document corpus has a few
hundred thousand distinct words but tens of millions of tokens. That saves
the seven generator stages per token, and the decompounder, stemmer and
normalizer calls behind them.

:class:`CachedAnalyzer` replays whenever the result cannot differ from the
plain chain: morphology on, not ``mode="query"`` (where the filters behave
differently), no ``keeporiginal``. Offsets are cached relative to the token's
start, keyed by the length of its source span (the decompounder narrows part
offsets only when text and span have the same length), so Whoosh's indexing
call, the highlighter (``chars=True, removestops=False``) and
``analyze_tokens`` all take it. Query parsing runs the plain chain.
``tests/test_cached_analyzer.py`` compares both paths.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from whoosh.analysis import CompositeAnalyzer, Token

from analyzers.tokenizer import GermanTokenizer, raw_tokens

# Distinct tokens kept; a real corpus stays well below. Clearing past the
# limit bounds memory (~200 MB) without slowing the common case.
CACHE_LIMIT: Final = 1_000_000

# One cached output term: text, kind, stopped, and offsets relative to the
# start of the tokenizer token it came from.
Term = tuple[str, str, bool, int, int]
# (pos, startchar, emission number, endchar, term): one term as an engine indexes it.
PositionedTerm = tuple[int, int, int, int, str]
# (kind, text, removestops, source span length or -1 without offsets)
Key = tuple[str, str, bool, int]

# Module global, not an attribute: the analyzer is pickled into the index schema.
# Keyed by the analyzer's chain (its repr), then by token.
_caches: dict[str, dict[Key, tuple[Term, ...]]] = {}

# Query-mode tokens of one text (the query side's words and compound parts), by
# chain: a query analyses each word for every field and expansion it tries.
QueryToken = tuple[str, int, int, int, str]  # text, pos, startchar, endchar, kind
QUERY_CACHE_LIMIT: Final = 100_000
_query_caches: dict[str, dict[str, tuple[QueryToken, ...]]] = {}

# The tokenizer's output for the last few values indexed: one document's text
# is indexed by several fields (text, words, and for comments phonetic), each
# with its own chain, and the regex pass is the same for all of them.
RECENT_VALUES: Final = 3
_recent_tokens: dict[str, list[tuple[str, str, int, int, int]]] = {}


class CachedAnalyzer(CompositeAnalyzer):  # type: ignore[misc]  # whoosh ships no type hints
    """A ``GermanTokenizer | filters…`` chain whose index path replays cached terms.

    The filters must be per-token: each output token derives from one input
    token, at its position, from its text and kind alone, with offsets inside
    the input token's span (true of every filter in :mod:`analyzers`).
    """

    def __init__(self, *composables: Any) -> None:
        super().__init__(*composables)
        if not isinstance(self.items[0], GermanTokenizer):
            raise TypeError("CachedAnalyzer needs a GermanTokenizer first")

    def __call__(self, value: Any, no_morph: bool = False, **kwargs: Any) -> Iterator[Any]:
        # Only the tokens at these positions (the highlighter asks for the
        # positions the index says match): the rest skip the chain entirely.
        only = kwargs.pop("only_positions", None)
        # The tokenizer's output for ``value`` when the caller already has it
        # (the highlighter runs two analyzers over the same text).
        raw = kwargs.pop("raw_tokens", None)
        if (
            no_morph
            or kwargs.get("mode") == "query"
            or kwargs.get("keeporiginal")
            or not kwargs.get("tokenize", True)
            or not isinstance(value, str)
        ):
            tokens = super().__call__(value, no_morph=no_morph, **kwargs)
            return tokens if only is None else (t for t in tokens if t.pos in only)
        return self._replay(value, kwargs, only, raw)

    def _replay(
        self,
        value: str,
        kwargs: dict[str, Any],
        only: frozenset[int] | None = None,
        raw: list[tuple[str, str, int, int, int]] | None = None,
    ) -> Iterator[Any]:
        cache = self._chain_cache()
        positions = bool(kwargs.get("positions", False))
        chars = bool(kwargs.get("chars", False))
        removestops = bool(kwargs.get("removestops", True))
        start_pos, start_char = kwargs.get("start_pos", 0), kwargs.get("start_char", 0)
        # One Token for the stream, as the tokenizer does; consumers copy if they keep it.
        t = Token(positions=positions, chars=chars, removestops=removestops, mode="index")
        t.boost = 1.0
        if raw is None or start_pos:
            raw = list(raw_tokens(value, True, start_pos))
        for kind, text, pos, start, end in raw:
            if only is not None and pos not in only:
                continue
            key = (kind, text, removestops, end - start if chars else -1)
            terms = cache.get(key)
            if terms is None:
                terms = cache[key] = self._terms(key, chars)
            for term, term_kind, stopped, offset, end_offset in terms:
                t.text, t.kind, t.stopped, t.pos = term, term_kind, stopped, pos
                if chars:
                    t.startchar = start_char + start + offset
                    t.endchar = start_char + start + end_offset
                yield t

    def marked_terms(
        self, raw: list[tuple[str, str, int, int, int]]
    ) -> Iterator[tuple[int, str, int, int]]:
        """``(pos, term, startchar, endchar)`` of the terms the highlighter marks from:
        what ``_replay`` yields with ``chars=True, removestops=False`` for the
        tokenizer tokens ``raw``, stop words left out.

        Only a compound part's offsets differ from its token's (the decompounder
        narrows them), and the stop filter is the only stage that reads
        ``removestops``. So a token whose terms are cached from indexing
        (offsets off, stop words dropped) and include no part has those terms
        on its whole span, and needs no analysis with offsets of its own.
        """
        cache = self._chain_cache()
        for kind, text, pos, start, end in raw:
            span = end - start
            terms = cache.get((kind, text, False, span))
            if terms is None:
                indexed = cache.get((kind, text, True, -1))
                if indexed is not None and all(kept[1] != "part" for kept in indexed):
                    for kept in indexed:  # stop words were dropped when indexing
                        yield pos, kept[0], start, end
                    continue
                key = (kind, text, False, span)
                terms = cache[key] = self._terms(key, True)
            for term, _, stopped, offset, end_offset in terms:
                if not stopped:
                    yield pos, term, start + offset, start + end_offset

    def term_positions(self, value: str) -> dict[str, list[int]]:
        """Indexed term -> its positions in ``value``, as the index path would yield them.

        What Whoosh's posting formats build from the token stream, without a
        Token per term: the fused hot loop of indexing (:mod:`searchidx.backends.whoosh.formats`).
        """
        cache = self._chain_cache()
        found: dict[str, list[int]] = {}
        for kind, text, pos, _, _ in _index_tokens(value):
            key = (kind, text, True, -1)
            terms = cache.get(key)
            if terms is None:
                terms = cache[key] = self._terms(key, False)
            for term, _, stopped, _, _ in terms:
                if stopped:
                    continue
                at = found.get(term)
                if at is None:
                    found[term] = [pos]
                else:
                    at.append(pos)
        return found

    def positioned_terms(self, value: str) -> list[PositionedTerm]:
        """``(pos, startchar, number, endchar, term)`` of every indexed term of ``value``,
        in position order: what an engine that takes terms with positions and offsets
        (Solr's pre-analyzed fields) is given.

        The replay's terms (offsets on, stop words dropped) without a Token per
        term, over tokenizer output shared with the value's other fields. Ties of
        position and start keep emission order (``number``); the stream is in
        that order already except around hyphen chains, whose joined token
        starts where its first word does, so only then is it sorted.
        """
        cache = self._chain_cache()
        found: list[PositionedTerm] = []
        last_pos, last_start, in_order = -1, -1, True
        for kind, text, pos, start, end in _index_tokens(value):
            key = (kind, text, True, end - start)
            terms = cache.get(key)
            if terms is None:
                terms = cache[key] = self._terms(key, True)
            for term, _, _, offset, end_offset in terms:
                begins = start + offset
                if in_order and (pos < last_pos or (pos == last_pos and begins < last_start)):
                    in_order = False
                last_pos, last_start = pos, begins
                found.append((pos, begins, len(found), start + end_offset, term))
        if not in_order:
            found.sort()
        return found

    def query_tokens(self, text: str) -> tuple[QueryToken, ...]:
        """``(text, pos, startchar, endchar, kind)`` of the plain chain's query-mode
        tokens of ``text`` (positions and characters on), remembered per chain."""
        cache = _query_caches.setdefault(self._chain_key(), {})
        found = cache.get(text)
        if found is None:
            if len(cache) >= QUERY_CACHE_LIMIT:
                cache.clear()
            found = cache[text] = tuple(
                (t.text, t.pos, t.startchar, t.endchar, getattr(t, "kind", "word"))
                for t in super().__call__(text, mode="query", positions=True, chars=True)
            )
        return found

    def _chain_cache(self) -> dict[Key, tuple[Term, ...]]:
        """This chain's cache (keyed by its repr: the analyzer itself is pickled)."""
        cache = _caches.setdefault(self._chain_key(), {})
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        return cache

    def _chain_key(self) -> str:
        # The repr of a long chain takes longer than a snippet's cached analysis,
        # so it is taken once per instance (and never pickled: see __getstate__).
        key: str | None = self.__dict__.get("_key")
        if key is None:
            key = self.__dict__["_key"] = repr(self.items)
        return key

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_key", None)
        return state

    def _terms(self, key: Key, chars: bool) -> tuple[Term, ...]:
        """The plain chain's output for one tokenizer token, offsets relative to it."""
        kind, text, removestops, span = key
        seed = Token(positions=True, chars=chars, removestops=removestops, mode="index")
        seed.text, seed.kind, seed.pos, seed.boost, seed.stopped = text, kind, 0, 1.0, False
        if chars:
            seed.startchar, seed.endchar = 0, span
        tokens: Iterator[Any] = iter([seed])
        for item in self.items[1:]:
            tokens = item(tokens)
        return tuple(
            (
                token.text,
                token.kind,
                token.stopped,
                token.startchar if chars else 0,
                token.endchar if chars else 0,
            )
            for token in tokens
        )


def _index_tokens(value: str) -> list[tuple[str, str, int, int, int]]:
    """``raw_tokens(value, True)``, remembered for the last RECENT_VALUES values."""
    tokens = _recent_tokens.get(value)
    if tokens is None:
        if len(_recent_tokens) >= RECENT_VALUES:
            del _recent_tokens[next(iter(_recent_tokens))]  # the oldest
        tokens = _recent_tokens[value] = list(raw_tokens(value, True, 0))
    return tokens


def clear_caches() -> None:
    """Forget all cached terms (after the lexicon or a filter's data changed)."""
    _caches.clear()
    _query_caches.clear()
