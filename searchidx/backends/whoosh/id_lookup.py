"""Deleting the documents a run replaces, found by id in each segment's side file.

Whoosh's ``delete_by_term`` asks every segment's term hash once per id (an md5
and a few reads, ~36 µs): adding 1,000 documents to the 100-segment 1M index
spent 3.6 s of its 21 s there, nearly all of it for ids no segment holds. A
side file (raw_postings.py) answers by a bisection over its sorted CRCs;
segments an older version wrote are read through Whoosh's terms (postings.py).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from searchidx.backends.whoosh.postings import read_postings

ID_FIELD = "id"


def delete_ids(writer: Any, ids: Collection[str]) -> None:
    """Delete (through ``writer``) every document whose id is in ``ids``.

    Deleted documents are still in the postings and are deleted again, which
    changes nothing, as with ``delete_by_term``.
    """
    if not ids:
        return
    field = writer.schema[ID_FIELD]
    keys = [field.to_bytes(doc_id) for doc_id in ids]
    reader = writer.reader()
    try:
        for leaf, base in reader.leaf_readers():
            for docnum in _holding(leaf, keys):
                writer.delete_document(base + docnum)
    finally:
        reader.close()


def _holding(leaf: Any, keys: list[bytes]) -> list[int]:
    """The segment's document numbers whose id is one of ``keys``."""
    return [int(docnum) for btext in keys for docnum in read_postings(leaf, ID_FIELD, btext).ids]
