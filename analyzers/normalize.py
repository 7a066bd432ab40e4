"""German spelling normalization, a port of Lucene's ``GermanNormalizationFilter``.

Folds the spelling variants that German text uses for umlauts and sharp s, so
"Schaltflächen", "Schaltflaechen" and "schaltflachen" become one term:

* ä, ö, ü -> a, o, u
* ß -> ss
* ae, oe, ue -> a, o, u, but only where the "e" follows a vowel that is not
  itself part of a vowel pair ("dauer" keeps its "ue", because "au" is a
  diphthong, while "schaltflaechen" loses its "e").

The state machine is copied rule for rule from Lucene so that terms agree with
an index built by Lucene/Elasticsearch/Solr with the same filter.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Final

from whoosh.analysis import Filter

from analyzers.kinds import WORD_KINDS

# Lucene's three states: N = after a consonant (or at the start),
# V = after a vowel that cannot start an "ae/oe/ue" pair,
# U = after "a", "o" or a lone "u", where a following "e" is an umlaut marker.
_N: Final = 0
_V: Final = 1
_U: Final = 2

_UMLAUTS: Final = {"ä": "a", "ö": "o", "ü": "u"}


def german_normalize(word: str) -> str:
    """Normalize one lowercased German word exactly like Lucene's filter."""
    if word.isascii() and "e" not in word:
        # Nothing to fold: no umlaut, no sharp s, no umlaut-marking "e".
        return word

    out: list[str] = []
    state = _N
    for char in word:
        if char in "ao":
            state = _U
        elif char == "u":
            state = _U if state == _N else _V
        elif char == "e":
            was_marker = state == _U
            state = _V
            if was_marker:
                continue
        elif char in "iqy":
            state = _V
        elif char in _UMLAUTS:
            char = _UMLAUTS[char]
            state = _V
        elif char == "ß":
            char = "ss"
            state = _N
        else:
            state = _N
        out.append(char)
    return "".join(out)


class GermanNormalizationFilter(Filter):  # type: ignore[misc]  # whoosh ships no type hints
    """Applies :func:`german_normalize` to word tokens; place after lowercasing."""

    def __call__(self, tokens: Iterable[Any]) -> Iterator[Any]:
        for t in tokens:
            if getattr(t, "kind", "word") in WORD_KINDS:
                t.text = german_normalize(t.text)
            yield t
