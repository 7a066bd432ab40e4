"""The cached index path of CachedAnalyzer yields exactly what the plain chain yields."""

from __future__ import annotations

import pickle
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.analysis import CompositeAnalyzer

from analyzers import FULL_ANALYSIS, CachedAnalyzer, german_analyzer, phonetic_analyzer
from analyzers.cached import clear_caches
from analyzers.tokenizer import raw_tokens

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
INDEX_CALL: dict[str, Any] = {"positions": True, "boosts": True, "mode": "index"}
TRICKY = (
    "Die Journalist*innen und Ärztinnen der Kurskoffensive: Kim Jong-un, Russland-Ukraine-Krieg, "
    "z. B. 3.000 Soldaten am 18.10.2024 (https://example.org/a-b), Gru\u0308ße, Verteidigungs"
    "ministertreffen, Artillerie- und Raketenwerfer, G7-Gipfel, Schoigu und Shoigu. " + "a" * 300
)


def _stream(analyzer: Any, text: str, **kwargs: Any) -> list[tuple[object, ...]]:
    chars = kwargs.get("chars", False)
    return [
        (t.text, t.kind, t.pos, t.boost, t.stopped, *((t.startchar, t.endchar) if chars else ()))
        for t in analyzer(text, **kwargs)
        if not (t.stopped and kwargs.get("removestops", True))
    ]


HIGHLIGHT_CALL: dict[str, Any] = {
    "positions": True,
    "chars": True,
    "mode": "index",
    "removestops": False,
}


def _plain(analyzer: Any) -> Any:
    return CompositeAnalyzer(*analyzer.items)


@pytest.mark.parametrize("make", [german_analyzer, phonetic_analyzer])
def test_index_path_matches_plain_chain_on_seeds(make: Any) -> None:
    cached = make()
    assert isinstance(cached, CachedAnalyzer)
    texts = [TRICKY, *(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))]
    for _ in range(2):  # cold, then from the cache
        for text in texts:
            assert _stream(cached, text, **INDEX_CALL) == _stream(
                _plain(cached), text, **INDEX_CALL
            )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"mode": "query"},
        {"positions": True, "chars": True, "mode": "index"},
        {"positions": True, "removestops": False},
        {"positions": True, "mode": "index", "no_morph": True},
    ],
)
def test_other_calls_yield_what_the_plain_chain_yields(kwargs: dict[str, Any]) -> None:
    cached = german_analyzer()

    def seen(tokens: Any) -> list[tuple[object, ...]]:
        return [
            (t.text, getattr(t, "pos", None), t.stopped, t.kind, getattr(t, "startchar", None))
            for t in tokens
        ]

    assert seen(cached(TRICKY, **kwargs)) == seen(_plain(cached)(TRICKY, **kwargs))


def test_start_pos_and_start_char_are_honoured() -> None:
    cached = german_analyzer()
    kwargs = {**HIGHLIGHT_CALL, "start_pos": 7, "start_char": 11}
    assert _stream(cached, TRICKY, **kwargs) == _stream(_plain(cached), TRICKY, **kwargs)


_ALPHABET = st.sampled_from(list("aäbcdeEfgHiInoöPrsStuüßKz -*:/.,0123456789\u0308\u00ad\n"))


@settings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, max_size=60))
def test_index_path_matches_plain_chain_on_random_text(text: str) -> None:
    clear_caches()
    for make in (german_analyzer, phonetic_analyzer):
        cached = make()
        for call in (INDEX_CALL, HIGHLIGHT_CALL, {**HIGHLIGHT_CALL, "removestops": True}):
            assert _stream(cached, text, **call) == _stream(_plain(cached), text, **call)
            assert _stream(cached, text, **call) == _stream(_plain(cached), text, **call)


def _marked_by_plain_chain(analyzer: Any, text: str) -> list[tuple[int, str, int, int]]:
    return [
        (t.pos, t.text, t.startchar, t.endchar)
        for t in _plain(analyzer)(text, **HIGHLIGHT_CALL)
        if not t.stopped
    ]


