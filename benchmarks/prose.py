"""Real German prose from Debian documentation packages, as a list of sentences.

The texts are GPL (``manpages-de``, ``fortunes-de``, ``debian-reference-de``),
so they are read from the installed packages and never copied into the repo.
Only paragraphs that look German are kept: enough words, mostly letters, and
a share of German function words that English or code listings do not reach.
Every source is read in sorted path order, so the result depends only on the
installed package versions (see :func:`fingerprint`).
"""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Final

FORTUNES_DIR: Final = Path("/usr/share/games/fortunes/de")
REFERENCE_TXT: Final = Path("/usr/share/debian-reference/debian-reference.de.txt.gz")
MANPAGES_DIR: Final = Path("/usr/share/man/de")
# Installing these gives the generator real prose; without them it uses word lists only.
PROSE_PACKAGES: Final = ("manpages-de", "fortunes-de", "debian-reference-de")

_FUNCTION_WORDS: Final = frozenset({
    "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "einen", "dem", "den",
    "des", "mit", "auf", "für", "von", "zu", "im", "in", "sich", "es", "sie", "er", "wir",
    "ich", "auch", "als", "wird", "werden", "kann", "oder", "wenn", "bei", "nach", "aus",
    "noch", "wie", "so", "nur", "über", "durch", "hat", "sind", "war", "dass", "daß",
    "man", "zum", "zur", "vom",
})  # fmt: skip
_WORD: Final = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SENTENCE_END: Final = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"])")
# roff: requests start with a dot or quote; escapes like \fB, \-, \(aq, \*(Dq.
_ROFF_ESCAPE: Final = re.compile(r"\\(?:f[BIRP]|f\(..|\(..|\*\(..|\*.|[-&|^e ]|s[-+]?\d)")
_ROFF_CHARS: Final = {
    ":a": "ä",
    ":o": "ö",
    ":u": "ü",
    ":A": "Ä",
    ":O": "Ö",
    ":U": "Ü",
    "ss": "ß",
    "Fo": "»",
    "Fc": "«",
    "aq": "'",
    "dq": '"',
    "em": "—",
    "en": "–",
    "co": "©",
}
_MIN_WORDS: Final = 6
_MIN_FUNCTION_SHARE: Final = 0.12
_MIN_LETTER_SHARE: Final = 0.75


def fingerprint() -> str:
    """Identifies the installed prose sources (paths and sizes) for cache keys."""
    digest = hashlib.sha256()
    for path in _source_files():
        digest.update(f"{path}:{path.stat().st_size}\n".encode())
    return digest.hexdigest()[:12]


def german_sentences() -> list[str]:
    """All German-looking sentences of the installed prose packages, in a fixed order."""
    # A dict keeps the first occurrence of each sentence: every man page repeats
    # the same translation boilerplate.
    sentences: dict[str, None] = {}
    for path in _source_files():
        for paragraph in _paragraphs(path):
            if looks_german(paragraph):
                sentences.update(dict.fromkeys(_split_sentences(paragraph)))
    return list(sentences)


def looks_german(paragraph: str) -> bool:
    words = _WORD.findall(paragraph)
    if len(words) < _MIN_WORDS:
        return False
    function_share = sum(word.lower() in _FUNCTION_WORDS for word in words) / len(words)
    letters = sum(char.isalpha() or char.isspace() for char in paragraph)
    return function_share >= _MIN_FUNCTION_SHARE and letters / len(paragraph) >= _MIN_LETTER_SHARE


def _source_files() -> list[Path]:
    files: list[Path] = []
    if FORTUNES_DIR.is_dir():
        files += sorted(
            path
            for path in FORTUNES_DIR.iterdir()
            if path.is_file() and not path.is_symlink() and path.suffix not in {".dat", ".u8"}
        )
    if REFERENCE_TXT.is_file():
        files.append(REFERENCE_TXT)
    if MANPAGES_DIR.is_dir():
        files += sorted(MANPAGES_DIR.glob("man*/*.gz"))
    return files


def _paragraphs(path: Path) -> Iterator[str]:
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    text = raw.decode("utf-8", errors="replace")
    if path.is_relative_to(MANPAGES_DIR):
        text = _strip_roff(text)
    separator = "\n%\n" if path.is_relative_to(FORTUNES_DIR) else "\n\n"
    for block in text.split(separator):
        lines = [line.strip() for line in block.splitlines()]
        paragraph = " ".join(line for line in lines if line and line != "%")
        if paragraph:
            yield re.sub(r"\s+", " ", paragraph)


def _strip_roff(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if line.startswith((".", "'")):
            # Paragraph macros end a paragraph; other requests are dropped.
            lines.append("" if line[1:3] in {"PP", "SH", "SS", "TP", "IP", "LP", "P"} else None)
            continue
        lines.append(_ROFF_ESCAPE.sub(_roff_replacement, line))
    return "\n".join(line for line in lines if line is not None)


def _roff_replacement(match: re.Match[str]) -> str:
    escape = match.group()
    if escape == "\\-":
        return "-"
    if escape.startswith("\\("):
        return _ROFF_CHARS.get(escape[2:], "")
    return ""


def _split_sentences(paragraph: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(paragraph) if len(part.split()) >= 3]
