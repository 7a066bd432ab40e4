"""Creating, opening and writing Whoosh indexes: batched, idempotent, marked.

Every index directory carries a marker file (``searchidx.json``). Whoosh unpickles
the schema stored in an index, so we refuse directories without our marker
instead of unpickling whatever a stranger left there.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from whoosh import index as whoosh_index
from whoosh.index import FileIndex, LockError

from searchidx.errors import (
    IndexExistsError,
    IndexLockedError,
    IndexNotFoundError,
    IndexVersionError,
)
from searchidx.models import DOC_TYPES, DocType, Document
from searchidx.schema import MARKER_FILE, MARKER_FORMAT, build_schema, marker

DEFAULT_BATCH_SIZE = 2000
DEFAULT_LOCK_TIMEOUT = 5.0
WRITER_LIMIT_MB = 128


def index_exists(path: Path) -> bool:
    return (path / MARKER_FILE).is_file()


def create_index(path: Path) -> FileIndex:
    """Create an empty index in ``path`` (which must not hold one already)."""
    if index_exists(path):
        raise IndexExistsError(f"an index already exists in {path}")
    path.mkdir(parents=True, exist_ok=True)
    if any(p.name not in {".gitkeep", "README.md"} for p in path.iterdir()):
        raise IndexExistsError(
            f"{path} is not empty and is not a searchidx index; refusing to write into it",
            hint="choose an empty or new directory with --index",
        )
    ix = whoosh_index.create_in(str(path), build_schema())
    (path / MARKER_FILE).write_text(json.dumps(marker(), indent=2) + "\n", encoding="utf-8")
    return ix


def open_index(path: Path) -> FileIndex:
    """Open our index in ``path``, checking the marker and its versions first."""
    marker_path = path / MARKER_FILE
    if not marker_path.is_file():
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
        return whoosh_index.open_dir(str(path))
    except whoosh_index.EmptyIndexError:
        raise IndexNotFoundError(f"the index in {path} has no table of contents") from None


def document_fields(doc: Document) -> dict[str, Any]:
    """The Whoosh field values for one document (None values left out)."""
    fields: dict[str, Any] = {
        "id": doc.id,
        "type": doc.type,
        "text": doc.text,
        "source": doc.source,
        "parent_id": doc.parent_id,
        "author": doc.author,
        "url": doc.url,
        "reply_to": doc.reply_to,
        "rank": doc.rank,
        "extra": dict(doc.extra) or None,
    }
    # A comment must not match on the headline of the article it hangs under.
    fields["title" if doc.type == "article" else "parent_title"] = doc.title
    if doc.date is not None:
        fields["date"] = doc.date
        fields["month"] = doc.date.strftime("%Y-%m")
    return {name: value for name, value in fields.items() if value is not None}


def stored_to_document(stored: Mapping[str, Any]) -> Document:
    """Rebuild a Document from a hit's stored fields."""
    doc_type = stored.get("type", "article")
    date = stored.get("date")
    return Document(
        id=stored["id"],
        type=cast(DocType, doc_type if doc_type in DOC_TYPES else "article"),
        text=stored.get("text", ""),
        title=stored.get("title") or stored.get("parent_title") or "",
        source=stored.get("source", "unbekannt"),
        date=date if isinstance(date, datetime) else None,
        author=stored.get("author"),
        parent_id=stored.get("parent_id"),
        url=stored.get("url"),
        reply_to=stored.get("reply_to"),
        rank=stored.get("rank"),
        extra=stored.get("extra") or {},
    )


def add_documents(
    ix: FileIndex,
    documents: Iterable[Document],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    on_commit: Callable[[int], None] | None = None,
) -> int:
    """Add or replace documents by id, committing every ``batch_size`` documents.

    Returns the number of documents written. A crash loses at most the batch in
    flight; re-running the same input converges on the same index, because the
    id is unique and every write replaces.
    """
    written = 0
    batch: dict[str, Document] = {}
    for doc in documents:
        # Later duplicates win; Whoosh would not see an earlier one in the same writer.
        batch.pop(doc.id, None)
        batch[doc.id] = doc
        if len(batch) >= batch_size:
            written += _commit_batch(ix, batch.values(), lock_timeout)
            batch.clear()
            if on_commit is not None:
                on_commit(written)
    if batch:
        written += _commit_batch(ix, batch.values(), lock_timeout)
        if on_commit is not None:
            on_commit(written)
    return written


def _commit_batch(ix: FileIndex, docs: Iterable[Document], lock_timeout: float) -> int:
    try:
        writer = ix.writer(timeout=lock_timeout, limitmb=WRITER_LIMIT_MB)
    except LockError:
        lock = Path(ix.storage.folder) / f"{ix.indexname}_WRITELOCK"
        raise IndexLockedError(
            f"another process is writing to the index (lock {lock} held for {lock_timeout:g}s)"
        ) from None
    count = 0
    try:
        for doc in docs:
            writer.update_document(**document_fields(doc))
            count += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return count
