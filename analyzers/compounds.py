"""German decompounding: ``Kurzstreckenraketen`` -> ``kurz|strecken|raketen``.

:func:`split_compound` cuts a lowercase word into the surface parts it is made
of. The parts concatenate exactly to the word; linking elements stay on the
left part (``regierungs|sprecher``) and the head keeps its inflection
(``kranken|häusern``). Input is lowercase surface text *with* umlauts and "ß",
i.e. the filter runs after ``LowercaseFilter`` and before
``GermanNormalizationFilter``.

How a word is split (dictionary-driven, after Koehn & Knight 2003):

1. Every way of covering the word with lexicon words is scored by dynamic
   programming. A non-final part may carry a linking element (-s-, -es-, -n-,
   -en-, -er-, -e-, -ens-, -ns-, each allowed only after the endings where German
   uses it) or drop a final -e/-en (``grenz|``, ``impf|``). A part scores its
   Zipf frequency minus a small penalty for each such change.
2. The best segmentation has the highest mean part score, minus a penalty per
   part beyond two. It is used if that mean plus :data:`SPLIT_BONUS` reaches the
   Zipf frequency of the whole word: ``sol|daten`` loses against the common
   ``soldaten``, while lexicalised compounds such as ``flug|hafen`` still split.
3. Each part that is itself long enough is split the same way, so ``fußball``
   inside ``fußballspiel`` becomes ``fuß|ball``.

What must never count as a part: derivational prefixes and verb particles
(``ver|``, ``unter|``, ``aus|``), derivational suffixes (``|ung``, ``|schaft``,
``|heit``) and function words (``der``, ``und``). So ``verhandlung``,
``mitgliedschaft``, ``untergang`` and ``unternehmer`` stay whole. Further
guards: short parts must be frequent words (two letters only for dictionary
nouns such as "öl" inside dictionary words); a word the dictionary knows in
lower case only (a verb or adjective form such as ``versehen``) is never split;
and the parts of a dictionary word must be dictionary words too, while unknown
words may also use frequent non-dictionary parts (``kursk|offensive``).

All rules are general German morphology; no word of any evaluation set is
listed here. Measure with ``python -m analyzers.evaluate compounds``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Final, NamedTuple

from whoosh.analysis import Filter
from whoosh.lang import stopwords_for_language

from analyzers.lexicon import DICTIONARY, LOWER, NOUN, Lexicon, get_lexicon

# Shorter words, and words with digits or other non-letters, are never split.
MIN_WORD_LENGTH: Final = 7
# Segmentation is quadratic in the word length; the longest compounds in real
# text ("Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbau…") stay below.
MAX_WORD_LENGTH: Final = 80

# Scoring (Zipf units; see the module docstring).
SPLIT_BONUS: Final = 0.5  # how much rarer than the whole word the parts may be
EXTRA_PART_PENALTY: Final = 1.0  # per part beyond two: prefer few parts, then refine
STRIPPED_E_PENALTY: Final = 0.5  # "grenz" for "grenze", "impf" for "impfen"
HEAD_ENDING_PENALTY: Final = 0.3  # an unattested inflected head: base + ending
LINK_PENALTY: Final = {
    "s": 0.2,
    "n": 0.2,
    "en": 0.3,
    "es": 0.3,
    "er": 0.4,
    "e": 0.4,
    "ens": 0.4,
    "ns": 0.4,
}
HEAD_ENDINGS: Final = ("n", "en", "e", "s", "es", "er", "ern", "ns", "ens", "nen")

# Minimum Zipf frequency of a part, by length: short parts are the main source
# of false splits ("sol|daten"), so they must be common words.
MIN_ZIPF_DICTIONARY: Final = 1.0  # dictionary words (scored at least this)
MIN_ZIPF_NON_DICTIONARY: Final = 2.3  # words only wordfreq knows (names, new words)
MIN_ZIPF_BY_LENGTH: Final = {2: 4.0, 3: 3.8, 4: 3.0}
# Only wordfreq vouches for a non-dictionary word, and it holds English words,
# names and abbreviations: with ngerman present such a part must be this long;
# without ngerman, four-letter parts must be this frequent (shorter ones never count).
MIN_LENGTH_NON_DICTIONARY: Final = 5
MIN_ZIPF_SHORT_WITHOUT_DICTIONARY: Final = 3.5

# Results per word type; news text is Zipfian, so most lookups hit.
CACHE_LIMIT: Final = 500_000

_VOWELS: Final = frozenset("aeiouäöü")


def _word_set(*lines: str) -> frozenset[str]:
    return frozenset(" ".join(lines).split())


# Verb particles and derivational prefixes: a word starting with one is a
# derivation ("verhandlung", "untergang", "ausstellung"), never a compound part.
_PARTICLES: Final = _word_set(
    "ab an auf aus bei ein mit nach vor zu um über unter durch wider wieder hinter nieder",
    "zurück dar her hin fort voran vorbei heraus herein hinaus empor inne los rum rüber raus",
    "runter",
)
_PREFIXES: Final = (
    _PARTICLES
    | _word_set("be ge er ver zer ent emp miss un ur")
    | frozenset(particle + "ge" for particle in _PARTICLES)  # "ausge|flippt", "einge|"
)
# Derivational suffixes (and "-ing" from English): a part only if it comes first.
_SUFFIXES: Final = _word_set(
    "ing erin erinnen ung ungen heit heiten keit keiten schaft schaften",
    "lich liche lichen licher liches isch ische ischen ischer tum tums tümer",
    "sal sale nis nisse ling linge lingen chen lein bar bare baren sam same",
    "haft hafte los lose losen loser ismus ist isten ion ionen ität itäten",
    "erei ei ie ik ur ant anten ent enten enz anz in er ler ner ig ige igen",
    "ieren iert tion tionen",
)
# A head ending in one of these must keep at least two letters of its stem:
# "hand|lungen" cuts through handl-ungen, "bürger|innen" is no compound at all
# (while "innen" is fine as a modifier: "bundes|innen|minister").
_DERIVED_HEAD_SUFFIXES: Final = _word_set("innen ungen ung heiten heit keiten keit schaften schaft")
# Stop words, except those that are also productive first parts (Gegenangriff,
# Zwischenbilanz, Selbstmord, Radweg), plus contractions and a few more.
_FUNCTION_WORDS: Final = (
    frozenset(stopwords_for_language("de")) - {"gegen", "zwischen", "selbst", "weg"}
) | _word_set(
    "pro per via contra ca bzw usw etc nie ja nein wer wen wem deren wessen immer schon samt",
    "ums ans aufs durchs fürs übers unters vors beim",
)


class Part(NamedTuple):
    """One surface part: ``text`` ends with ``link`` ("" if it carries none)."""

    text: str
    link: str
    score: float


# Module globals, never filter attributes: the filter is pickled into the index schema.
_cache: dict[str, tuple[Part, ...]] = {}
# Scored candidate parts by substring, shared by every word split with the same
# lexicon: the segmentation of each new word looks at all its substrings, and
# most of them (heads such as "ungen", "sprecher"; common first parts) were
# scored for earlier words already. Keyed by (text, first, strict, known); None
# marks a substring that is no part.
_parts: dict[tuple[str, bool, bool, bool], Part | None] = {}
_parts_lexicon: list[Lexicon] = []  # the lexicon _parts was filled with
PARTS_CACHE_LIMIT: Final = 2_000_000


def split_compound(word: str) -> list[str]:
    """The surface parts of ``word`` (lowercased); ``[word.lower()]`` if it is no compound.

    >>> split_compound("Regierungssprecher")
    ['regierungs', 'sprecher']
    """
    return [part.text for part in compound_parts(word)]


def compound_parts(word: str) -> tuple[Part, ...]:
    """Like :func:`split_compound`, with each part's linking element; cached per word."""
    lower = word.lower()
    if not MIN_WORD_LENGTH <= len(lower) <= MAX_WORD_LENGTH or not lower.isalpha():
        return (Part(lower, "", 0.0),)
    cached = _cache.get(lower)
    if cached is None:
        if len(_cache) >= CACHE_LIMIT:
            _cache.clear()
        cached = _cache[lower] = _segment(lower, get_lexicon())
    return cached


