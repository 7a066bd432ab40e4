"""Tokenizer for German news text.

One precompiled regex with a named group per token kind. The alternatives are
tried in order, so the more specific shapes (URLs, abbreviations, numbers) win
over plain words. Everything the regex does not match (whitespace, punctuation,
hyphens, quotes, emoji, ``*``, ``@`` ...) separates tokens.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any, Final, Literal

from whoosh.analysis import Token, Tokenizer

TokenKind = Literal["word", "number", "url", "abbrev"]

# Characters that end a URL: whitespace, angle brackets and every kind of quote.
_URL_CHAR: Final = r"""[^\s<>"'„“”‚‘’«»‹›]"""
# A URL never ends in sentence punctuation or a closing bracket that belongs to
# the surrounding prose ("siehe www.example.de).").
_URL_LAST_CHAR: Final = r"""[^\s<>"'„“”‚‘’«»‹›.,;:!?)\]}*]"""
_LETTER: Final = r"[^\W\d_]"
_ALNUM: Final = r"[^\W_]"
# Combining marks (decomposed umlauts from copy-pasted text) and soft hyphens
# (from CMS hyphenation) sit inside words without \w matching them.
_IN_WORD_EXTRA: Final = r"[\u0300-\u036f\u00ad]"
_ABBREV_PART: Final = rf"{_LETTER}\."
_ABBREV_NEXT: Final = rf"\s?{_ABBREV_PART}"

TOKEN_PATTERN: Final = re.compile(
    rf"""
    (?P<url>(?:https?://|www\.){_URL_CHAR}*{_URL_LAST_CHAR})
    # Single letters with dots: "z. B.", "z.B.", "u. a.", "i. d. R.". A third
    # letter only joins when no fourth follows, so "z. B. u. a." stays two tokens.
    | (?P<abbrev>(?<!{_ALNUM}){_ABBREV_PART}{_ABBREV_NEXT}(?:{_ABBREV_NEXT}(?!{_ABBREV_NEXT}))?)
    # German grouping: "3.000", "1,28", "18.10.2024". Digits glued to letters
    # ("5G", "2024er") fall through to word.
    | (?P<number>(?>\d+(?:[.,]\d+)*)(?!{_ALNUM}))
    | (?P<word>{_ALNUM}(?:{_ALNUM}|{_IN_WORD_EXTRA})*)
    """,
    re.VERBOSE,
)

_WHITESPACE: Final = re.compile(r"\s+")


def _clean_word(text: str) -> str:
    """Drop soft hyphens and compose decomposed characters so "Gru\u0308ße" == "Grüße"."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text.replace("\u00ad", ""))


def _token_text(kind: str, matched: str) -> str:
    if kind == "word":
        return _clean_word(matched)
    if kind == "abbrev":
        return _WHITESPACE.sub("", matched)
    return matched


class GermanTokenizer(Tokenizer):  # type: ignore[misc]  # whoosh ships no type hints
    """Splits German text into word, number, url and abbrev tokens.

    Each token carries its kind in ``t.kind`` so later filters can leave
    numbers and URLs alone. ``startchar``/``endchar`` always index into the
    original string, even when the token text was cleaned up.
    """

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Any]:
        if not isinstance(value, str):
            raise TypeError(f"{value!r} is not a str")

        # One Token object for the whole stream, like whoosh's RegexTokenizer:
        # consumers copy() a token if they need to keep it.
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield self._whole_value(t, value, positions, chars, keeporiginal, start_pos, start_char)
            return

        for pos, match in enumerate(TOKEN_PATTERN.finditer(value), start_pos):
            kind = match.lastgroup or "word"
            t.text = _token_text(kind, match.group())
            t.kind = kind
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = t.text
            if positions:
                t.pos = pos
            if chars:
                t.startchar = start_char + match.start()
                t.endchar = start_char + match.end()
            yield t

    @staticmethod
    def _whole_value(
        t: Any,
        value: str,
        positions: bool,
        chars: bool,
        keeporiginal: bool,
        start_pos: int,
        start_char: int,
    ) -> Any:
        t.text = value
        t.kind = "word"
        t.boost = 1.0
        t.stopped = False
        if keeporiginal:
            t.original = value
        if positions:
            t.pos = start_pos
        if chars:
            t.startchar = start_char
            t.endchar = start_char + len(value)
        return t
