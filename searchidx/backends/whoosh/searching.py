"""One search against an open Whoosh searcher: match, filter, rank, facet, snippet.

The query and every active filter are each resolved to a set of document
numbers once; the result set is their intersection. Facets that users tick as
checkboxes (source, type) are counted over the intersection *without their own
filter*, so the other values keep their counts (Algolia/Elasticsearch call this
a post filter): ticking one outlet never hides the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

from searchidx.backends.base import keyword_names
from searchidx.backends.whoosh.declared import declared_fields
from searchidx.backends.whoosh.documents import stored_to_document
from searchidx.backends.whoosh.evaluation import Evaluator
from searchidx.backends.whoosh.facets import count_facets
from searchidx.backends.whoosh.ordering import by_date, top_by_score
from searchidx.backends.whoosh.postings import KnownTerms
from searchidx.backends.whoosh.schema import GRAMS_FIELD, PHONETIC_FIELD
from searchidx.backends.whoosh.segment_arrays import BoolArray
from searchidx.backends.whoosh.stored import stored_fields, terms_held, text_positions
from searchidx.features import highlight
from searchidx.models import Document, FacetValue, Filters
from searchidx.query.expansion import ReaderVocabulary
from searchidx.query.grams import or_grams
from searchidx.query.limits import bound_expansions
from searchidx.query.parsing import make_parser, parse_query, sort_spec
from searchidx.query.where import every_filter_part
from searchidx.ranking import DEFAULT_RANKING, RankingOptions

# Facets counted without their own filter (multi-select), besides declared keywords.
DISJUNCTIVE_FACETS = frozenset({"source", "type"})

Ranked = list[tuple[int, float]]


class HitBuilder:
    """Stored documents and marked snippets by document number, for what ``plan`` matched."""

    def __init__(self, searcher: Searcher, plan: highlight.MatchPlan) -> None:
        self.searcher = searcher
        self.plan = plan

    def document(self, docnum: int) -> Document:
        return stored_to_document(stored_fields(self.searcher, docnum))

    def snippet(self, text: str, docnum: int | None = None) -> str:
        """``text`` marked; with its ``docnum`` only the indexed match positions are analysed.

        Sound-alike spellings are found by analysing the whole text (the phonetic
        field keeps no positions); a document whose phonetic field lacks a key
        has no word of that sound in its text either, so only the keys it holds
        are looked for, and none at all in most hits.
        """
        schema: Any = self.searcher.schema
        plan = self.plan
        positions = None
        if docnum is not None and plan:
            positions = frozenset(text_positions(self.searcher, plan.words(), docnum))
            if plan.sounds:
                held = terms_held(self.searcher, PHONETIC_FIELD, plan.sounds, docnum)
                plan = replace(plan, sounds=frozenset(held))
        return highlight.snippet(
            text, plan, schema["text"].analyzer, schema[PHONETIC_FIELD].analyzer, positions
        )


class SearchRun(HitBuilder):
    """A parsed query with its filters, resolved against one searcher.

    The query and each filter are evaluated over every document at once
    (:mod:`searchidx.backends.whoosh.evaluation`): boolean masks by document number, and the
    query's scores, from which counts, facets and the ranking are all read.
    """

    def __init__(
        self,
        searcher: Searcher,
        query: str,
        filters: Filters,
        ranking: RankingOptions = DEFAULT_RANKING,
        *,
        snippets: bool = True,
    ) -> None:
        reader = searcher.reader()
        parser = make_parser(searcher.schema, ReaderVocabulary(reader), ranking)
        parsed = bound_expansions(parse_query(parser, query), reader)
        self.evaluator = Evaluator(searcher)
        scored = self.evaluator.scored(parsed)
        # After the evaluation: the plan asks which of the query's terms exist,
        # and the postings just read answer that without a lookup on disk.
        plan = (
            highlight.plan_matches(parsed, KnownTerms(reader), "text", PHONETIC_FIELD)
            if snippets
            else highlight.MatchPlan()
        )
        super().__init__(searcher, plan)
        self.query = query
        self.parsed = parsed
        self._query_mask = scored.mask
        self.scores = scored.scores
        words = [queries for queries in parser.alternatives.values() if queries]
        if ranking.coordination and len(words) > 1:
            self._coordinate(words, ranking.coordination)
        found = [word for word, queries in parser.alternatives.items() if queries]
        self._add_grams(or_grams(found, ranking), ranking.gram_weight)
        declared = declared_fields(searcher.schema)
        self.multi_select = DISJUNCTIVE_FACETS | set(keyword_names(declared))
        self._filter_masks = {
            name: self.evaluator.mask(part)
            for name, part in every_filter_part(filters, declared).items()
        }
        self.match_mask = self.matching_mask()
        self.total = int(np.count_nonzero(self.match_mask))

    def _coordinate(self, words: list[list[wq.Query]], exponent: float) -> None:
        """Scale scores by the share of the OR-joined words a document matches.

        BM25F adds words up, so one word repeated often can outweigh two words
        found once; a document that has more of what was asked for is the likelier
        answer (Lucene's classic coord factor, softened by ``exponent``).
        """
        matched = np.zeros(len(self.scores), dtype=np.float64)
        for queries in words:
            matched += self.evaluator.mask(wq.Or(queries))
        share = np.maximum(matched, 1.0) / len(words)
        self.scores *= share**exponent

    def _add_grams(self, grams: list[str], weight: float) -> None:
        """Add the words' n-gram score to the documents the query matched (no others)."""
        if not grams or GRAMS_FIELD not in self.searcher.schema.names():
            return
        extra = self.evaluator.term_sum(GRAMS_FIELD, grams, weight)
        self.scores = self.scores + np.where(self._query_mask, extra, 0.0)

    def matching_mask(self, *, ignore: str | None = None) -> BoolArray:
        """Documents matching the query and every filter except ``ignore``."""
        docs = self._query_mask
        for name, allowed in self._filter_masks.items():
            if name != ignore:
                docs = docs & allowed
        return docs

    def universe_mask(self) -> BoolArray:
        """Every document that passes the filters, whatever the query."""
        docs = self.evaluator.live
        for allowed in self._filter_masks.values():
            docs = docs & allowed
        return docs

    def facet_counts(
        self, names: Sequence[str], interval: str
    ) -> dict[str, tuple[FacetValue, ...]]:
        shared = [name for name in names if not self._own_filter(name)]
        counts = count_facets(self.searcher, self.match_mask, shared, interval) if shared else {}
        for name in names:
            if self._own_filter(name):
                docs = self.matching_mask(ignore=name)
                counts.update(count_facets(self.searcher, docs, [name], interval))
        return {name: counts[name] for name in names}

    def _own_filter(self, name: str) -> bool:
        return name in self.multi_select and name in self._filter_masks

    def ranked(self, sort: str, limit: int | None) -> Ranked:
        """(docnum, relevance score) of the first ``limit`` matches (all with None), in order.

        Relevance ties keep document order, as Whoosh's collector does, so pages
        of one index never overlap.
        """
        if not self.total or limit == 0:
            return []
        sortedby, reverse = sort_spec(sort)
        docs = np.flatnonzero(self.match_mask)
        if sortedby is None:
            order = top_by_score(self.scores[docs], limit)
        else:
            order = by_date(self.evaluator, docs, reverse, limit)
        chosen = docs[order]
        return list(zip(chosen.tolist(), self.scores[chosen].tolist(), strict=True))
