"""The Solr backend: a collection addressed as ``solr:http://HOST:PORT/solr/COLLECTION``.

Writing analyses each document with our analyzers and sends batched JSON
updates (idempotent by id: Solr replaces a document with the same id), each
batch committed. Several indexers may feed one collection at once: Solr
serialises their updates, and every batch stands on its own.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence

from searchidx.backends.solr.client import SolrClient
from searchidx.backends.solr.collections import check_schema
from searchidx.backends.solr.documents import STORED_FIELDS, from_solr, stored_values
from searchidx.backends.solr.errors import SolrError
from searchidx.backends.solr.search import PAGE, SolrSearch, highlight_snippet
from searchidx.backends.solr.similar import similar
from searchidx.backends.solr.suggest import SolrSuggester
from searchidx.backends.solr.writing import BatchWriter, WriteOutcome, write_documents
from searchidx.backends.whoosh.facets import DEFAULT_FACETS
from searchidx.features.fingerprint import _document_digest as document_digest
from searchidx.models import Document, Filters, Hit, IndexStats, Results

SCHEME = "solr:"
DEFAULT_BATCH_SIZE = 500


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
        self._suggester = SolrSuggester(client, collection)

    @classmethod
    def open(cls, spec: str) -> SolrBackend:
        """Connect and check the collection's schema version (SolrError otherwise)."""
        base, collection = parse_spec(spec)
        client = SolrClient(base)
        check_schema(client, collection)
        return cls(client, collection)

    @property
    def location(self) -> str:
        return f"{SCHEME}{self.client.base_url}/{self.collection}"

    # -- writing -------------------------------------------------------------------

    def write(
        self,
        documents: Iterable[Document],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        on_commit: Callable[[int], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> WriteOutcome:
        """Add or replace documents, one committed update per batch.

        When ``should_stop()`` turns true, the batch in flight is committed and
        the run ends with ``stopped=True``.
        """
        writer = BatchWriter(self.client, self.collection, on_commit)
        return write_documents(writer, documents, batch_size, should_stop)

    def delete(self, ids: Iterable[str]) -> None:
        self.client.post_json(f"{self.collection}/update", {"delete": list(ids)}, {"commit": True})

    # -- reading -------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        limit: int | None = 10,
        offset: int = 0,
        filters: Filters | None = None,
        facets: Sequence[str] = DEFAULT_FACETS,
        sort: str = "relevance",
        interval: str = "month",
        suggest: bool = True,
    ) -> Results:
        """The same :class:`Results` the Whoosh index gives (no grouping yet)."""
        run = SolrSearch(self.client, self.collection, query, filters or Filters())
        found = run.run(sort=sort, offset=offset, limit=limit, facets=facets, interval=interval)
        hits = tuple(
            _hit(doc, score, highlight_snippet(doc.text, found.plan)) for doc, score in found.page
        )
        return Results(
            query=query,
            total=found.total,
            offset=offset,
            limit=limit,
            hits=hits,
            facets=found.facets,
            suggestion=SolrSuggester(self.client, self.collection).suggest(query)
            if suggest
            else None,
            sort=sort,
            interval=interval,
        )

    def similar(self, doc_id: str, *, limit: int = 10) -> Results:
        """Documents most like ``doc_id`` by its key terms (DocumentNotFoundError if absent)."""
        plan, found = similar(self.client, self.collection, doc_id, limit)
        hits = tuple(_hit(doc, score, highlight_snippet(doc.text, plan)) for doc, score in found)
        return Results(f"similar:{doc_id}", len(hits), 0, limit, hits, {})

    def document(self, doc_id: str) -> Document | None:
        found = self.client.get(f"{self.collection}/get", {"id": doc_id, "fl": STORED_FIELDS})
        stored = found.get("doc")
        return from_solr(stored) if isinstance(stored, dict) else None

    def documents(self) -> Iterator[Document]:
        """Every stored document, in id order (cursorMark pages)."""
        body = {"query": "*:*", "limit": PAGE, "sort": "id asc", "fields": STORED_FIELDS}
        cursor = "*"
        while True:
            answer = self.client.post_json(
                f"{self.collection}/select", {**body, "params": {"cursorMark": cursor}}
            )
            yield from (from_solr(doc) for doc in answer["response"]["docs"])
            following = str(answer.get("nextCursorMark", cursor))
            if following == cursor:
                return
            cursor = following

    def fingerprint(self) -> str:
        """The Whoosh index's fingerprint of the same documents: a digest per stored
        document (the fields Whoosh would store), combined in sorted order."""
        digests = sorted(document_digest(stored_values(doc)) for doc in self.documents())
        combined = hashlib.sha256()
        for digest in digests:
            combined.update(digest)
        return combined.hexdigest()

    def stats(self) -> IndexStats:
        body = {
            "query": "*:*",
            "limit": 0,
            "facet": {
                name: {"type": "terms", "field": name, "limit": -1} for name in ("type", "source")
            },
        }
        facets = self.client.post_json(f"{self.collection}/select", body).get("facets", {})
        types = Counter(
            {b["val"]: int(b["count"]) for b in facets.get("type", {}).get("buckets", [])}
        )
        return IndexStats(
            documents=sum(types.values()),
            articles=types.get("article", 0),
            comments=types.get("comment", 0),
            sources=len(facets.get("source", {}).get("buckets", [])),
            path=self.location,
        )


def _hit(doc: Document, score: float, snippet: str) -> Hit:
    return Hit(
        id=doc.id,
        type=doc.type,
        parent_id=doc.parent_id,
        title=doc.title,
        source=doc.source,
        date=doc.date,
        author=doc.author,
        url=doc.url,
        score=score,
        snippet=snippet,
    )
