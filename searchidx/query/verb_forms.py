"""Other forms of a German verb stem, for query words no document holds.

Snowball leaves the participle and infinitive markers of German verbs alone:
``angerufen``/``anrufen``/``anzurufen`` stem to ``angeruf``, ``anruf`` and
``anzuruf``, ``gekauft``/``kauft`` to ``gekauft``/``kauft``, ``verkauft`` to
``verkauft`` and ``verkaufen`` to ``verkauf``. A query word that no document
holds may still be found in one of its other forms: this module lists the
candidates (the parser keeps those the index holds), by moving the ``ge``/``zu``
infix behind a separable particle (an-ge-rufen, an-zu-rufen), the ``ge`` prefix of
a participle without one (ge-kauft), and the final ``t`` of participles and
third persons (verkauf-t). Stems are lowercase with umlauts folded, as Snowball
writes them ("zuruck", "uber").
"""

from __future__ import annotations

# Separable verb particles, longest first so "heraus" is found before "her".
# fmt: off
PARTICLES = tuple(sorted(
    (
        "ab", "an", "auf", "aus", "bei", "dar", "durch", "ein", "fest", "fort", "frei",
        "heim", "her", "heraus", "herein", "hervor", "hin", "los", "mit", "nach", "uber",
        "um", "unter", "vor", "voran", "vorbei", "weg", "weiter", "wieder", "zu", "zuruck",
        "zusammen",
    ),
    key=len,
    reverse=True,
))
# fmt: on
INFIXES = ("ge", "zu")
# Prefixes whose participles take no "ge" (bezahlt, verkauft, erreicht).
INSEPARABLE = ("be", "emp", "ent", "er", "ge", "miss", "ver", "zer")
# Shorter remainders are too ambiguous (an-ge-ln, ge-bet).
MIN_ROOT = 3
MIN_FORM = 4


def verb_forms(stem: str) -> list[str]:
    """Candidate stems of other forms of the verb ``stem`` may be (``stem`` itself excluded)."""
    bases = {stem, *_infix_forms(stem)}
    forms = set(bases)
    for base in bases:
        forms.add(base[:-1] if base.endswith("t") else base + "t")
    forms.discard(stem)
    return sorted(form for form in forms if len(form) >= MIN_FORM)


def _infix_forms(stem: str) -> list[str]:
    """Forms with the ``ge``/``zu`` infix moved, or the ``ge`` prefix removed or added."""
    for particle in PARTICLES:
        rest = stem[len(particle) :]
        if stem.startswith(particle) and len(rest) >= MIN_ROOT:
            root = next(
                (
                    rest[len(infix) :]
                    for infix in INFIXES
                    if rest.startswith(infix) and len(rest) - len(infix) >= MIN_ROOT
                ),
                rest,
            )
            # an-zu-ruf, an-ge-ruf, anruf: each gives the other two
            return [particle + root, *(particle + infix + root for infix in INFIXES)]
    if stem.startswith("ge") and len(stem) - 2 > MIN_ROOT:
        return [stem[2:]]  # gekauft: kauft
    if stem.startswith(INSEPARABLE):
        return []
    return ["ge" + stem]  # kauft: gekauft
