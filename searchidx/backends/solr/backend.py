"""The Solr backend: a collection addressed as ``solr:http://HOST:PORT/solr/COLLECTION``.

Writing analyses each document with our analyzers and sends batched JSON
updates, idempotent by id (Solr replaces a document with the same id), each
batch committed. Several indexers may feed one collection at once: Solr
serialises their updates, and every batch stands on its own. There is no
write lock, so ``lock_timeout`` does not apply.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from searchidx.backends.base import WriteOptions, WriteOutcome
from searchidx.backends.solr.client import SolrClient
from searchidx.backends.solr.collections import check_schema
from searchidx.backends.solr.declared import load_declared, store_declared
from searchidx.backends.solr.errors import SolrError
from searchidx.backends.solr.reader import SolrReader
from searchidx.backends.solr.writing import BatchWriter, write_documents
from searchidx.features.fields import DeclaredField
from searchidx.models import Document

SCHEME = "solr:"
DECLARED_TTL = 5.0  # seconds a reader trusts the declarations read before


def parse_spec(spec: str) -> tuple[str, str]:
    """``solr:http://host:port/solr/news`` -> (``http://host:port/solr``, ``news``)."""
    url = spec.removeprefix(SCHEME).rstrip("/")
    base, _, collection = url.rpartition("/")
    if not spec.startswith(SCHEME) or not url.startswith(("http://", "https://")) or not base:
        raise SolrError(
            f"cannot read backend {spec!r}",
            hint="write it as solr:http://HOST:PORT/solr/COLLECTION",
        )
    return base, collection


class SolrBackend:
    """One SolrCloud collection set up by ``searchidx solr init``."""

    def __init__(self, client: SolrClient, collection: str) -> None:
        self.client = client
        self.collection = collection
        self._declared: tuple[float, tuple[DeclaredField, ...]] = (-DECLARED_TTL - 1.0, ())

    @classmethod
    def connect(cls, spec: str) -> SolrBackend:
        """Connect and check the collection's schema version (SolrError otherwise)."""
        base, collection = parse_spec(spec)
        client = SolrClient(base)
        check_schema(client, collection)
        return cls(client, collection)

    @property
    def location(self) -> str:
        return f"{SCHEME}{self.client.base_url}/{self.collection}"

    def write(self, documents: Iterable[Document], options: WriteOptions) -> WriteOutcome:
        """Add or replace documents, one committed update per batch.

        When ``options.should_stop()`` turns true, the batch in flight is
        committed and the run ends with ``stopped=True``.
        """
        declared = self.declared_fields()
        writer = BatchWriter(self.client, self.collection, options.on_commit, declared)
        return write_documents(writer, documents, options.batch_size, options.should_stop)

    def delete(self, ids: Iterable[str], *, lock_timeout: float) -> int:
        """Remove these documents (committed); returns how many existed."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return 0
        reader = self.reader()
        existing = sum(1 for doc_id in wanted if reader.document(doc_id) is not None)
        self.client.post_json(f"{self.collection}/update", {"delete": wanted}, {"commit": True})
        return existing

    def declared_fields(self) -> tuple[DeclaredField, ...]:
        declared = load_declared(self.client, self.collection)
        self._declared = (time.monotonic(), declared)
        return declared

    def _recent_declared(self) -> tuple[DeclaredField, ...]:
        """The declarations, read again once they are DECLARED_TTL seconds old.

        Reading them costs a round trip (about 5 ms, a sixth of a search);
        another client's new declaration shows up here within seconds.
        """
        read_at, declared = self._declared
        if time.monotonic() - read_at > DECLARED_TTL:
            return self.declared_fields()
        return declared

    def declare(
        self, fields: Iterable[DeclaredField], *, lock_timeout: float
    ) -> tuple[DeclaredField, ...]:
        """Add fields to the collection's declarations (a collection property)."""
        added = store_declared(self.client, self.collection, fields)
        self.declared_fields()
        return added

    def reader(self, *, partial_ok: bool = False) -> SolrReader:
        return SolrReader(
            self.client,
            self.collection,
            self.location,
            partial_ok=partial_ok,
            declared=self._recent_declared(),
        )

    def close(self) -> None:
        return None
