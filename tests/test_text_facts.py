"""What the highlighter keeps per text: token offsets and sound keys, bounded."""

from __future__ import annotations

import pytest

from analyzers import phonetic_analyzer, phonetic_key
from analyzers.tokenizer import token_starts
from searchidx.features import text_facts
from searchidx.features.text_facts import sound_spans, starts_through
from searchidx.lru import LRUCache


def test_offsets_are_read_once_per_text_as_far_as_asked() -> None:
    text = "Die Kursk-Offensive begann am 18.10.2024 mit 3.000 Soldaten z. B. heute."
    every = token_starts(text)
    first = text_facts.text_facts(text)
    assert list(starts_through(text, 2)) == every[:3]
    assert 0 < first.scanned < len(text)
    assert list(starts_through(text, 1)) == every[:3]  # kept, not scanned again
    assert list(starts_through(text, 5)) == every[:6]
    assert list(starts_through(text, len(every) + 10)) == every
    assert first.scanned == -1
    assert text_facts.text_facts(text) is first
    assert list(starts_through(text, -1)) == every


def test_sound_keys_map_to_the_spans_that_spell_them() -> None:
    text = "Schoigu traf Shoigu, dann sprach Schoigu."
    spans = sound_spans(text, phonetic_analyzer())
    assert spans[phonetic_key("Schoigu")] == ((0, 7), (33, 40))
    assert spans[phonetic_key("Shoigu")] == ((13, 19),)
    assert sound_spans(text, phonetic_analyzer()) is spans


def test_the_cache_stays_within_its_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    bounded: LRUCache[str, text_facts.TextFacts] = LRUCache(
        lambda: 2_000, weight=text_facts._weight
    )
    monkeypatch.setattr(text_facts, "_cache", bounded)
    texts = [f"Text Nummer {n} " + "Wort " * 50 for n in range(20)]
    for text in texts:
        text_facts.text_facts(text)
    assert text_facts._cache.total_weight() <= 2_000 or len(text_facts._cache) == 1
    assert text_facts._cache.get(texts[0]) is None  # the oldest went first
    assert text_facts._cache.get(texts[-1]) is not None
