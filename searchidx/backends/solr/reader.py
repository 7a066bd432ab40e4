"""The reads of one request against a collection (a :class:`searchidx.backends.base.Reader`).

Solr pins no snapshot for us: each call sees the collection as committed when
it runs. ``Scored.key`` is the document id. Every request goes through a
:class:`ShardGuard`: a shard without a live replica fails the read, unless the
reader was opened with ``partial_ok`` (then :attr:`SolrReader.missing` names it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from whoosh import query as wq

from analyzers import edit_distance
from searchidx.backends.base import (
    DateHistogram,
    Query,
    Scored,
    SearchOutcome,
    SearchRequest,
    Stream,
)
from searchidx.backends.solr.client import SolrClient
from searchidx.backends.solr.declared import parser_schema
from searchidx.backends.solr.documents import STORED_FIELDS, from_solr, stored_values
from searchidx.backends.solr.search import PAGE, SolrSearch, highlight_snippet
from searchidx.backends.solr.shards import ShardGuard
from searchidx.backends.solr.similar import similar
from searchidx.backends.solr.translate import translate
from searchidx.backends.solr.vocabulary import SolrVocabulary, bound_expansions
from searchidx.errors import ShardUnavailableError
from searchidx.features.fields import DeclaredField
from searchidx.features.fingerprint import content_fingerprint
from searchidx.features.highlight import MatchPlan
from searchidx.features.timeline import check_grouping
from searchidx.models import Document, IndexStats
from searchidx.query.parsing import make_parser, parse_query

NEAR_CANDIDATES = 5_000  # terms sharing a prefix looked at for did-you-mean


class SolrReader:
    def __init__(
        self,
        client: SolrClient,
        collection: str,
        location: str,
        *,
        partial_ok: bool = False,
        declared: tuple[DeclaredField, ...] = (),
    ) -> None:
        self.client = ShardGuard(client, collection, partial_ok=partial_ok)
        self.collection = collection
        self.location = location
        self.vocabulary = SolrVocabulary(self.client, collection)
        self.declared = declared

    @property
    def missing(self) -> tuple[str, ...]:
        return self.client.missing

    def _run(self, query: Query) -> SolrSearch:
        return SolrSearch(self.client, self.collection, query.text, query.filters, self.declared)

    def search(self, request: SearchRequest) -> SearchOutcome:
        found = self._run(request.query).run(
            sort=request.sort,
            offset=request.offset,
            limit=request.limit,
            facets=request.facets,
            interval=request.interval,
        )
        page = tuple(Scored(doc, score, doc.id) for doc, score in found.page)
        return SearchOutcome(found.total, page, found.facets, found.plan)

    def stream(self, query: Query, sort: str) -> Stream:
        run = self._run(query)
        total = run.run(sort=sort, limit=0).total
        items = (Scored(doc, score, doc.id) for doc, score in run.stream(sort))
        return Stream(total, run.plan, items)

    def histogram(self, query: Query, interval: str, by: str | None) -> DateHistogram:
        run = self._run(query)
        check_grouping(by)
        matching, universe = run.histogram(interval, by)
        return DateHistogram(matching, universe)

    def snippet(self, scored: Scored, plan: MatchPlan) -> str:
        return highlight_snippet(scored.document.text, plan)

    def similar(self, doc_id: str, limit: int) -> tuple[MatchPlan, tuple[Scored, ...]]:
        plan, found = similar(self.client, self.collection, doc_id, limit)
        return plan, tuple(Scored(doc, score, doc.id) for doc, score in found)

    def document(self, doc_id: str) -> Document | None:
        try:
            found = self.client.get(f"{self.collection}/get", {"id": doc_id, "fl": STORED_FIELDS})
        except ShardUnavailableError as error:
            self.client.tolerate(error)  # partial results: the document's shard is away
            return None
        stored = found.get("doc")
        return from_solr(stored) if isinstance(stored, dict) else None

    def documents(self) -> Iterator[Document]:
        """Every stored document, in id order (cursorMark pages)."""
        body = {"query": "*:*", "limit": PAGE, "sort": "id asc", "fields": STORED_FIELDS}
        cursor = "*"
        while True:
            answer = self._select({**body, "params": {"cursorMark": cursor}})
            yield from (from_solr(doc) for doc in answer["response"]["docs"])
            following = str(answer.get("nextCursorMark", cursor))
            if following == cursor:
                return
            cursor = following

    # -- term statistics (did-you-mean) ----------------------------------------------

    def matches_own_words(self, text: str) -> bool:
        parsed = parse_query(make_parser(parser_schema(self.declared)), text)  # no sound-alikes
        if isinstance(parsed, wq.Every):
            return True
        body = {"query": translate(bound_expansions(parsed, self.vocabulary)), "limit": 0}
        return int(self._select(body)["response"]["numFound"]) > 0

    def near_terms(
        self, field: str, term: str, max_edits: int, prefix: int
    ) -> list[tuple[str, int]]:
        counts = self.vocabulary.counts(field, NEAR_CANDIDATES, prefix=term[:prefix])
        return [
            (found, frequency)
            for found, frequency in counts.items()
            if edit_distance(term, found) <= max_edits
        ]

    def text_with(self, field: str, term: str) -> str:
        body = {
            "query": {"term": {"f": field, "query": term}},
            "limit": 1,
            "sort": "id asc",
            "fields": field,
        }
        docs = self._select(body)["response"]["docs"]
        return str(docs[0].get(field, "")) if docs else ""

    # -- the whole collection ----------------------------------------------------------

    def stats(self) -> IndexStats:
        facets = {
            name: {"type": "terms", "field": name, "limit": -1} for name in ("type", "source")
        }
        found = self._select({"query": "*:*", "limit": 0, "facet": facets}).get("facets", {})
        types = Counter(
            {b["val"]: int(b["count"]) for b in found.get("type", {}).get("buckets", [])}
        )
        return IndexStats(
            documents=sum(types.values()),
            articles=types.get("article", 0),
            comments=types.get("comment", 0),
            sources=len(found.get("source", {}).get("buckets", [])),
            path=self.location,
        )

    def version(self) -> None:
        """None: a commit on any node may change answers, and Solr keeps its own caches."""
        return None

    def fingerprint(self) -> str:
        """The Whoosh backend's digest of the same documents (the fields it stores)."""
        return content_fingerprint(stored_values(doc) for doc in self.documents())

    def close(self) -> None:
        return None

    def _select(self, body: dict[str, Any]) -> dict[str, Any]:
        return self.client.post_json(f"{self.collection}/select", body)
