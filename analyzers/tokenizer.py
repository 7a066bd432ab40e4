"""Tokenizer for German news text.

One precompiled regex with a named group per token kind. The alternatives are
tried in order, so the more specific shapes (URLs, abbreviations, numbers) win
over plain words. Everything the regex does not match (whitespace, punctuation,
hyphens, quotes, emoji, ``*``, ``@`` ...) separates tokens.

Two exceptions keep German spellings together or add to them:

* gender forms (``Journalist*innen``, ``Journalist:innen``, ``Journalist_innen``,
  ``Journalist/-innen``, ``Journalist/in``) are one word token; the marker only
  joins when ``in``/``innen`` follows a letter and ends the word;
* a hyphen chain of letter words (``Ukraine-Front``, ``Russland-Ukraine-Krieg``)
  yields its parts as before plus one extra ``joined`` token (``UkraineFront``)
  at the position of the first part, so ``Ukrainefront`` finds ``Ukraine-Front``.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any, Final, Literal

from whoosh.analysis import Token, Tokenizer

TokenKind = Literal["word", "number", "url", "abbrev", "joined"]

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
_HYPHEN: Final = "[-\u2010\u2011]"  # hyphen-minus, hyphen, non-breaking hyphen
# "Journalist*innen", "Journalist:innen", "Journalist_innen", "Journalist/-innen",
# "Journalist/in": the marker belongs to the word only before a whole "in"/"innen".
_GENDER_SUFFIX: Final = rf"(?:[*:_]|/-?)(?i:innen|in)(?!{_ALNUM}|{_IN_WORD_EXTRA})"
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
    | (?P<word>{_ALNUM}(?:{_ALNUM}|{_IN_WORD_EXTRA})*(?:(?<={_LETTER}){_GENDER_SUFFIX})?)
    """,
    re.VERBOSE,
)

# A candidate hyphen chain: letter words joined by single hyphens, not preceded
# or followed by a hyphen ("G7-Gipfel-Treffen", "Süd-Ost-" and the suspended
# "Artillerie- und" never match). Each part must end where its word token ends.
_CHAIN_PART: Final = (
    rf"{_LETTER}(?:{_LETTER}|{_IN_WORD_EXTRA})*(?!{_ALNUM}|{_IN_WORD_EXTRA}|{_GENDER_SUFFIX})"
)
HYPHEN_CHAIN: Final = re.compile(
    rf"(?<!{_HYPHEN}){_CHAIN_PART}(?:{_HYPHEN}{_CHAIN_PART})+(?!{_HYPHEN})"
)
_HYPHENS: Final = re.compile(_HYPHEN)
_HYPHEN_CHARS: Final = frozenset("-\u2010\u2011")  # what _HYPHEN matches

_WHITESPACE: Final = re.compile(r"\s+")

# Longer runs are junk (base64, minified code, "aaaa…"), never words; dropping
# them keeps every later filter linear. Lucene's StandardTokenizer uses 255 too.
MAX_TOKEN_LENGTH: Final = 255


