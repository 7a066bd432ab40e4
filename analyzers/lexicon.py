"""The German lexicon behind decompounding: word frequencies plus dictionary word-hood.

Two sources, both installed from package registries and never copied into the
repository (wordfreq's data is CC BY-SA 4.0, ngerman is GPL):

* ``wordfreq`` (PyPI): ~630k lowercased German word forms with frequencies,
  inflected forms and proper nouns included. Its keys are case-folded, so it
  spells "straße" as "strasse".
* ``/usr/share/dict/ngerman`` (Debian ``wngerman``), when present: 356k
  spell-checker words. It validates word-hood and its capitalisation tells
  nouns ("Flughafen") from other words ("laufen", "schnell"). A noun that has
  a lowercase homograph is listed only in lower case ("Zeit" as "zeit").
  Without the file everything still works, with somewhat lower quality.

The merged lexicon maps each lowercase word to ``centi-zipf << FLAG_BITS | flags``.
Building it takes a few seconds, so it is cached as a memory-mapped hash table
(:mod:`analyzers.lexicon_table`) under ``$XDG_CACHE_HOME/searchidx/`` (default
``~/.cache/searchidx/``), keyed by the wordfreq version, the ngerman file's path,
size and mtime, the table format and :data:`LEXICON_VERSION`. Every later process
maps that file in O(1) and looks words up in place, instead of parsing 700k
entries. The file is written to a temporary name and renamed, under a lock so
that concurrent first runs build it once; if the directory is not writable the
lexicon is built in memory each time. Nothing here writes to stdout; problems
are logged.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import math
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from analyzers import lexicon_table

# Bump whenever the build below changes what the lexicon contains.
LEXICON_VERSION: Final = 1

DEFAULT_NGERMAN: Final = Path("/usr/share/dict/ngerman")
# Points the lexicon at another word list (or at a missing file, to build without one).
NGERMAN_ENV: Final = "SEARCHIDX_NGERMAN"

# Flags in the low bits of each entry.
NOUN: Final = 1  # ngerman lists the word capitalised only
LOWER: Final = 2  # ngerman lists the word in lower case (verbs, adjectives, ... see above)
DICTIONARY: Final = NOUN | LOWER
FLAG_BITS: Final = 2

# wordfreq words that ngerman does not know are kept only from this Zipf value
# up: below it the list is mostly typos, foreign words and rare names, and the
# splitter would not accept them as compound parts anyway.
NON_DICTIONARY_MIN_ZIPF: Final = 2.0

_WORD: Final = re.compile("[a-zäöüß]+")
_CACHE_SUFFIX: Final = ".table"

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Lowercase word -> ``centi-zipf << FLAG_BITS | flags`` (see the module docstring).

    ``entries`` is a dict when just built, a :class:`~analyzers.lexicon_table.MappedEntries`
    when read from the cache; both answer the same.
    """

    entries: Mapping[str, int]
    has_ngerman: bool

    def entry(self, word: str) -> tuple[float, int] | None:
        """``(zipf, flags)`` of ``word``, or None if unknown.

        Spellings with "ß" are looked up as written, since the entries taken from
        ngerman keep it; only without ngerman is "ß" folded to "ss" like wordfreq does.
        """
        value = self.entries.get(word)
        if value is None and not self.has_ngerman and "ß" in word:
            value = self.entries.get(word.replace("ß", "ss"))
        if value is None:
            return None
        return (value >> FLAG_BITS) / 100, value & DICTIONARY

    def zipf(self, word: str) -> float:
        """Zipf frequency of ``word`` (0.0 if unknown), "ß" and "ss" alike."""
        value = self.entries.get(word)
        if value is None and "ß" in word:
            value = self.entries.get(word.replace("ß", "ss"))
        return 0.0 if value is None else (value >> FLAG_BITS) / 100


# Module global, loaded on first use: the analyzer holding the filter is
# pickled into the index schema and must not carry the lexicon with it.
_lexicon: Lexicon | None = None


def get_lexicon() -> Lexicon:
    """The merged lexicon, loaded (or built and cached) on first use."""
    global _lexicon
    if _lexicon is None:
        _lexicon = _load()
    return _lexicon


def reset_lexicon() -> None:
    """Forget the loaded lexicon; the next :func:`get_lexicon` loads it again."""
    global _lexicon
    _lexicon = None


def ngerman_path() -> Path:
    """The ngerman word list to use: ``$SEARCHIDX_NGERMAN`` or the Debian path."""
    return Path(os.environ.get(NGERMAN_ENV) or DEFAULT_NGERMAN)


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/searchidx``, by default ``~/.cache/searchidx``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "searchidx"


