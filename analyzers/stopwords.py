"""German stop words and a position-preserving stop filter."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Final

from whoosh.analysis import Filter
from whoosh.lang import stopwords_for_language

from analyzers.normalize import german_normalize

# The Snowball list predates the 1996 spelling reform: it has "daß" but not "dass".
_EXTRA_STOPWORDS: Final = frozenset({"dass"})


def _build_stopwords() -> frozenset[str]:
    raw = frozenset(stopwords_for_language("de")) | _EXTRA_STOPWORDS
    # The filter sees normalized text ("für" arrives as "fur"); the raw forms stay
    # in the set so the list also works in front of the normalization filter.
    return raw | frozenset(german_normalize(word) for word in raw)


GERMAN_STOPWORDS: Final[frozenset[str]] = _build_stopwords()

# Numbers and URLs are content even when their text looks like a stop word.
_NEVER_STOPPED: Final = frozenset({"number", "url"})


class GermanStopFilter(Filter):  # type: ignore[misc]  # whoosh ships no type hints
    """Removes :data:`GERMAN_STOPWORDS` without renumbering positions.

    Unlike whoosh's ``StopFilter`` the surviving tokens keep their original
    positions, so the gap left by a stop word stays visible to phrase matching
    and "Soldaten und Waffen" does not turn into "Soldaten Waffen".

    With ``removestops=False`` on the analyzer call (the highlighter does this)
    stop words are yielded with ``t.stopped = True`` instead of being dropped.
    """

    def __call__(self, tokens: Iterable[Any]) -> Iterator[Any]:
        for t in tokens:
            if t.text not in GERMAN_STOPWORDS or getattr(t, "kind", "word") in _NEVER_STOPPED:
                t.stopped = False
                yield t
            elif not t.removestops:
                t.stopped = True
                yield t