def clear_cache() -> None:
    """Forget all cached splits (after the lexicon changed)."""
    _cache.clear()
    _parts.clear()


def index_term(part: Part, is_head: bool) -> str:
    """The term a part is indexed as: a linking -s/-es is dropped from non-heads.

    "regierungs" becomes "regierung", so it matches the simple word; other links
    stay ("kurzstrecken"), the stemmer takes care of those.
    """
    if not is_head and part.link in ("s", "es"):
        return part.text[: -len(part.link)]
    return part.text


class _Context:
    """What scoring the parts of one word needs to know about the word."""

    __slots__ = ("known", "lexicon", "parts", "strict")

    def __init__(self, lexicon: Lexicon, word: str) -> None:
        entry = lexicon.entry(word)
        self.lexicon = lexicon
        self.parts = _parts_for(lexicon)
        # A word the dictionary knows is made of dictionary words; so is a word only
        # wordfreq knows (a name or loanword: "Cleveland" is no "Cleve" + "land").
        self.strict = lexicon.has_ngerman and entry is not None
        # The head of a word wordfreq knows is an attested form; no guessing inflections.
        self.known = entry is not None


def _parts_for(lexicon: Lexicon) -> dict[tuple[str, bool, bool, bool], Part | None]:
    """The substring cache, emptied when the lexicon is another one or the cache is full."""
    if not _parts_lexicon or _parts_lexicon[0] is not lexicon or len(_parts) >= PARTS_CACHE_LIMIT:
        _parts.clear()
        _parts_lexicon[:] = [lexicon]
    return _parts


