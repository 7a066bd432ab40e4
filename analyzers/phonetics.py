"""Phonetic codes for names, so transliteration variants meet in one term.

``phonetic_code`` = Kölner Phonetik (Postel 1969) over a lightly folded
spelling. Kölner Phonetik is built for German spelling and already treats most
transliteration differences as equal: vowels, ``j`` and ``y`` are all ``0``;
``s``/``z``/``ts``/``sch``/``sh``/``zh`` all ``8`` (``h`` is silent); ``v``,
``w`` and ``f`` all ``3``; ``k``, ``kh`` and ``ch`` before a/o/u all ``4``. So
``Schoigu``/``Shoigu``, ``Selenskyj``/``Zelensky``, ``Gerassimow``/``Gerasimov``
and ``Pjöngjang``/``Pyongyang`` get one code without help, and folds such as
``sh`` -> ``sch``, ``ts`` -> ``z`` or final ``ov`` -> ``ow`` would change nothing.

:func:`fold_transliteration` therefore only handles what the code itself gets
wrong:

* letters outside a-z: accents dropped (``Erdoğan``, ``Vučić``), ``ß`` -> ``ss``,
  ``ø`` -> ``o``, ``æ`` -> ``ae``, ``œ`` -> ``oe``, ``ł`` -> ``l``, ``đ`` -> ``dj``;
* ``shch`` -> ``schtsch`` (``Khrushchev`` = ``Chruschtschow``: the ``c`` after
  ``h`` would otherwise be a hard ``4``);
* ``dj`` -> ``dsch`` (``Djokovic`` = ``Dschokowitsch``, ``Djibouti`` = ``Dschibuti``);
* ``tch`` -> ``tsch`` (English spelling of the same sound);
* ``c`` before a consonant other than c/h/k/q/s/x/z -> ``k``: Kölner codes such a
  ``c`` as ``8``, so ``Macron`` would not meet ``Makron``, nor ``Victor`` ``Viktor``.

Known gaps: the English ``ch`` for German ``tsch`` (``Gorbachev``/``Gorbatschow``,
``Chernobyl``) and ``j`` for ``dsch`` (``Jihad``/``Dschihad``) clash with German
spellings and are left alone; Cyrillic or other scripts are not transliterated.

:class:`PhoneticFilter` feeds a separate low-boost field with codes of
capitalized words only (names, and German nouns), see its docstring.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, Final

from whoosh.analysis import Filter

from analyzers.cached import CachedAnalyzer
from analyzers.stopwords import GERMAN_STOPWORDS
from analyzers.tokenizer import GermanTokenizer

# Words shorter than this carry too little sound to tell names apart.
MIN_LETTERS: Final = 5

# Letters NFKD does not decompose into a base letter plus marks.
_SPECIAL_LETTERS: Final = str.maketrans(
    {"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "dj", "ð": "d", "þ": "th", "ı": "i"}
)
_NOT_ASCII_LETTER: Final = re.compile(r"[^a-z]+")
_FOLDS: Final = (
    (re.compile("shch"), "schtsch"),
    (re.compile("dj"), "dsch"),
    (re.compile("tch"), "tsch"),
    (re.compile("c(?=[bdfglmnprtvw])"), "k"),
)

_VOWELS: Final = frozenset("AEIJOUY")
_FVW: Final = frozenset("FVW")
_GKQ: Final = frozenset("GKQ")
_CSZ: Final = frozenset("CSZ")
_SZ: Final = frozenset("SZ")
_CKQ: Final = frozenset("CKQ")
_C_HARD_AT_START: Final = frozenset("AHKLOQRUX")
_C_HARD: Final = frozenset("AHKOQUX")
_SIMPLE: Final = {"B": "1", "L": "5", "M": "6", "N": "6", "R": "7", "S": "8", "Z": "8"}

KEY_SEPARATOR: Final = "_"

# Token kinds the phonetic filter codes; numbers, URLs and abbreviations are dropped.
_CODED_KINDS: Final = frozenset({"word", "joined"})


def latin_letters(word: str) -> str:
    """``word`` lowercased and reduced to a-z: ``Müller-Lüdenscheidt`` -> ``mullerludenscheidt``."""
    decomposed = unicodedata.normalize("NFKD", word.lower().translate(_SPECIAL_LETTERS))
    return _NOT_ASCII_LETTER.sub("", decomposed)


def fold_transliteration(word: str) -> str:
    """Spell ``word`` the way Kölner Phonetik expects (see the module docstring)."""
    folded = latin_letters(word)
    for pattern, replacement in _FOLDS:
        folded = pattern.sub(replacement, folded)
    return folded


def _letter_code(prev: str, char: str, nxt: str) -> str:
    """Code of ``char`` between ``prev`` and ``nxt`` ("" at the word's edges)."""
    if char in _VOWELS:
        return "0"
    if char == "H":
        return ""
    if char == "P":
        return "3" if nxt == "H" else "1"
    if char in "DT":
        return "8" if nxt in _CSZ else "2"
    if char in _FVW:
        return "3"
    if char in _GKQ:
        return "4"
    if char == "C":
        if not prev:
            return "4" if nxt in _C_HARD_AT_START else "8"
        return "4" if nxt in _C_HARD and prev not in _SZ else "8"
    if char == "X":
        return "8" if prev in _CKQ else "48"
    return _SIMPLE.get(char, "")


def koelner_phonetik(word: str) -> str:
    """The Kölner Phonetik code of ``word`` (``Müller-Lüdenscheidt`` -> ``65752682``).

    Umlauts count as vowels, ``ß`` as ``s``; other characters are skipped, so
    ``Müller-Lüdenscheidt`` is coded as one word. ``H`` has no code and does
    not separate equal codes around it.
    """
    letters = latin_letters(word).upper()
    digits: list[str] = []
    last = ""
    for index, char in enumerate(letters):
        prev = letters[index - 1] if index else ""
        nxt = letters[index + 1] if index + 1 < len(letters) else ""
        for digit in _letter_code(prev, char, nxt):
            if digit != last:
                digits.append(digit)
            last = digit
    if not digits:
        return ""
    return digits[0] + "".join(digit for digit in digits[1:] if digit != "0")


@lru_cache(maxsize=100_000)
def phonetic_code(word: str) -> str:
    """Kölner Phonetik of the transliteration-folded ``word``; "" if it has no letters.

    ``Schoigu`` and ``Shoigu`` both give ``84``, ``Macron`` and ``Makron`` ``6476``.
    """
    return koelner_phonetik(fold_transliteration(word))


class PhoneticFilter(Filter):  # type: ignore[misc]  # whoosh ships no type hints
    """Replaces name-like words by their :func:`phonetic_key` (kind ``phonetic``).

    Keeps word (and joined) tokens of at least :data:`MIN_LETTERS` letters that
    are capitalized and not stop words, and drops every other token, so the
    field it feeds holds only codes of names (and, German being German, nouns).

    Asymmetry on purpose: when indexing, only capitalized words count (``Kurs``
    and ``kurs`` are different words, sentence-initial stop words are filtered);
    with ``mode="query"`` lowercase words count too, because users type
    ``schoigu`` for ``Schoigu``. Place it right after the tokenizer: it must see
    the original case. Positions are kept.
    """

    def __call__(self, tokens: Iterable[Any]) -> Iterator[Any]:
        for t in tokens:
            if getattr(t, "kind", "word") not in _CODED_KINDS:
                continue
            text: str = t.text
            if len(text) < MIN_LETTERS or not text.isalpha():
                continue
            if not text[0].isupper() and getattr(t, "mode", "") != "query":
                continue
            if text.lower() in GERMAN_STOPWORDS:
                continue
            key = phonetic_key(text)
            if key:
                t.text = key
                t.kind = "phonetic"
                yield t


def phonetic_key(word: str) -> str:
    """The phonetic field's term for ``word``: its code, ``_``, its spelling in a-z.

    ``Shoigu`` -> ``84_shoigu``. Keys that share a code sort together, so the
    query side lists all spellings of one sound by prefix (``84_``) and keeps
    only those close in spelling: sound alone joins ``Putin`` and ``Biden`` (126).
    """
    code = phonetic_code(word)
    return f"{code}{KEY_SEPARATOR}{latin_letters(word)}" if code else ""


def key_spelling(key: str) -> str:
    """``84_shoigu`` -> ``shoigu``."""
    return key.partition(KEY_SEPARATOR)[2]


def key_prefix(key: str) -> str:
    """``84_shoigu`` -> ``84_``, the prefix all spellings of that sound share."""
    code, separator, _ = key.partition(KEY_SEPARATOR)
    return code + separator


def spelled_alike(first: str, second: str) -> bool:
    """Whether two a-z spellings are transliteration variants, not different names.

    At most one edit per three letters of the longer word: ``zelensky`` and
    ``selenskyj`` (2 edits) are alike, ``putin`` and ``biden`` (4) are not.
    """
    allowed = max(1, max(len(first), len(second)) // 3)
    return abs(len(first) - len(second)) <= allowed and edit_distance(first, second) <= allowed


def edit_distance(first: str, second: str) -> int:
    previous = list(range(len(second) + 1))
    for i, char in enumerate(first, 1):
        current = [i]
        for j, other in enumerate(second, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            )
        previous = current
    return previous[-1]


def phonetic_analyzer() -> Any:
    """Analyzer for a phonetic name field: ``GermanTokenizer() | PhoneticFilter()``, cached."""
    return CachedAnalyzer(GermanTokenizer(), PhoneticFilter())