def _wordfreq_version() -> str:
    """wordfreq's version from its dist-info folder name: much cheaper than importing it."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or spec.origin is None:
        return "missing"
    site = Path(spec.origin).parent.parent
    found = sorted(p.name for p in site.glob("wordfreq-*.dist-info"))
    data = Path(spec.origin).parent / "data" / "large_de.msgpack.gz"
    stamp = _file_stamp(data)
    return f"{found[-1] if found else spec.origin}:{stamp}"


def _file_stamp(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return "absent"
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def cache_key(ngerman: Path) -> str:
    """Changes with wordfreq, the ngerman file, :data:`LEXICON_VERSION` and the table format."""
    parts = [
        str(LEXICON_VERSION),
        _wordfreq_version(),
        str(ngerman),
        _file_stamp(ngerman),
        f"table {lexicon_table.FORMAT}",
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def cache_file(ngerman: Path) -> Path:
    """Where the lexicon built with ``ngerman`` is cached."""
    name = f"lexicon-v{LEXICON_VERSION}-{cache_key(ngerman)}{_CACHE_SUFFIX}"
    return cache_dir() / name


def _load() -> Lexicon:
    ngerman = ngerman_path()
    path = cache_file(ngerman)
    key = path.stem
    cached = _read_cache(path, key)
    if cached is not None:
        return cached
    with _build_lock(path.parent):
        # Another process may have built it while this one waited for the lock.
        cached = _read_cache(path, key)
        if cached is not None:
            return cached
        lexicon = build_lexicon(ngerman)
        _write_cache(path, key, lexicon)
    return lexicon


def _read_cache(path: Path, key: str) -> Lexicon | None:
    try:
        entries = lexicon_table.open_table(str(path), key)
    except OSError:
        return None
    except lexicon_table.TableFormatError as error:
        log.warning("ignoring corrupt lexicon cache %s (%s)", path, error)
        return None
    return Lexicon(entries=entries, has_ngerman=entries.has_ngerman)


@contextmanager
def _build_lock(directory: Path) -> Iterator[None]:
    """Hold an exclusive lock on the cache directory, if it can have one at all.

    Without it, concurrent first runs would each build the lexicon (still safe:
    every writer renames a complete file into place, so readers never see half of one).
    """
    try:
        import fcntl

        directory.mkdir(parents=True, exist_ok=True)
        lock = open(directory / "lexicon.lock", "a+b")  # noqa: SIM115  (closed below)
    except (ImportError, OSError):
        yield
        return
    with lock:  # closing releases the lock
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
        except OSError as error:  # e.g. a file system without locks
            log.info("building the lexicon without a lock (%s)", error)
        yield


def _write_cache(path: Path, key: str, lexicon: Lexicon) -> None:
    """Write atomically (temp file + rename) and drop caches of older builds."""
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # The temporary name does not start with "lexicon-v": never taken for a stale cache.
        with tempfile.NamedTemporaryFile(
            dir=path.parent, prefix=".lexicon-", suffix=".tmp", delete=False
        ) as tmp:
            temporary = tmp.name
            lexicon_table.write_table(tmp, lexicon.entries, key, lexicon.has_ngerman)
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        log.warning("lexicon cache not written (%s); building in memory in every process", error)
        return
    # Older versions and formats (".marshal" too); a process that has one mapped keeps it.
    for stale in path.parent.glob("lexicon-v*"):
        if stale != path:
            stale.unlink(missing_ok=True)


def build_lexicon(ngerman: Path) -> Lexicon:
    """Merge wordfreq's German list with ngerman (if readable) into a :class:`Lexicon`."""
    centi = _wordfreq_centi_zipf()
    if not centi:
        return Lexicon(entries={}, has_ngerman=False)  # no frequencies: split nothing
    entries: dict[str, int] = {}
    has_ngerman = _add_ngerman(entries, centi, ngerman)
    threshold = round(NON_DICTIONARY_MIN_ZIPF * 100)
    for word, value in centi.items():
        if value >= threshold and word not in entries:
            entries[word] = value << FLAG_BITS
    return Lexicon(entries=entries, has_ngerman=has_ngerman)


def _wordfreq_centi_zipf() -> dict[str, int]:
    """wordfreq's German words (letters only) -> Zipf frequency times 100."""
    try:
        from wordfreq import get_frequency_dict
    except ImportError:
        log.warning("wordfreq is not installed: German compounds will not be split")
        return {}
    frequencies: dict[str, float] = get_frequency_dict("de")
    return {
        word: round((math.log10(freq) + 9) * 100)
        for word, freq in frequencies.items()
        if freq > 0 and _WORD.fullmatch(word)
    }


def _add_ngerman(entries: dict[str, int], centi: dict[str, int], path: Path) -> bool:
    """Add every ngerman word with its flags; False if the file cannot be read."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        log.info("no ngerman word list (%s); decompounding uses wordfreq alone", error)
        return False
    for line in lines:
        word = line.strip()
        lower = word.lower()
        flag = _ngerman_flag(word, lower)
        if not flag or not _WORD.fullmatch(lower):
            continue
        value = entries.get(lower)
        if value is None:
            zipf = centi.get(lower) or centi.get(lower.replace("ß", "ss"), 0)
            value = zipf << FLAG_BITS
        entries[lower] = value | flag
    return True


def _ngerman_flag(word: str, lower: str) -> int:
    if len(word) < 2:
        return 0
    if word == lower:
        return LOWER
    if word[0].isupper() and word[1:] == lower[1:]:
        return NOUN
    return 0  # abbreviations and other mixed case: "ABC", "McDonald"
