"""Gender-inclusive and feminine person nouns, indexed under the masculine base too.

``Journalist*innen`` (also ``:``, ``_``, ``/-``, ``/`` and the Binnen-I
``JournalistInnen``) arrives from the tokenizer as one word token.
:class:`GenderFilter` turns it into the feminine form without the marker,
``Journalistinnen`` (kind ``word``), plus the masculine base ``Journalist``
(kind ``gender``) at the same position, so after stemming a search for
``Journalist`` or ``Journalisten`` finds it while ``Journalistinnen`` stays
searchable on its own. Plain feminine nouns (``Journalistin``,
``Ärztinnen``) get the base token too.

Recognising a plain feminine noun is a guess, so it is conservative: the word
must be capitalized, end in ``-in``/``-innen`` after at least four letters, and
what remains must be a known person noun: a stem from :data:`_IRREGULAR`
(umlauts and e-final nouns: ``Ärzt`` -> ``Arzt``, ``Kolleg`` -> ``Kollege``) or
one ending in a masculine agent suffix from :data:`_AGENT_ENDINGS` (``-ist``,
``-er``, ``-ent`` ...). Words such as ``Termin``, ``Benzin``, ``Platin``,
``Schwerin`` or ``Valentin`` are excluded. A missed feminine form costs recall
on one query; a false one would put ``Platin`` under ``Plat``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Final, NamedTuple

from whoosh.analysis import Filter

# Shortest stem (the word without "in"/"innen") a plain or Binnen-I form may have.
MIN_STEM: Final = 4

# Feminine stems whose masculine form is not the stem itself, matched at the end
# of the lowercased stem ("Zahnärzt" -> "Zahnarzt", "Staatsanwält" -> "Staatsanwalt").
# Entries mapping to themselves are person nouns the suffix rules below miss.
_IRREGULAR: Final[dict[str, str]] = {
    # umlauted in the feminine form
    "ärzt": "arzt",
    "anwält": "anwalt",
    "bäuer": "bauer",
    "bischöf": "bischof",
    "französ": "franzose",
    "gräf": "graf",
    "köch": "koch",
    "rät": "rat",
    "schwäger": "schwager",
    # masculine ends in -e
    "afghan": "afghane",
    "beamt": "beamte",
    "gefährt": "gefährte",
    "gehilf": "gehilfe",
    "gesell": "geselle",
    "insass": "insasse",
    "kompliz": "komplize",
    "preuß": "preuße",
    "rumän": "rumäne",
    "slowen": "slowene",
    "tschetschen": "tschetschene",
    "brit": "brite",
    "expert": "experte",
    "finn": "finne",
    "gatt": "gatte",
    "genoss": "genosse",
    "griech": "grieche",
    "kolleg": "kollege",
    "kroat": "kroate",
    "kund": "kunde",
    "kurd": "kurde",
    "russ": "russe",
    "schott": "schotte",
    "schwed": "schwede",
    "serb": "serbe",
    "sklav": "sklave",
    "slowak": "slowake",
    "strateg": "stratege",
    "tschech": "tscheche",
    "türk": "türke",
    "zeug": "zeuge",
    # other irregular forms
    "israel": "israeli",
    "prinzess": "prinz",
    # person nouns without a typical agent suffix
    "analyst": "analyst",
    "architekt": "architekt",
    "baron": "baron",
    "chirurg": "chirurg",
    "detektiv": "detektiv",
    "dieb": "dieb",
    "gymnasiast": "gymnasiast",
    "herr": "herr",
    "kamerad": "kamerad",
    "kapitän": "kapitän",
    "muslim": "muslim",
    "naut": "naut",
    "partisan": "partisan",
    "philosoph": "philosoph",
    "rebell": "rebell",
    "rekrut": "rekrut",
    "rival": "rival",
    "schiit": "schiit",
    "sunnit": "sunnit",
    "veteran": "veteran",
    "athlet": "athlet",
    "chef": "chef",
    "doktorand": "doktorand",
    "favorit": "favorit",
    "feind": "feind",
    "freund": "freund",
    "fürst": "fürst",
    "held": "held",
    "herzog": "herzog",
    "könig": "könig",
    "monarch": "monarch",
    "patriot": "patriot",
    "pilot": "pilot",
    "poet": "poet",
    "prophet": "prophet",
    "spion": "spion",
    "wirt": "wirt",
}

# Masculine agent/person suffixes whose feminine is suffix + "in":
# Journalist-in, Lehrer-in, Student-in, Praktikant-in, Ingenieur-in, Autor-in,
# Kandidat-in, Kommissar-in, Sekretär-in, Therapeut-in, Ökonom-in, Fotograf-in.
_AGENT_ENDINGS: Final = (
    "ist",
    "er",
    "ent",
    "ant",
    "eur",
    "or",
    "at",
    "ar",
    "är",
    "eut",
    "nom",
    "graf",
    "graph",
)

# Stems whose masculine form adds an "e": Biolog-in -> Biologe, Pädagog-in ->
# Pädagoge, Chines-in -> Chinese (the last only for stems of six letters or more).
_E_ENDINGS: Final = ("log", "gog")
_ESE_MIN_STEM: Final = 6

# Words ending in -in that a suffix rule would take for feminine nouns (and, for
# documentation, the classic ones it rejects anyway: Termin, Benzin, Putin ...).
_NOT_FEMININE: Final = frozenset(
    {
        "benzin",
        "cholesterin",
        "berlin",
        "creatin",
        "cumarin",
        "delfin",
        "dentin",
        "disziplin",
        "florentin",
        "florin",
        "gelatin",
        "gratin",
        "heparin",
        "insulin",
        "jasmin",
        "kaffein",
        "kamin",
        "keratin",
        "koffein",
        "konstantin",
        "kreatin",
        "kremlin",
        "kristin",
        "kumarin",
        "latin",
        "lenin",
        "magazin",
        "mandarin",
        "medizin",
        "musselin",
        "pinguin",
        "protein",
        "putin",
        "quentin",
        "robin",
        "saccharin",
        "sacharin",
        "santorin",
        "rubin",
        "ruin",
        "schwerin",
        "severin",
        "stalin",
        "stearin",
        "tamarin",
        "termin",
        "urin",
        "valentin",
        "vitamin",
    }
)
# The same for whole families of compounds: Simvastatin, Rosmarin, Nitroglycerin.
_NOT_FEMININE_ENDINGS: Final = (
    "glycerin",
    "glyzerin",
    "marin",
    "platin",
    "serpentin",
    "statin",
    "terpentin",
)

_MARKERS: Final = ("/-", "*", ":", "_", "/")


class GenderForms(NamedTuple):
    """The feminine form without a gender marker and its masculine base."""

    feminine: str
    masculine: str


def masculine_base(stem: str) -> str | None:
    """Masculine form for the stem of a feminine noun (``Ärzt`` -> ``Arzt``), or None.

    ``stem`` is the noun without ``-in``/``-innen``; None means it is not a
    recognised person noun. The case of the stem's first letter is kept.
    """
    lower = stem.lower()
    for feminine, masculine in _IRREGULAR.items():
        if lower.endswith(feminine):
            return _recase(stem[: len(stem) - len(feminine)] + masculine, stem)
    if lower.endswith(_AGENT_ENDINGS):
        return stem
    if lower.endswith(_E_ENDINGS) or (len(lower) >= _ESE_MIN_STEM and lower.endswith("es")):
        return stem + ("E" if stem.isupper() else "e")
    return None


def _recase(base: str, stem: str) -> str:
    if stem.isupper():
        return base.upper()
    if stem[:1].isupper():
        return base[:1].upper() + base[1:]
    return base


def _split_suffix(word: str, suffixes: tuple[str, str]) -> tuple[str, str] | None:
    """(stem, suffix) when ``word`` ends in one of ``suffixes`` (plural first)."""
    for suffix in suffixes:
        if word.endswith(suffix):
            return word[: -len(suffix)], suffix
    return None


def _marked_forms(word: str) -> GenderForms | None:
    """``Journalist*innen`` -> (``Journalistinnen``, ``Journalist``)."""
    split = _split_suffix(word.lower(), ("innen", "in"))
    if split is None:
        return None
    suffix_len = len(split[1])
    head = word[:-suffix_len]
    for marker in _MARKERS:
        if head.endswith(marker):
            stem = head[: -len(marker)]
            if len(stem) < 2 or not stem.isalpha():
                return None
            # The writer marked the form explicitly: trust the stem even when no
            # rule knows it, but still undo umlauts and add a final -e.
            base = masculine_base(stem) or stem
            suffix = word[-suffix_len:]
            return GenderForms(stem + (suffix.upper() if stem.isupper() else suffix.lower()), base)
    return None


def _unmarked_forms(word: str) -> GenderForms | None:
    """Binnen-I (``JournalistInnen``) and plain feminine nouns (``Journalistin``)."""
    if not word.isalpha() or not word[:1].isupper():
        return None
    binnen = _split_suffix(word, ("Innen", "In"))
    if binnen is not None and binnen[0][-1:].islower():
        stem, suffix = binnen
    else:
        plain = _split_suffix(word, ("innen", "in"))
        lower = word.lower()
        if plain is None or lower in _NOT_FEMININE or lower.endswith(_NOT_FEMININE_ENDINGS):
            return None
        stem, suffix = plain
    if len(stem) < MIN_STEM:
        return None
    base = masculine_base(stem)
    if base is None:
        return None
    return GenderForms(stem + suffix.lower(), base)


def gender_forms(word: str) -> GenderForms | None:
    """Feminine form and masculine base of a gender form or feminine noun, else None.

    >>> gender_forms("Ärzt*innen")
    GenderForms(feminine='Ärztinnen', masculine='Arzt')
    >>> gender_forms("Termin") is None
    True
    """
    if word.isalpha():
        return _unmarked_forms(word)
    return _marked_forms(word)


class GenderFilter(Filter):  # type: ignore[misc]  # whoosh ships no type hints
    """Adds the masculine base of gender forms and feminine nouns (kind ``gender``).

    Place it directly after the tokenizer: it needs the original case (Binnen-I,
    capitalized nouns). The marked form itself becomes the feminine word
    (``Journalist*innen`` -> ``Journalistinnen``, still kind ``word``); the
    base follows at the same position with the same offsets. With
    ``mode="query"`` the base is not added, like the tokenizer's joined tokens:
    indexing both forms is enough for ``Journalist`` to find ``Journalistin``,
    and a query for the feminine form stays specific.
    """

    def __call__(self, tokens: Iterable[Any]) -> Iterator[Any]:
        for t in tokens:
            if getattr(t, "kind", "word") != "word":
                yield t
                continue
            forms = gender_forms(t.text)
            if forms is None:
                yield t
                continue
            t.text = forms.feminine
            if getattr(t, "mode", "") == "query":
                yield t
                continue
            # Copy before yielding: later filters change the shared token in place.
            base = t.copy()
            base.text = forms.masculine
            base.kind = "gender"
            yield t
            yield base
