"""A digest of an index's content, for reproducible exports.

It hashes every stored document, independent of order, segment layout and
commit history: re-adding the same documents or merging segments keeps it,
adding, changing or deleting any document changes it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any


def content_fingerprint(records: Iterable[Mapping[str, Any]]) -> str:
    """Hex SHA-256 over the sorted digests of all stored documents' fields."""
    digests = sorted(_document_digest(stored) for stored in records)
    combined = hashlib.sha256()
    for digest in digests:
        combined.update(digest)
    return combined.hexdigest()


def _document_digest(stored: Mapping[str, Any]) -> bytes:
    canonical = json.dumps(stored, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(canonical.encode("utf-8"), digest_size=16).digest()
