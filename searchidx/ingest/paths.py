"""Turning the paths a user names into a stream of Documents, Skipped and Notices.

Directories are walked recursively in sorted (name) order, taking ``*.txt``
(scraped pages) and ``*.jsonl`` / ``*.ndjson`` (corpora); the seed manifest,
READMEs and hidden files or directories are not documents. A file named
explicitly is read whatever its extension, because the user asked for it:
JSON Lines by its ``.jsonl``/``.ndjson`` suffix, anything else as a scraped page.

Bad input never raises: every problem becomes exactly one Skipped (for a file,
or for one line of a corpus), and everything readable is still yielded.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from searchidx.ingest.jsonl import read_jsonl_file
from searchidx.ingest.manifest import MANIFEST_NAME, ManifestCache
from searchidx.ingest.records import Record
from searchidx.ingest.seeds import read_seed_file
from searchidx.models import Skipped

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SEED_SUFFIXES = frozenset({".txt"})


def read_paths(paths: Sequence[str | Path]) -> Iterator[Record]:
    """Every Document in ``paths`` (files or directories), plus Skipped/Notice reports."""
    if isinstance(paths, str | Path):  # a lone path is a Sequence of characters too
        paths = [paths]
    manifests = ManifestCache()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in _walk(path, visited=set()):
                if isinstance(found, Skipped):
                    yield found
                else:
                    yield from _read_file(found, manifests)
        elif path.is_file():
            yield from _read_file(path, manifests)
        elif path.exists():
            yield Skipped(str(path), "not a regular file or directory")
        else:
            yield Skipped(str(path), "no such file or directory")


def is_ingestible_name(name: str) -> bool:
    """Would a directory walk take a file of this name?"""
    if name.startswith(".") or name == MANIFEST_NAME or name.upper().startswith("README"):
        return False
    return Path(name).suffix.lower() in JSONL_SUFFIXES | SEED_SUFFIXES


def _walk(directory: Path, visited: set[Path]) -> Iterator[Path | Skipped]:
    # Symlinked directories can form cycles; each real directory is walked once.
    real = directory.resolve()
    if real in visited:
        return
    visited.add(real)
    try:
        entries = sorted(directory.iterdir(), key=lambda entry: entry.name)
    except OSError as error:
        yield Skipped(str(directory), f"cannot list directory: {error.strerror or error}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, visited)
        elif entry.is_file() and is_ingestible_name(entry.name):
            yield entry


def _read_file(path: Path, manifests: ManifestCache) -> Iterator[Record]:
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from read_jsonl_file(path)
    else:
        yield from read_seed_file(path, manifests)
