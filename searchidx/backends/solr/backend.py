"""The Solr backend: a collection addressed as ``solr:http://HOST:PORT/solr/COLLECTION``.

Writing analyses each document with our analyzers and sends batched JSON
updates, idempotent by id (Solr replaces a document with the same id), each
batch committed. Several indexers may feed one collection at once: Solr
serialises their updates, and every batch stands on its own. There is no
write lock, so ``lock_timeout`` does not apply.
"""

from __future__ import annotations

from collections.abc import Iterable

from searchidx.backends.base import WriteOptions, WriteOutcome
from searchidx.backends.solr.client import SolrClient
from searchidx.backends.solr.collections import check_schema
from searchidx.backends.solr.errors import SolrError
from searchidx.backends.solr.reader import SolrReader
from searchidx.backends.solr.writing import BatchWriter, write_documents
from searchidx.models import Document

SCHEME = "solr:"


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
        writer = BatchWriter(self.client, self.collection, options.on_commit)
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

    def reader(self, *, partial_ok: bool = False) -> SolrReader:
        return SolrReader(self.client, self.collection, self.location, partial_ok=partial_ok)

    def close(self) -> None:
        return None
