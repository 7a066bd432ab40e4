"""Write defaults: needed by the facade's signatures and the Solr writer, not the Whoosh writer."""

from __future__ import annotations

import os

# Each commit writes a segment and merges cost more than indexing afresh (see
# merging.py), so batches are large: 100k tiny documents make 10 segments, no
# merge. A crash or Ctrl-C loses at most one batch (seconds of work).
DEFAULT_BATCH_SIZE = 10_000
DEFAULT_LOCK_TIMEOUT = 5.0
MAX_INDEX_WORKERS = 4


def index_workers() -> int:
    """Worker processes for big runs: ``SEARCHIDX_INDEX_WORKERS`` or one per core (max 4)."""
    configured = os.environ.get("SEARCHIDX_INDEX_WORKERS", "")
    if configured.isdigit():
        return int(configured)
    return min(os.cpu_count() or 1, MAX_INDEX_WORKERS)
