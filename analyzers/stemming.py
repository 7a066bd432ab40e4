"""German Snowball stemming, cached.

The stemmer is Whoosh's port of NLTK's Snowball ``GermanStemmer``: the same
algorithm line for line (tests/test_stemming.py checks every word of wordfreq's
German list against NLTK), but importing it costs milliseconds, while
``import nltk`` loads the whole toolkit (~0.4 s of every CLI start).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Final

from whoosh.analysis import Filter
from whoosh.lang.snowball.german import GermanStemmer

from analyzers.kinds import WORD_KINDS

# A real corpus has a few hundred thousand distinct words; clearing the cache
# past this size bounds memory without ever getting in the way in practice.
STEM_CACHE_LIMIT: Final = 500_000

# Module globals rather than filter attributes: whoosh pickles the analyzer
# into the index schema, and neither the stemmer nor a huge dict belongs there.
_stemmer: Final[Any] = GermanStemmer()
_cache: dict[str, str] = {}


def stem(word: str) -> str:
    """Snowball German stem of ``word`` (the stemmer lowercases and folds umlauts itself)."""
    cached = _cache.get(word)
    if cached is not None:
        return cached
    if len(_cache) >= STEM_CACHE_LIMIT:
        _cache.clear()
    result: str = _stemmer.stem(word)
    _cache[word] = result
    return result


class GermanStemFilter(Filter):  # type: ignore[misc]  # whoosh ships no type hints
    """Stems word tokens; numbers, URLs and abbreviations pass unchanged."""

    # Lets whoosh skip this filter when it asks for unstemmed forms (no_morph=True).
    is_morph = True

    def __call__(self, tokens: Iterable[Any]) -> Iterator[Any]:
        for t in tokens:
            if getattr(t, "kind", "word") in WORD_KINDS:
                t.text = stem(t.text)
            yield t
