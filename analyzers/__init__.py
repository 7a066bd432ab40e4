"""German text analysis for whoosh: tokenizer, filters and the preset chain.

Bump :data:`ANALYZER_VERSION` whenever a change alters the terms produced for
some text; indexes built with an older version must then be rebuilt.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Final

from whoosh.analysis import LowercaseFilter

from analyzers.cached import CachedAnalyzer
from analyzers.compounds import DecompoundFilter, split_compound
from analyzers.gender import GenderFilter, GenderForms, gender_forms
from analyzers.grams import gram_analyzer
from analyzers.kinds import WORD_KINDS
from analyzers.normalize import GermanNormalizationFilter, german_normalize
from analyzers.numbers import NumberFilter, normalize_number
from analyzers.options import FULL_ANALYSIS, AnalysisOptions, DropKindsFilter
from analyzers.phonetics import (
    PhoneticFilter,
    edit_distance,
    key_prefix,
    key_spelling,
    koelner_phonetik,
    phonetic_analyzer,
    phonetic_code,
    phonetic_key,
    spelled_alike,
)
from analyzers.stemming import GermanStemFilter, stem
from analyzers.stopwords import GERMAN_STOPWORDS, GermanStopFilter
from analyzers.tokenizer import GermanTokenizer, TokenKind

__all__ = [
    "ANALYZED_FIELDS",
    "ANALYZER_VERSION",
    "FULL_ANALYSIS",
    "GERMAN_STOPWORDS",
    "WORD_KINDS",
    "AnalysisOptions",
    "CachedAnalyzer",
    "DecompoundFilter",
    "DropKindsFilter",
    "GenderFilter",
    "GenderForms",
    "GermanNormalizationFilter",
    "GermanStemFilter",
    "GermanStopFilter",
    "GermanTokenizer",
    "NumberFilter",
    "PhoneticFilter",
    "TokenInfo",
    "TokenKind",
    "analyze",
    "analyze_field",
    "analyze_tokens",
    "edit_distance",
    "field_analyzer",
    "gender_forms",
    "german_analyzer",
    "german_normalize",
    "gram_analyzer",
    "key_prefix",
    "key_spelling",
    "koelner_phonetik",
    "normalize_number",
    "phonetic_analyzer",
    "phonetic_code",
    "phonetic_key",
    "spelled_alike",
    "split_compound",
    "stem",
]

ANALYZER_VERSION: Final = 4  # 4: words only wordfreq knows split into dictionary words only
ANALYZED_FIELDS: Final = ("text", "title", "words", "phonetic", "grams")


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """One indexed term and where it came from in the original text."""

    text: str
    pos: int
    start: int
    end: int
    kind: str


def german_analyzer(options: AnalysisOptions = FULL_ANALYSIS) -> Any:
    """The analyzer for German text fields: a whoosh ``CompositeAnalyzer``.

    A :class:`CachedAnalyzer`, so indexing replays each distinct word's terms
    instead of running every token through the whole chain.

    Order matters: gender forms before lowercasing (the Binnen-I needs case),
    decompounding after lowercasing but before normalization (the lexicon has
    umlauts), normalization before the stop filter (the stop list is matched in
    normalized form) and stemming last, so stop words are whole words.
    ``options`` switch features off (for measurements, see :mod:`analyzers.options`).
    """
    stages: list[Any] = [GermanTokenizer()]
    if not options.hyphen_joins:
        stages.append(DropKindsFilter({"joined"}))
    if options.gender:
        stages.append(GenderFilter())
    stages.append(LowercaseFilter())
    if options.decompound:
        stages.append(DecompoundFilter())
    stages += [GermanNormalizationFilter(), NumberFilter(), GermanStopFilter(), GermanStemFilter()]
    return CachedAnalyzer(*stages)


_DEFAULT_ANALYZER: Final = german_analyzer()


def analyze(text: str) -> list[str]:
    """The terms :func:`german_analyzer` indexes for ``text``, in order."""
    return [t.text for t in _DEFAULT_ANALYZER(text)]


def analyze_tokens(text: str) -> list[TokenInfo]:
    """Like :func:`analyze`, with each term's position, char offsets and kind."""
    return analyze_field(text)


# ``words``: the text without compound parts, so a whole word outranks a part.
_FIELD_ANALYZERS: Final = {
    "text": _DEFAULT_ANALYZER,
    "title": _DEFAULT_ANALYZER,
    "words": german_analyzer(replace(FULL_ANALYSIS, decompound=False)),
    # ``grams``: character 5-grams of the text's words (analyzers/grams.py).
    "grams": gram_analyzer(),
}


def field_analyzer(field: str) -> Any:
    """The analyzer of one indexed field (title, text, words, phonetic, grams)."""
    if field not in ANALYZED_FIELDS:
        raise ValueError(f"unknown field {field!r}; use one of {', '.join(ANALYZED_FIELDS)}")
    return _FIELD_ANALYZERS.get(field) or phonetic_analyzer()


def analyze_field(text: str, field: str = "text", mode: str = "index") -> list[TokenInfo]:
    """The tokens a field's analyzer makes of ``text`` at index or query time."""
    return [
        TokenInfo(text=t.text, pos=t.pos, start=t.startchar, end=t.endchar, kind=t.kind)
        for t in field_analyzer(field)(text, positions=True, chars=True, mode=mode)
    ]
