"""What the highlighter reads off a hit's text, remembered per text.

A snippet needs the tokens at the matched positions, and for sound-alike names
(``Shoigu`` for a query ``Schoigu``) every token's phonetic key, because the
phonetic field keeps no positions. Finding token positions means running the
tokenizer's regex up to the last match, and the phonetic keys mean analysing the
whole text: together most of a snippet's cost. Both depend on the text alone
(the phonetic analysis has no options), so they are kept by text, in a bounded
LRU shared by threads: a hit shown again, for any query, skips both. The scan
for token starts stops at the last position a snippet needs and goes on from
there when a later one needs more (the regex is a tenth of a millisecond per
100 tokens, paid for every hit shown).
"""

from __future__ import annotations

import threading
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from analyzers.tokenizer import more_token_starts
from searchidx.lru import LRUCache

Spans = dict[str, tuple[tuple[int, int], ...]]
# Texts remembered, weighed in bytes: the text (the key), its offsets, its spans.
CACHE_BYTES = 32 << 20
_SPAN_BYTES = 100  # a (start, end) tuple of two ints, in a tuple of a dict entry


@dataclass
class TextFacts:
    length: int  # of the text, which the cache keeps as the key
    starts: array[int]  # of the first tokens; all of them once ``scanned`` is -1
    scanned: int = 0  # where the scan for more starts goes on (-1: nothing left)
    sounds: Spans | None = field(default=None)  # filled when a query first needs them


def _weight(facts: TextFacts) -> int:
    spans = sum(len(where) for where in facts.sounds.values()) if facts.sounds else 0
    return facts.length + facts.starts.itemsize * len(facts.starts) + _SPAN_BYTES * spans


_cache: LRUCache[str, TextFacts] = LRUCache(lambda: CACHE_BYTES, weight=_weight)
_scanning = threading.Lock()  # two threads must not both append the same starts


def text_facts(text: str) -> TextFacts:
    """What is known of ``text`` so far (token starts, sound keys), from the cache."""
    found = _cache.get(text)
    if found is None:
        found = TextFacts(len(text), array("l"))
        _cache.put(text, found)
    return found


def starts_through(text: str, position: int) -> array[int]:
    """The token starts of ``text`` at least through token ``position`` (all if it has fewer)."""
    facts = text_facts(text)
    if position < len(facts.starts) or facts.scanned < 0:
        return facts.starts
    with _scanning:
        missing = position + 1 - len(facts.starts)
        if missing > 0 and facts.scanned >= 0:
            more, facts.scanned = more_token_starts(text, facts.scanned, missing)
            facts.starts.extend(more)
    _cache.put(text, facts)  # weighed again, with the new starts
    return facts.starts


def sound_spans(text: str, sound_analyzer: Any) -> Spans:
    """Character spans of ``text``'s tokens by their phonetic key."""
    facts = text_facts(text)
    if facts.sounds is None:
        spans: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
        for t in sound_analyzer(text, chars=True, mode="index"):
            spans[t.text].append((t.startchar, t.endchar))
        facts.sounds = {key: tuple(where) for key, where in spans.items()}
        _cache.put(text, facts)  # weighed again, with the spans
    return facts.sounds
