"""Opening an index directory for reading: the marker check and the storage.

Kept apart from :mod:`indexing` (creating and writing), so commands that only
read never import the write machinery (segment workers, multiprocessing).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import FileIndex

from searchidx.backends.whoosh.durable import DurableFileStorage
from searchidx.backends.whoosh.schema import MARKER_FILE, MARKER_FORMAT, marker
from searchidx.errors import IndexNotFoundError, IndexVersionError

# Present only while indexing.create_index() runs: tells a re-run that a killed
# creation left these Whoosh files, not a stranger.
CREATING_FLAG = ".searchidx-creating"


def index_exists(path: Path) -> bool:
    return (path / MARKER_FILE).is_file()


def index_storage(path: Path) -> Any:
    """Whoosh file storage for ``path``: durable commits (durable.py), plain file reads.

    With mmap (Whoosh's default) every reader opening a compound segment copies
    each of its sub-files into a BytesIO (``BufferFile``): the whole index is
    copied on every search, about 30 ms per searcher at 10k documents and
    300 ms at 100k. Plain reads open in well under a millisecond.
    """
    return DurableFileStorage(path)


def open_index(path: Path) -> FileIndex:
    """Open our index in ``path``, checking the marker and its versions first."""
    marker_path = path / MARKER_FILE
    if not marker_path.is_file():
        if (path / CREATING_FLAG).is_file():
            raise IndexNotFoundError(
                f"creating the index in {path} was interrupted; it holds no documents",
                hint="run `searchidx index` again to create it",
            )
        if path.is_dir() and any(path.glob("*.toc")):
            raise IndexNotFoundError(
                f"{path} holds a Whoosh index that searchidx did not create; refusing to open it",
                hint="an index directory is trusted code; rebuild it with `searchidx index`",
            )
        raise IndexNotFoundError(f"no searchidx index in {path}")
    try:
        found = json.loads(marker_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise IndexNotFoundError(f"unreadable index marker {marker_path}: {error}") from None
    if not isinstance(found, dict) or found.get("format") != MARKER_FORMAT:
        raise IndexNotFoundError(f"{marker_path} is not a searchidx index marker")
    expected = marker()
    if found != expected:
        raise IndexVersionError(
            f"index in {path} was built by an incompatible version "
            f"(schema {found.get('schema_version')}, analyzer {found.get('analyzer_version')}; "
            f"this searchidx needs schema {expected['schema_version']}, "
            f"analyzer {expected['analyzer_version']})"
        )
    try:
        return index_storage(path).open_index()
    except whoosh_index.EmptyIndexError:
        raise IndexNotFoundError(f"the index in {path} has no table of contents") from None
