"""Turning the paths a user names into a stream of Documents, Skipped and Notices.

Directories are walked recursively in sorted (name) order, taking every file
whose name announces a format (see :mod:`formats`: pages, corpora, CSV, HTML,
feeds, web archives, each maybe ``.gz``); the seed manifest, export sidecars,
READMEs and hidden files or directories are not documents. A file named
explicitly is read whatever its extension, because the user asked for it: in
the ``--format`` given, else as its name says, else as a scraped page. ``-``
is standard input (JSON Lines unless ``--format`` says otherwise).

Bad input never raises: every problem becomes exactly one Skipped (for a file,
or for one line of a corpus), and everything readable is still yielded.
Comments then take their article's title and outlet (:mod:`inherit`).

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

from searchidx.ingest.csv_table import read_csv
from searchidx.ingest.formats import format_of_name
from searchidx.ingest.inherit import inherit_from_parents
from searchidx.ingest.json_array import read_json
from searchidx.ingest.jsonl import read_jsonl
from searchidx.ingest.manifest import MANIFEST_NAME, ManifestCache
from searchidx.ingest.options import ReadOptions
from searchidx.ingest.records import Record
from searchidx.ingest.seeds import read_seed
from searchidx.ingest.sources import STDIN, Source
from searchidx.models import Skipped


def read_paths(paths: Sequence[str | Path], options: ReadOptions | None = None) -> Iterator[Record]:
    """Every Document in ``paths`` (files, directories, ``-``), plus Skipped/Notice reports."""
    if isinstance(paths, str | Path):  # a lone path is a Sequence of characters too
        paths = [paths]
    options = options or ReadOptions()
    return inherit_from_parents(_read_all(paths, options), options.parents)


def _read_all(paths: Sequence[str | Path], options: ReadOptions) -> Iterator[Record]:
    manifests = ManifestCache()
    for given in paths:
        path = Path(given)
        if str(given) == STDIN:
            yield from _read(Source.named(STDIN, options.meter), options.format, options, manifests)
        elif path.is_dir():
            for found in _walk(path, path.resolve(), visited=set()):
                if isinstance(found, Skipped):
                    yield found
                else:
                    source = Source(found, options.meter)
                    yield from _read(source, format_of_name(found.name), options, manifests)
        elif path.is_file():
            chosen = options.format or format_of_name(path.name)
            yield from _read(Source(path, options.meter), chosen, options, manifests)
        elif path.exists():
            yield Skipped(str(path), "not a regular file or directory")
        else:
            yield Skipped(str(path), "no such file or directory")


def is_ingestible_name(name: str) -> bool:
    """Would a directory walk take a file of this name?"""
    if name.startswith(".") or name == MANIFEST_NAME or name.upper().startswith("README"):
        return False
    return format_of_name(name) is not None


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


def _read(
    source: Source, fmt: str | None, options: ReadOptions, manifests: ManifestCache
) -> Iterator[Record]:
    if fmt == "jsonl" or (fmt is None and source.path is None):
        return read_jsonl(source)
    if fmt == "json":
        return read_json(source)
    if fmt == "csv":
        return read_csv(source, options.csv_map)
    # The web formats import trafilatura, feedparser and warcio (a quarter of a
    # second): only runs that meet such a file pay for it.
    if fmt == "html":
        from searchidx.ingest.html_page import read_html

        return read_html(source)
    if fmt == "feed":
        from searchidx.ingest.feeds import read_feed

        return read_feed(source)
    if fmt == "warc":
        from searchidx.ingest.warc import read_warc

        return read_warc(source)
    return read_seed(source, manifests)
