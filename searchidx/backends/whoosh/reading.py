"""The Whoosh backend's :class:`~searchidx.backends.base.Reader`: one open searcher.

Each request runs against one searcher (one set of segments), so document
numbers in ``Scored.key`` stay valid until the reader closes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable

from whoosh import query as wq
from whoosh.searching import Searcher

from searchidx.backends.base import (
    DateHistogram,
    Query,
    Scored,
    SearchOutcome,
    SearchRequest,
    Stream,
    check_facet_names,
)
from searchidx.backends.whoosh.declared import declared_fields
from searchidx.backends.whoosh.documents import stored_to_document
from searchidx.backends.whoosh.evaluation import Evaluator
from searchidx.backends.whoosh.facets import count_facets, count_pairs
from searchidx.backends.whoosh.searching import HitBuilder, SearchRun
from searchidx.backends.whoosh.segment_arrays import BoolArray
from searchidx.backends.whoosh.stored import stored_fields
from searchidx.backends.whoosh.vocabulary import has_live_term, terms_within
from searchidx.errors import DocumentNotFoundError
from searchidx.features.fingerprint import content_fingerprint
from searchidx.features.highlight import MatchPlan
from searchidx.features.periods import check_interval
from searchidx.features.timeline import check_grouping
from searchidx.models import Document, IndexStats
from searchidx.query.limits import bound_expansions
from searchidx.query.parsing import make_parser, parse_query
from searchidx.ranking import DEFAULT_RANKING, RankingOptions

KEY_TERMS = 12  # characteristic words a "more like this" query is built from


class WhooshReader:
    """Reads of one request over an open Whoosh searcher."""

    missing: tuple[str, ...] = ()  # one local index: nothing can be away

    def __init__(
        self,
        searcher: Searcher,
        location: str,
        ranking: RankingOptions = DEFAULT_RANKING,
        release: Callable[[Searcher], None] | None = None,
    ) -> None:
        self.searcher = searcher
        self.location = location
        self.ranking = ranking
        self._release = release  # hands the searcher back to its pool instead of closing it
        self._closed = False

    def close(self) -> None:
        # Only once: a second close must not close or return a searcher that
        # another request may already have taken from the pool.
        if self._closed:
            return
        self._closed = True
        if self._release is None:
            self.searcher.close()
        else:
            self._release(self.searcher)

    def _run(self, query: Query, *, snippets: bool = True) -> SearchRun:
        return SearchRun(self.searcher, query.text, query.filters, self.ranking, snippets=snippets)

    def search(self, request: SearchRequest) -> SearchOutcome:
        run = self._run(request.query, snippets=request.snippets)
        check_facet_names(request.facets, declared_fields(self.searcher.schema))
        check_interval(request.interval)
        end = None if request.limit is None else request.offset + request.limit
        ranked = run.ranked(request.sort, end)[request.offset : end]
        return SearchOutcome(
            total=run.total,
            page=tuple(_scored(run, docnum, score) for docnum, score in ranked),
            facets=run.facet_counts(request.facets, request.interval) if request.facets else {},
            plan=run.plan,
        )

    def stream(self, query: Query, sort: str) -> Stream:
        run = self._run(query)
        items = (_scored(run, docnum, score) for docnum, score in run.ranked(sort, None))
        return Stream(run.total, run.plan, items)

    def histogram(self, query: Query, interval: str, by: str | None) -> DateHistogram:
        run = self._run(query)
        check_interval(interval)
        check_grouping(by)
        names = ("date", by) if by else ("date",)
        return DateHistogram(
            matching=self._count(run.match_mask, names, interval),
            universe=self._count(run.universe_mask(), names, interval),
        )

    def _count(
        self, docs: BoolArray, names: tuple[str, ...], interval: str
    ) -> Counter[tuple[str, str | None]]:
        if len(names) == 2:
            return count_pairs(self.searcher, docs, (names[0], names[1]), interval)
        counts = count_facets(self.searcher, docs, names[:1], interval)[names[0]]
        return Counter({(value.value, None): value.count for value in counts})

    def snippet(self, scored: Scored, plan: MatchPlan) -> str:
        docnum = scored.key if isinstance(scored.key, int) else None
        return HitBuilder(self.searcher, plan).snippet(scored.document.text, docnum)

    def similar(self, doc_id: str, limit: int) -> tuple[MatchPlan, tuple[Scored, ...]]:
        """Documents sharing the most characteristic terms of ``doc_id`` (Whoosh more_like)."""
        searcher = self.searcher
        docnum = searcher.document_number(id=doc_id)
        if docnum is None:
            raise DocumentNotFoundError(f"no document with id {doc_id!r}")
        text = stored_fields(searcher, docnum).get("text") or ""
        key_terms = searcher.key_terms_from_text("text", text, numterms=KEY_TERMS)
        plan = MatchPlan(terms=frozenset(term for term, _ in key_terms))
        found = searcher.more_like(docnum, "text", text=text, top=limit, numterms=KEY_TERMS)
        builder = HitBuilder(searcher, plan)
        return plan, tuple(
            Scored(builder.document(hit.docnum), float(hit.score or 0.0), hit.docnum)
            for hit in found
        )

    def document(self, doc_id: str) -> Document | None:
        stored = self.searcher.document(id=doc_id)
        return None if stored is None else stored_to_document(stored)

    def matches_own_words(self, text: str) -> bool:
        if has_live_term(self.searcher, text):  # the cheap, common answer for one word
            return True
        parsed = parse_query(make_parser(self.searcher.schema), text)  # no sound-alikes
        if isinstance(parsed, wq.Every):
            return True
        bounded = bound_expansions(parsed, self.searcher.reader())
        return bool(Evaluator(self.searcher).mask(bounded).any())

    def near_terms(
        self, field: str, term: str, max_edits: int, prefix: int
    ) -> list[tuple[str, int]]:
        reader = self.searcher.reader()
        return [
            (found, reader.doc_frequency(field, found))
            for found in dict.fromkeys(terms_within(reader, field, term, max_edits, prefix))
        ]

    def text_with(self, field: str, term: str) -> str:
        docnum = self.searcher.reader().first_id(field, term)
        return str(stored_fields(self.searcher, docnum).get(field) or "")

    def stats(self) -> IndexStats:
        searcher = self.searcher
        counts = count_facets(searcher, searcher.docs_for_query(wq.Every()), ("type", "source"))
        types = {value.value: value.count for value in counts["type"]}
        return IndexStats(
            documents=sum(types.values()),
            articles=types.get("article", 0),
            comments=types.get("comment", 0),
            sources=len(counts["source"]),
            path=self.location,
        )

    def version(self) -> Hashable | None:
        """The commit read: its generation, and each segment with its deletions.

        The segment ids (random per segment) tell a rebuilt index from the old
        one even where both reached the same generation number. An index
        without documents has no generation to tell (None: nothing is kept).
        """
        ix_reader = self.searcher.ixreader
        generation = ix_reader.generation()
        if generation is None:
            return None
        segments = ix_reader.segments() or ()
        return (
            generation,
            tuple((segment.segment_id(), segment.deleted_count()) for segment in segments),
        )

    def fingerprint(self) -> str:
        return content_fingerprint(stored for _, stored in self.searcher.reader().iter_docs())


def _scored(run: SearchRun, docnum: int, score: float) -> Scored:
    return Scored(run.document(docnum), score, docnum)