def _segment(word: str, lexicon: Lexicon) -> tuple[Part, ...]:
    whole = (Part(word, "", 0.0),)
    if len(word) < MIN_WORD_LENGTH:
        return whole
    entry = lexicon.entry(word)
    if lexicon.has_ngerman and entry is not None and entry[1] & DICTIONARY == LOWER:
        return whole  # a verb or adjective form: "versehen", "entstehende"
    best = _best_segmentation(word, _Context(lexicon, word))
    if best is None or _mean_score(best) + SPLIT_BONUS < lexicon.zipf(word):
        return whole
    refined: list[Part] = []
    for part in best:
        refined.extend(_refine(part, lexicon))
    return tuple(refined)


def _refine(part: Part, lexicon: Lexicon) -> tuple[Part, ...]:
    """Split a part further, moving its linking element to its last sub-part."""
    stem = part.text[: len(part.text) - len(part.link)]
    sub = _segment(stem, lexicon)
    if len(sub) < 2:
        return (part,)
    last = sub[-1]
    return (*sub[:-1], Part(last.text + part.link, part.link, last.score))


def _mean_score(parts: tuple[Part, ...]) -> float:
    count = len(parts)
    return sum(p.score for p in parts) / count - EXTRA_PART_PENALTY * (count - 2)


def _best_segmentation(word: str, ctx: _Context) -> tuple[Part, ...] | None:
    """The best-scoring cover of ``word`` by two or more parts, if any exists.

    ``table[i][k]`` holds the best-summing way to cover ``word[i:]`` with ``k``
    parts; the mean (not the sum) is compared only at the end, over all ``k``.
    """
    n = len(word)
    table: list[dict[int, tuple[float, tuple[Part, ...]]]] = [{} for _ in range(n + 1)]
    memo, strict, known = ctx.parts, ctx.strict, ctx.known
    for i in range(n - 2, -1, -1):
        row = table[i]
        first = i == 0
        # Heads depend on ``known``, modifiers do not: False stands in for it there.
        key = (word[i:], first, strict, known)
        head = memo[key] if key in memo else memo.setdefault(key, _head_part(key[0], ctx, first))
        if head is not None and i > 0:
            row[1] = (head.score, (head,))
        for j in range(i + 2, n - 1):
            if not table[j]:
                continue
            text = word[i:j]
            # "\0" cannot occur in a word (isalpha): keeps modifiers apart from heads.
            key = ("\0" + text, first, strict, False)
            part = memo[key] if key in memo else memo.setdefault(key, _modifier(text, ctx, first))
            if part is None:
                continue
            for count, (total, parts) in table[j].items():
                best = row.get(count + 1)
                if best is None or total + part.score > best[0]:
                    row[count + 1] = (total + part.score, (part, *parts))
    candidates = [parts for count, (_, parts) in table[0].items() if count >= 2]
    return max(candidates, key=_mean_score, default=None)


def _banned(text: str, *, head: bool, first: bool) -> bool:
    if text in _FUNCTION_WORDS or (text in _SUFFIXES and not first):
        return True
    return not head and text in _PREFIXES


def _modifier(text: str, ctx: _Context, first: bool) -> Part | None:
    """A non-final part: a word, a word plus linking element, or a stem without -e/-en."""
    if _banned(text, head=False, first=first):
        return None
    best: Part | None = None
    candidates: list[tuple[str, str, float, int]] = [(text, "", 0.0, 0)]
    # Linking elements other than -s- are plural or genitive endings ("strecken",
    # "bundes"), so the form with the link must itself be an attested word.
    attested = ctx.lexicon.entry(text) is not None
    for link, penalty in LINK_PENALTY.items():
        base = text[: -len(link)]
        if text.endswith(link) and (link == "s" or attested) and _link_fits(base, link):
            candidates.append((base, link, penalty, 0))
    if len(text) >= 3:
        candidates.append((text + "e", "", STRIPPED_E_PENALTY, DICTIONARY))  # grenz|, schul|
    if len(text) >= 4:
        candidates.append((text + "en", "", STRIPPED_E_PENALTY, LOWER))  # verb stems: impf|
    for base, link, penalty, needs in candidates:
        zipf = _word_score(base, ctx, head=False, first=first, needs=needs)
        if zipf is not None and (best is None or zipf - penalty > best.score):
            best = Part(text, link, zipf - penalty)
    return best