def _clean_word(text: str) -> str:
    """Drop soft hyphens and compose decomposed characters so "Gru\u0308ße" == "Grüße"."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text.replace("\u00ad", ""))


def _hyphen_chain_end(value: str, match: re.Match[str]) -> int | None:
    """End of the hyphen chain that starts with word ``match``, or None.

    The chain is re-tokenized and accepted only if every piece is a word token,
    so shapes the main regex reads differently (``Süd-u. a.``) never join.
    """
    chain = HYPHEN_CHAIN.match(value, match.start())
    if chain is None or chain.end() - match.start() > MAX_TOKEN_LENGTH:
        return None
    parts = len(_HYPHENS.findall(chain.group())) + 1
    for count, piece in enumerate(TOKEN_PATTERN.finditer(value, match.start()), 1):
        if piece.lastgroup != "word" or piece.end() > chain.end():
            return None
        if count == parts:
            return chain.end() if piece.end() == chain.end() else None
    return None


def joined_text(hyphenated: str) -> str:
    """``Ukraine-Front`` -> ``UkraineFront``: the parts concatenated, case kept."""
    return _clean_word(_HYPHENS.sub("", hyphenated))


def _fill(t: Any, text: str, kind: str, keeporiginal: bool) -> None:
    t.text = text
    t.kind = kind
    t.boost = 1.0
    t.stopped = False
    if keeporiginal:
        t.original = text


def _place(t: Any, positions: bool, chars: bool, pos: int, start: int, end: int) -> None:
    if positions:
        t.pos = pos
    if chars:
        t.startchar = start
        t.endchar = end


def _token_text(kind: str, matched: str) -> str:
    if kind == "word":
        return _clean_word(matched)
    if kind == "abbrev":
        return _WHITESPACE.sub("", matched)
    return matched


def raw_tokens(
    value: str, join_chains: bool, start_pos: int = 0
) -> Iterator[tuple[str, str, int, int, int]]:
    """``(kind, text, pos, start, end)`` of every token of ``value``, in stream order.

    The tokenizer's whole logic without Token objects, so the cached analyzer
    (:mod:`analyzers.cached`) can use it too. ``join_chains`` adds the joined
    token of hyphen chains (an index-time expansion).
    """
    # The hot loop of indexing: helpers are inlined for the common case
    # (an ASCII word not followed by a hyphen).
    length = len(value)
    for pos, match in enumerate(TOKEN_PATTERN.finditer(value), start_pos):
        start, end = match.span()
        if end - start > MAX_TOKEN_LENGTH:
            continue  # the position stays taken, so phrases cannot bridge the junk
        kind = match.lastgroup or "word"
        matched = match.group()
        if kind != "word":
            yield kind, _token_text(kind, matched), pos, start, end
            continue
        yield kind, matched if matched.isascii() else _clean_word(matched), pos, start, end
        if not join_chains or end >= length or value[end] not in _HYPHEN_CHARS:
            continue
        chain_end = _hyphen_chain_end(value, match)
        if chain_end is None:
            continue
        # Same position as the first part: the joined token takes no slot of
        # its own, so phrase positions of everything after stay unchanged.
        yield "joined", joined_text(value[start:chain_end]), pos, start, chain_end


def token_starts(value: str) -> list[int]:
    """Where each token position of ``value`` starts: one regex pass, kept by callers
    that read the same text again (the highlighter, :func:`raw_tokens_at`)."""
    return [match.start() for match in TOKEN_PATTERN.finditer(value)]


def more_token_starts(value: str, scanned: int, count: int) -> tuple[list[int], int]:
    """The starts of the next ``count`` tokens of ``value`` after character ``scanned``
    (the end of the last token found, 0 at first), and where to go on (-1: at the end).

    The scan goes on exactly where one pass would: each search starts at the
    previous match's end, and look-behinds still see the text before it.
    """
    found = list(itertools.islice(TOKEN_PATTERN.finditer(value, scanned), count))
    going_on = found[-1].end() if len(found) == count and found else -1
    return [match.start() for match in found], going_on


def raw_tokens_at(
    value: str,
    join_chains: bool,
    positions: frozenset[int],
    starts: Sequence[int] | None = None,
) -> Iterator[tuple[str, str, int, int, int]]:
    """Exactly :func:`raw_tokens`' tokens at ``positions`` (the highlighter's few matches).

    Every other token costs only its regex match: no cleaning, no chain check.
    With ``value``'s :func:`token_starts` not even that: each wanted token is
    matched where it starts (the same match the scan would find there).
    """
    length = len(value)
    for pos, match in _matches_at(value, sorted(positions), starts):
        start, end = match.span()
        if end - start > MAX_TOKEN_LENGTH:
            continue
        kind = match.lastgroup or "word"
        yield kind, _token_text(kind, match.group()), pos, start, end
        if kind != "word" or not join_chains or end >= length or value[end] not in _HYPHEN_CHARS:
            continue
        chain_end = _hyphen_chain_end(value, match)
        if chain_end is not None:
            yield "joined", joined_text(value[start:chain_end]), pos, start, chain_end


def _matches_at(
    value: str, positions: list[int], starts: Sequence[int] | None
) -> Iterator[tuple[int, re.Match[str]]]:
    if starts is not None:
        for pos in positions:
            if 0 <= pos < len(starts):
                match = TOKEN_PATTERN.match(value, starts[pos])
                if match is not None:
                    yield pos, match
        return
    matches = TOKEN_PATTERN.finditer(value)
    at = 0  # position of the next match the iterator yields
    for pos in positions:
        if pos < at:
            continue
        # islice skips the matches in between without a Python step per token.
        match = next(itertools.islice(matches, pos - at, None), None)
        if match is None:
            return
        at = pos + 1
        yield pos, match


class GermanTokenizer(Tokenizer):  # type: ignore[misc]  # whoosh ships no type hints
    """Splits German text into word, number, url, abbrev and joined tokens.

    Each token carries its kind in ``t.kind`` so later filters can leave
    numbers and URLs alone. ``startchar``/``endchar`` always index into the
    original string, even when the token text was cleaned up.

    ``joined`` tokens (``UkraineFront`` for ``Ukraine-Front``) follow the first
    part of a hyphen chain at the same position and span the whole chain. They
    are emitted when indexing only, not with ``mode="query"``.
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

        # The joined token of a hyphen chain is an index-time expansion: a query
        # "Kim Jong-un" must still match "Kim Jong Un", which an AND over
        # kim/jong/jongun/un would not.
        for kind, text, pos, start, end in raw_tokens(value, mode != "query", start_pos):
            _fill(t, text, kind, keeporiginal)
            _place(t, positions, chars, pos, start_char + start, start_char + end)
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
