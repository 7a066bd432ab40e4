"""One search against an open Whoosh searcher: match, filter, rank, facet, snippet.

The query and every active filter are each resolved to a set of document
numbers once; the result set is their intersection. Facets that users tick as
checkboxes (source, type) are counted over the intersection *without their own
filter*, so the other values keep their counts (Algolia/Elasticsearch call this
a post filter): ticking one outlet never hides the others.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from whoosh.searching import Searcher

from searchidx import highlight
from searchidx.expansion import ReaderVocabulary
from searchidx.facets import count_facets
from searchidx.indexing import stored_to_document
from searchidx.models import CommentHit, Document, FacetValue, Filters, Hit
from searchidx.query_limits import bound_expansions
from searchidx.querying import filter_parts, make_parser, parse_query, sort_spec
from searchidx.schema import PHONETIC_FIELD

# Facets counted without their own filter (multi-select).
DISJUNCTIVE_FACETS = frozenset({"source", "type"})

Ranked = list[tuple[int, float]]


class HitBuilder:
    """Turns document numbers into hits, marking what ``plan`` says matched."""

    def __init__(self, searcher: Searcher, plan: highlight.MatchPlan) -> None:
        self.searcher = searcher
        self.plan = plan

    def document(self, docnum: int) -> Document:
        return stored_to_document(self.searcher.stored_fields(docnum))

    def hit(self, docnum: int, score: float, *, marked: bool = True) -> Hit:
        doc = self.document(docnum)
        snippet = self.snippet(doc.text) if marked else highlight.leading_snippet(doc.text)
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

    def comment_hit(self, docnum: int, score: float) -> CommentHit:
        doc = self.document(docnum)
        return CommentHit(doc.id, doc.author, doc.date, score, self.snippet(doc.text))

    def hits(self, ranked: Ranked) -> Iterator[Hit]:
        return (self.hit(docnum, score) for docnum, score in ranked)

    def snippet(self, text: str) -> str:
        schema: Any = self.searcher.schema
        return highlight.snippet(
            text, self.plan, schema["text"].analyzer, schema[PHONETIC_FIELD].analyzer
        )


class SearchRun(HitBuilder):
    """A parsed query with its filters, resolved against one searcher."""

    def __init__(self, searcher: Searcher, query: str, filters: Filters) -> None:
        reader = searcher.reader()
        parser = make_parser(searcher.schema, ReaderVocabulary(reader))
        parsed = bound_expansions(parse_query(parser, query), reader)
        super().__init__(searcher, highlight.plan_matches(parsed, reader, "text", PHONETIC_FIELD))
        self.query = query
        self.parsed = parsed
        self._query_docs = frozenset(searcher.docs_for_query(self.parsed))
        self._filter_docs = {
            name: frozenset(searcher.docs_for_query(part))
            for name, part in filter_parts(filters).items()
        }
        self.matches = self.matching()

    def matching(self, *, ignore: str | None = None) -> frozenset[int]:
        """Documents matching the query and every filter except ``ignore``."""
        docs = self._query_docs
        for name, allowed in self._filter_docs.items():
            if name != ignore:
                docs = docs & allowed
        return docs

    def filtered_universe(self) -> frozenset[int]:
        """Every document that passes the filters, whatever the query."""
        docs: frozenset[int] | None = None
        for allowed in self._filter_docs.values():
            docs = allowed if docs is None else docs & allowed
        if docs is None:
            docs = frozenset(self.searcher.reader().all_doc_ids())
        return docs

    def facet_counts(
        self, names: Sequence[str], interval: str
    ) -> dict[str, tuple[FacetValue, ...]]:
        shared = [name for name in names if not self._own_filter(name)]
        counts = (
            count_facets(self.searcher, sorted(self.matches), shared, interval) if shared else {}
        )
        for name in names:
            if self._own_filter(name):
                docs = sorted(self.matching(ignore=name))
                counts.update(count_facets(self.searcher, docs, [name], interval))
        return {name: counts[name] for name in names}

    def _own_filter(self, name: str) -> bool:
        return name in DISJUNCTIVE_FACETS and name in self._filter_docs

    def ranked(self, sort: str, limit: int | None) -> Ranked:
        """(docnum, relevance score) of the first ``limit`` matches (all with None), in order.

        Ties keep Whoosh's document order, so pages of one index never overlap.
        """
        if not self.matches or limit == 0:
            return []
        sortedby, reverse = sort_spec(sort)
        found = self.searcher.search(
            self.parsed, filter=set(self.matches), limit=limit, sortedby=sortedby, reverse=reverse
        )
        ranked = [(hit.docnum, float(hit.score or 0.0)) for hit in found]
        if sortedby is None:
            return ranked
        # Sorted results carry the sort key as their score; score the page itself.
        scored = self.searcher.search(self.parsed, filter={d for d, _ in ranked}, limit=None)
        scores = {hit.docnum: float(hit.score or 0.0) for hit in scored}
        return [(docnum, scores.get(docnum, 0.0)) for docnum, _ in ranked]
