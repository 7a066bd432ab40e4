"""German Snowball stemming via NLTK, cached and loaded on first use."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Final

from whoosh.analysis import Filter

from analyzers.kinds import WORD_KINDS

# A real corpus has a few hundred thousand distinct words; clearing the cache
# past this size bounds memory without ever getting in the way in practice.
STEM_CACHE_LIMIT: Final = 500_000

# Module globals rather than filter attributes: whoosh pickles the analyzer
# into the index schema, and neither the NLTK stemmer nor a huge dict belongs there.
_stemmer: Any = None
_cache: dict[str, str] = {}


def _load_stemmer() -> Any:
    global _stemmer
    if _stemmer is None:
        # Imported here because "import nltk" costs ~0.3 s of CLI start-up time.
        from nltk.stem.snowball import GermanStemmer

        _stemmer = GermanStemmer()
    return _stemmer


def stem(word: str) -> str:
    """Snowball German stem of ``word`` (NLTK lowercases and folds umlauts itself)."""
    cached = _cache.get(word)
    if cached is not None:
        return cached
    if len(_cache) >= STEM_CACHE_LIMIT:
        _cache.clear()
    result: str = _load_stemmer().stem(word)
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