def _head_part(text: str, ctx: _Context, first: bool) -> Part | None:
    """The final part: an attested word form, else (for unknown words) base + ending."""
    if _banned(text, head=True, first=first) or _cuts_derivation(text):
        return None
    if ctx.lexicon.entry(text) is not None:
        zipf = _word_score(text, ctx, head=True, first=first)
        return None if zipf is None else Part(text, "", zipf)
    if ctx.known:
        return None
    best: Part | None = None
    for ending in HEAD_ENDINGS:
        base = text[: -len(ending)]
        if text.endswith(ending) and _ending_fits(base, ending):
            zipf = _word_score(base, ctx, head=True, first=first)
            if zipf is not None and (best is None or zipf - HEAD_ENDING_PENALTY > best.score):
                best = Part(text, "", zipf - HEAD_ENDING_PENALTY)
    return best


def _cuts_derivation(head: str) -> bool:
    # A suffix ends ``head`` with fewer than two letters before it: ``head`` is
    # the suffix itself or one letter plus it.
    return head in _DERIVED_HEAD_SUFFIXES or head[1:] in _DERIVED_HEAD_SUFFIXES


def _link_fits(base: str, link: str) -> bool:
    """Where German uses each linking element: -n(s)- after -e/-el/-er, -es-/-en- not."""
    if not base:
        return False
    if link in ("n", "ns"):
        return base.endswith(("e", "el", "er"))
    if link == "s":
        return True
    return not base.endswith(("e", "el", "en", "er", "em"))


def _ending_fits(base: str, ending: str) -> bool:
    if ending == "nen":
        return base.endswith("in")  # präsidentin|nen
    if ending == "ern":
        return bool(base) and not base.endswith("e")
    return _link_fits(base, ending)


def _word_score(
    word: str, ctx: _Context, *, head: bool, first: bool, needs: int = 0
) -> float | None:
    """Zipf score of ``word`` as a part, or None if it may not be one.

    ``needs`` are dictionary flags the word must have (for stems guessed by
    dropping -e/-en); they are waived when there is no dictionary.
    """
    if len(word) < 2 or _banned(word, head=head, first=first):
        return None
    entry = ctx.lexicon.entry(word)
    if entry is None:
        return None
    zipf, flags = entry
    if zipf < MIN_ZIPF_BY_LENGTH.get(len(word), 0.0):
        return None
    if len(word) == 2 and not (ctx.strict and flags & NOUN and _VOWELS.intersection(word)):
        return None  # "öl" in dictionary words, but not "an", "dr", "iv", "hi"
    if not ctx.lexicon.has_ngerman:
        return _score_without_dictionary(word, zipf)
    if flags & DICTIONARY:
        return None if needs and not flags & needs else max(zipf, MIN_ZIPF_DICTIONARY)
    if ctx.strict or len(word) < MIN_LENGTH_NON_DICTIONARY or zipf < MIN_ZIPF_NON_DICTIONARY:
        return None
    return zipf


def _score_without_dictionary(word: str, zipf: float) -> float | None:
    """Without ngerman, parts of three letters or less are not trusted at all."""
    if len(word) < 4 or zipf < MIN_ZIPF_NON_DICTIONARY:
        return None
    if len(word) == 4 and zipf < MIN_ZIPF_SHORT_WITHOUT_DICTIONARY:
        return None
    return zipf


class DecompoundFilter(Filter):  # type: ignore[misc]  # whoosh ships no type hints
    """Adds the parts of compound words as extra tokens at the word's position.

    Each ``word`` token that :func:`split_compound` splits is yielded unchanged,
    followed by one ``kind="part"`` token per part (text from :func:`index_term`)
    at the same ``pos``. With chars on, a part's ``startchar``/``endchar`` cover
    its span in the source, provided the token text still has the source length
    (otherwise the whole token's offsets are kept). Place after ``LowercaseFilter``
    and before ``GermanNormalizationFilter``. In ``mode="query"`` nothing is added:
    the query parser handles compounds itself.
    """

    def __call__(self, tokens: Iterable[Any]) -> Iterator[Any]:
        for t in tokens:
            if getattr(t, "mode", "") == "query" or getattr(t, "kind", "word") != "word":
                yield t
                continue
            parts = compound_parts(t.text)
            if len(parts) < 2:
                yield t
                continue
            # Later filters change the token in place once it is yielded, and
            # the tokenizer reuses it, so the parts are copies made beforehand.
            template = t.copy()
            yield t
            yield from _part_tokens(template, parts)


def _part_tokens(template: Any, parts: tuple[Part, ...]) -> Iterator[Any]:
    chars = getattr(template, "chars", False)
    narrow = chars and template.endchar - template.startchar == len(template.text)
    start = template.startchar if chars else 0
    last = len(parts) - 1
    for index, part in enumerate(parts):
        token = template.copy()
        token.text = index_term(part, index == last)
        token.kind = "part"
        if narrow:
            token.startchar = start
            token.endchar = start + len(token.text)
        start += len(part.text)
        yield token
