"""German text analysis for whoosh: tokenizer, filters and the preset chain.

Bump :data:`ANALYZER_VERSION` whenever a change alters the terms produced for
some text; indexes built with an older version must then be rebuilt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from whoosh.analysis import LowercaseFilter

from analyzers.normalize import GermanNormalizationFilter, german_normalize
from analyzers.numbers import NumberFilter, normalize_number
from analyzers.stemming import GermanStemFilter, stem
from analyzers.stopwords import GERMAN_STOPWORDS, GermanStopFilter
from analyzers.tokenizer import GermanTokenizer, TokenKind

__all__ = [
    "ANALYZER_VERSION",
    "GERMAN_STOPWORDS",
    "GermanNormalizationFilter",
    "GermanStemFilter",
    "GermanStopFilter",
    "GermanTokenizer",
    "NumberFilter",
    "TokenInfo",
    "TokenKind",
    "analyze",
    "analyze_tokens",
    "german_analyzer",
    "german_normalize",
    "normalize_number",
    "stem",
]

ANALYZER_VERSION: Final = 1


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """One indexed term and where it came from in the original text."""

    text: str
    pos: int
    start: int
    end: int
    kind: str


def german_analyzer() -> Any:
    """The analyzer for German text fields: a whoosh ``CompositeAnalyzer``.

    Order matters: lowercase before normalization (the Lucene state machine
    only knows lowercase letters), normalization before the stop filter (the
    stop list is matched in normalized form) and stemming last, so stop words
    are recognised as whole words rather than as stems.
    """
    return (
        GermanTokenizer()
        | LowercaseFilter()
        | GermanNormalizationFilter()
        | NumberFilter()
        | GermanStopFilter()
        | GermanStemFilter()
    )


_DEFAULT_ANALYZER: Final = german_analyzer()


def analyze(text: str) -> list[str]:
    """The terms :func:`german_analyzer` indexes for ``text``, in order."""
    return [t.text for t in _DEFAULT_ANALYZER(text)]


def analyze_tokens(text: str) -> list[TokenInfo]:
    """Like :func:`analyze`, with each term's position, char offsets and kind."""
    return [
        TokenInfo(text=t.text, pos=t.pos, start=t.startchar, end=t.endchar, kind=t.kind)
        for t in _DEFAULT_ANALYZER(text, positions=True, chars=True)
    ]
