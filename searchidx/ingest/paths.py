"""Turning the paths a user names into a stream of Documents, Skipped and Notices.

Directories are walked recursively in sorted (name) order, taking ``*.txt``
(scraped pages) and ``*.jsonl`` / ``*.ndjson`` (corpora); the seed manifest,
READMEs and hidden files or directories are not documents. A file named
explicitly is read whatever its extension, because the user asked for it:
JSON Lines by its ``.jsonl``/``.ndjson`` suffix, anything else as a scraped page.

Bad input never raises: every problem becomes exactly one Skipped (for a file,
or for one line of a corpus), and everything readable is still yielded.

A walk stays inside the folder the user named: a symlink whose target lies
outside it (``d/passwd.txt -> /etc/passwd``) is skipped and reported, as are
broken links, links back to a folder being walked, and FIFOs, sockets and
devices (never opened: opening a FIFO would wait for a writer forever). Links
inside the folder are followed. A symlink named explicitly is read: the user
asked for it.
"""

from __future__ import annotations

import errno
import os
import stat
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
            for found in _walk(path, path.resolve(), visited=set()):
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


def _walk(directory: Path, root: Path, visited: set[Path]) -> Iterator[Path | Skipped]:
    visited.add(directory.resolve())
    try:
        entries = sorted(directory.iterdir(), key=lambda entry: entry.name)
    except OSError as error:
        yield Skipped(str(directory), f"cannot list directory: {error.strerror or error}")
        return
    for entry in entries:
        if not entry.name.startswith("."):
            yield from _walk_entry(entry, root, visited)


def _walk_entry(entry: Path, root: Path, visited: set[Path]) -> Iterator[Path | Skipped]:
    """``entry`` itself if it is a document file, the files below it, or why not."""
    link = entry.is_symlink()
    try:
        mode = entry.stat().st_mode  # the link's target, never opened
    except OSError as error:
        yield Skipped(str(entry), _unreadable(error, link))
        return
    if stat.S_ISREG(mode) and not is_ingestible_name(entry.name):
        return  # not a document, like any other file of another type
    if link and not Path(os.path.realpath(entry)).is_relative_to(root):
        yield Skipped(str(entry), "symlink outside the folder")
    elif stat.S_ISDIR(mode):
        real = entry.resolve()
        if real not in visited:
            yield from _walk(entry, root, visited)
        elif entry.parent.resolve().is_relative_to(real):
            yield Skipped(str(entry), "symlink loop (links back to a folder being walked)")
        else:
            yield Skipped(str(entry), f"symlink to a folder already walked ({real})")
    elif stat.S_ISREG(mode):
        yield entry
    else:
        yield Skipped(str(entry), f"{_special_kind(mode)}, not a regular file")


def _unreadable(error: OSError, link: bool) -> str:
    if link and error.errno == errno.ELOOP:
        return "symlink loop"
    if link and error.errno == errno.ENOENT:
        return "broken symlink"
    return f"cannot read: {error.strerror or error}"


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _read_file(path: Path, manifests: ManifestCache) -> Iterator[Record]:
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from read_jsonl_file(path)
    else:
        yield from read_seed_file(path, manifests)