@pytest.mark.parametrize("indexed_first", [False, True])
def test_marked_terms_are_the_plain_chains_with_offsets(indexed_first: bool) -> None:
    """Whether a token's terms come from indexing (no offsets) or from an analysis
    with offsets, the highlighter gets the plain chain's terms and offsets."""
    texts = [TRICKY, *(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))]
    clear_caches()
    cached = german_analyzer()
    for text in texts:
        if indexed_first:
            cached.term_positions(text)  # what indexing leaves in the cache
        for _ in range(2):  # then from the cache
            marked = list(cached.marked_terms(list(raw_tokens(text, True))))
            assert marked == _marked_by_plain_chain(cached, text)


@settings(max_examples=200, deadline=None)
@given(st.text(_ALPHABET, max_size=60))
def test_marked_terms_on_random_text(text: str) -> None:
    clear_caches()
    cached = german_analyzer()
    cached.term_positions(text)
    assert list(cached.marked_terms(list(raw_tokens(text, True)))) == _marked_by_plain_chain(
        cached, text
    )


def _positioned_by_plain_chain(analyzer: Any, text: str) -> list[tuple[int, int, int, int, str]]:
    tokens = _plain(analyzer)(text, positions=True, chars=True, mode="index")
    return sorted(
        (t.pos, t.startchar, number, t.endchar, t.text)
        for number, t in enumerate(token for token in tokens if not token.stopped)
    )


WHOLE_WORDS = partial(german_analyzer, replace(FULL_ANALYSIS, decompound=False))


@pytest.mark.parametrize("make", [german_analyzer, WHOLE_WORDS, phonetic_analyzer])
def test_positioned_terms_are_the_plain_chains_in_position_order(make: Any) -> None:
    texts = [TRICKY, *(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))]
    clear_caches()
    cached = make()
    for text in texts:
        for _ in range(2):  # cold, then from the cache and the shared tokenization
            assert cached.positioned_terms(text) == _positioned_by_plain_chain(cached, text)


def test_positioned_terms_put_a_hyphen_chains_joined_form_in_start_order() -> None:
    # The joined token starts with the chain's first word, after that word's parts.
    cached = german_analyzer()
    text = "Die Verteidigungsminister-Konferenz tagte"
    found = cached.positioned_terms(text)
    assert found == _positioned_by_plain_chain(cached, text)
    assert [(pos, start) for pos, start, *_ in found] == sorted(
        (pos, start) for pos, start, *_ in found
    )
    assert any(term.startswith("verteidigungsministerkonferenz") for *_, term in found)


@settings(max_examples=200, deadline=None)
@given(st.text(_ALPHABET, max_size=60))
def test_positioned_terms_on_random_text(text: str) -> None:
    clear_caches()
    for make in (german_analyzer, phonetic_analyzer):
        cached = make()
        assert cached.positioned_terms(text) == _positioned_by_plain_chain(cached, text)


def test_query_tokens_are_the_plain_query_chain_remembered() -> None:
    clear_caches()
    cached = german_analyzer()
    texts = [TRICKY, "Kurskoffensive", "Kim Jong-un", "Journalist*innen", "kannst", ""]
    for _ in range(2):  # cold, then from the cache
        for text in texts:
            plain = [
                (t.text, t.pos, t.startchar, t.endchar, getattr(t, "kind", "word"))
                for t in _plain(cached)(text, mode="query", positions=True, chars=True)
            ]
            assert list(cached.query_tokens(text)) == plain


def test_the_chain_key_is_not_pickled() -> None:
    cached = german_analyzer()
    cached.query_tokens("Kursk")  # takes the key
    assert "_key" in cached.__dict__
    copied = pickle.loads(pickle.dumps(cached))
    assert "_key" not in copied.__dict__
    assert copied == cached
    assert copied.query_tokens("Kursk") == cached.query_tokens("Kursk")
