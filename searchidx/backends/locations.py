"""Where an index lives: a directory, or ``solr:URL`` for a SolrCloud collection."""

from __future__ import annotations

from pathlib import Path
from typing import TypeGuard

from searchidx.backends.base import Backend

# Locations naming a remote engine start with this; anything else is a directory.
SOLR_PREFIX = "solr:"


def is_remote(location: str | Path) -> TypeGuard[str]:
    """Whether ``location`` names a remote engine rather than an index directory."""
    return isinstance(location, str) and location.startswith(SOLR_PREFIX)


def remote_backend(location: str) -> Backend:
    """The backend for a ``solr:URL`` location (a SolrCloud collection)."""
    from searchidx.backends.solr.backend import SolrBackend  # only Solr users pay for it

    return SolrBackend.connect(location)
