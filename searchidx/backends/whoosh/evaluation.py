"""Evaluating a parsed query over the whole index at once, with numpy.

Whoosh answers a query by walking a tree of matchers one document at a time in
Python, and our searches walk it twice (every match for counts and facets,
then again to score). Here the common nodes (terms, AND, OR, AND NOT, every
document, date ranges) are evaluated over all documents at once: a boolean
mask of matches and an array of scores, computed from whole posting lists
(:mod:`searchidx.backends.whoosh.postings`) and column arrays
(:mod:`searchidx.backends.whoosh.segment_arrays`).

Scores are Whoosh's own BM25F, term for term (same idf, average length, the
one-byte field lengths, boosts), so rankings do not change; only the order in
which floating-point sums are added differs. Nodes this module does not know
(phrases, spans, wildcards left unexpanded, ...) are handed to Whoosh's
matcher for that node alone, whose results are then combined like any other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.util.times import datetime_to_long

from searchidx.backends.whoosh import postings
from searchidx.backends.whoosh.segment_arrays import (
    NO_DATE,
    BoolArray,
    FloatArray,
    IntArray,
    arrays_for,
    dates,
    field_lengths,
    static_field,
)
from searchidx.backends.whoosh.sequences import TermScorer, phrase_matches
from searchidx.backends.whoosh.weighting import RankedBM25F, idf_of


@dataclass
class Scored:
    """Which documents match (by global document number) and their scores."""

    mask: BoolArray
    scores: FloatArray


class Evaluator:
    """Evaluates queries against one searcher's documents."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        reader = searcher.reader()
        self.leaves: list[tuple[Any, int]] = (
            [] if reader.doc_count_all() == 0 else list(reader.leaf_readers())
        )
        self.size = int(reader.doc_count_all())
        self.live = np.zeros(self.size, dtype=np.bool_)
        for leaf, base in self.leaves:
            segment = arrays_for(leaf)
            self.live[base : base + segment.doc_count] = segment.live
        weighting = searcher.weighting
        self._bm25 = weighting if type(weighting) in (BM25F, RankedBM25F) else None
        self._idf_form = getattr(weighting, "idf_form", "whoosh")
        self._average_lengths: dict[str, float] = {}
        # Inside an And: the documents that could still match all its clauses
        # (None: any). Only phrases use it, to check fewer candidates' positions.
        self._within: BoolArray | None = None

    # -- public ------------------------------------------------------------------

    def scored(self, query: wq.Query) -> Scored:
        """Matches and scores of ``query`` (scores 0 where it does not match)."""
        result = self._scored(query)
        result.mask &= self.live
        result.scores[~result.mask] = 0.0
        return result

    def term_sum(self, fieldname: str, texts: Sequence[str], boost: float = 1.0) -> FloatArray:
        """The summed BM25F scores of these terms of one field, times ``boost``.

        For many terms at once (a query's character n-grams): the postings of all of
        them go through one BM25F expression and one ``bincount`` per segment instead
        of a pass per term each. The same sums as :meth:`scored` of their ``Or``.
        """
        schema = self.searcher.schema
        scorable = static_field(schema, fieldname) and schema[fieldname].scorable
        if self._bm25 is None or not scorable:
            terms = [wq.Term(fieldname, text) for text in texts]
            return self.scored(wq.Or(terms, boost=boost)).scores if terms else self.empty().scores
        field = schema[fieldname]
        found = [self.term_postings(fieldname, field.to_bytes(text)) for text in texts]
        idfs = [idf_of(self._idf_form, sum(len(p.ids) for p in per), self.size) for per in found]
        avgfl, b, k1 = self._bm25_parameters(fieldname)
        scores = np.zeros(self.size, dtype=np.float64)
        for number, (leaf, base) in enumerate(self.leaves):
            held = [(per[number], idf) for per, idf in zip(found, idfs, strict=True)]
            held = [(posting, idf) for posting, idf in held if len(posting.ids)]
            if not held:
                continue
            ids = np.concatenate([posting.ids for posting, _ in held])
            weights = np.concatenate([posting.weights for posting, _ in held])
            idf = np.repeat([idf for _, idf in held], [len(posting.ids) for posting, _ in held])
            lengths = field_lengths(leaf, fieldname)[ids]
            values = idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl)))
            count = arrays_for(leaf).doc_count
            scores[base : base + count] += np.bincount(ids, weights=values, minlength=count)
        scores[~self.live] = 0.0
        return scores * boost

    def mask(self, query: wq.Query) -> BoolArray:
        """Only which documents match (filters: scores are not needed)."""
        if isinstance(query, wq.DateRange) and query.fieldname == "date":
            return self._date_range(query) & self.live
        if isinstance(query, wq.Or) and not (query.minmatch or query.scale):
            found = np.zeros(self.size, dtype=np.bool_)
            for sub in query.subqueries:
                found |= self.mask(sub)
            return found
        if type(query) is wq.Term and self._bm25 is not None:
            return self._term_mask(query) & self.live
        return self.scored(query).mask

    def _term_mask(self, term: wq.Term) -> BoolArray:
        """The documents holding ``term`` (deleted ones too), read off its postings
        without scoring them: the coordination factor asks this of every word."""
        found = np.zeros(self.size, dtype=np.bool_)
        schema = self.searcher.schema
        if not self.leaves or not static_field(schema, term.fieldname):
            return found
        try:
            btext = schema[term.fieldname].to_bytes(term.text)
        except ValueError:
            return found
        for (_, base), posting in zip(
            self.leaves, self.term_postings(term.fieldname, btext), strict=True
        ):
            found[posting.ids + base] = True
        return found

    def empty(self) -> Scored:
        return Scored(np.zeros(self.size, dtype=np.bool_), np.zeros(self.size, dtype=np.float64))

    # -- nodes -------------------------------------------------------------------

    def _scored(self, query: wq.Query) -> Scored:
        if query is wq.NullQuery or isinstance(query, type(wq.NullQuery)):
            return self.empty()
        kind = type(query)
        if kind is wq.Term and self._bm25 is not None:
            result = self.empty()
            self._add_term(query, result)
            return result
        if kind is wq.Or and not (query.minmatch or query.scale):
            return self._or(query)
        if kind is wq.And:
            return self._and(query)
        if kind is wq.AndNot:
            return self._and_not(query)
        if kind is wq.Phrase and self._bm25 is not None and len(query.words) > 1:
            return self._phrase(query)
        if kind is wq.Every and query.fieldname in (None, "", "*"):
            return Scored(self.live.copy(), np.where(self.live, float(query.boost), 0.0))
        return self._by_whoosh(query)

    def _or(self, query: wq.Or) -> Scored:
        subs = query.subqueries
        if len(subs) == 1:  # Whoosh ignores the boost of a one-clause compound
            return self._scored(subs[0])
        result = self.empty()
        for sub in subs:
            if type(sub) is wq.Term and self._bm25 is not None:
                self._add_term(sub, result)
            else:
                found = self._scored(sub)
                result.mask |= found.mask
                result.scores += found.scores
        return _boosted(result, query.boost)

    def _and(self, query: wq.And) -> Scored:
        subs = query.subqueries
        if not subs:
            return self.empty()
        if len(subs) == 1:
            return self._scored(subs[0])
        outer = self._within
        if any(_holds_phrase(sub) for sub in subs):  # else nothing would use the narrowing
            self._within = _narrowed(outer, [self._could_match(sub) for sub in subs])
        try:
            result = self._scored(subs[0])
            for sub in subs[1:]:
                found = self._scored(sub)
                result.mask &= found.mask
                result.scores += found.scores
        finally:
            self._within = outer
        result.scores[~result.mask] = 0.0
        return _boosted(result, query.boost)

    def _could_match(self, query: wq.Query) -> BoolArray | None:
        """A superset of the documents ``query`` matches, from its terms' postings alone
        (None: not known). A document outside it fails the And that asks, so a phrase
        there need not check its positions: the And's result stays exact."""
        kind = type(query)
        if kind is wq.Term:
            return self._term_mask(query)
        if kind is wq.Phrase and len(query.words) > 1:
            words = [wq.Term(query.fieldname, word) for word in query.words]
            return _narrowed(None, [self._term_mask(word) for word in words])
        if kind is wq.Or and not (query.minmatch or query.scale) and query.subqueries:
            found = [self._could_match(sub) for sub in query.subqueries]
            known = [mask for mask in found if mask is not None]
            return np.logical_or.reduce(known) if len(known) == len(found) else None
        if kind is wq.And:
            return _narrowed(None, [self._could_match(sub) for sub in query.subqueries])
        return None

    def _and_not(self, query: wq.AndNot) -> Scored:
        result = self._scored(query.a)
        result.mask &= ~self.mask(query.b)
        result.scores[~result.mask] = 0.0
        return result

    def _phrase(self, query: wq.Phrase) -> Scored:
        schema = self.searcher.schema
        field = schema[query.fieldname] if static_field(schema, query.fieldname) else None
        if field is None or not field.format or not field.format.supports("positions"):
            return self._by_whoosh(query)  # Whoosh's own error or empty matcher
        try:
            words = [field.to_bytes(word) for word in query.words]
        except ValueError:
            return self.empty()
        found = [self.term_postings(query.fieldname, word, values=True) for word in words]
        if any(not any(len(p.ids) for p in posting) for posting in found):
            return self.empty()  # a word that occurs nowhere
        scorers = [self._term_scorer(query.fieldname, p, field.scorable) for p in found]
        ids, scores = phrase_matches(self.leaves, query, found, scorers, self._within)
        result = self.empty()
        result.mask[ids] = True
        result.scores[ids] = scores
        return result

    def _add_term(self, term: wq.Term, into: Scored) -> None:
        """Add one term's BM25F scores (times its boost) into ``into``."""
        schema = self.searcher.schema
        if not self.leaves or not static_field(schema, term.fieldname):
            return
        field = schema[term.fieldname]
        try:
            btext = field.to_bytes(term.text)
        except ValueError:
            return
        found = self.term_postings(term.fieldname, btext)
        score = self._term_scorer(term.fieldname, found, field.scorable)
        for (leaf, base), posting in zip(self.leaves, found, strict=True):
            if not len(posting.ids):
                continue
            values = score(leaf, posting.ids, posting.weights)
            if term.boost != 1.0:
                values = values * term.boost
            into.scores[posting.ids + base] += values
            into.mask[posting.ids + base] = True

    def term_postings(
        self, fieldname: str, btext: bytes, *, values: bool = False
    ) -> list[postings.Postings]:
        """The term's postings in every segment, in segment order (``values``: see there)."""
        return [
            postings.segment_postings(leaf, fieldname, btext, values=values)
            for leaf, _ in self.leaves
        ]

    def _term_scorer(
        self, fieldname: str, found: list[postings.Postings], scorable: bool
    ) -> TermScorer:
        if not scorable:  # Whoosh scores unscorable fields by the posting weight alone
            return _weight_only
        assert self._bm25 is not None
        # Whoosh's idf: the document frequency counts deleted documents too,
        # as every segment's posting list (read whole here) does.
        frequency = sum(len(posting.ids) for posting in found)
        idf = idf_of(self._idf_form, frequency, self.size)
        avgfl, b, k1 = self._bm25_parameters(fieldname)

        def bm25(leaf: Any, ids: IntArray, weights: FloatArray) -> FloatArray:
            lengths = field_lengths(leaf, fieldname)[ids]
            result: FloatArray = idf * (
                (weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl))
            )
            return result

        return bm25

    def _bm25_parameters(self, fieldname: str) -> tuple[float, float, float]:
        """(average field length, b, k1) of a field, as Whoosh's BM25F scores it."""
        assert self._bm25 is not None
        avgfl = self._average_lengths.get(fieldname)
        if avgfl is None:
            avgfl = self._average_lengths[fieldname] = (
                self.searcher.avg_field_length(fieldname) or 1
            )
        b = self._bm25._field_B.get(fieldname, self._bm25.B)
        return avgfl, b, self._bm25.K1

    def _date_range(self, query: wq.DateRange) -> BoolArray:
        low = 0 if query.startdate is None else datetime_to_long(query.startdate)
        high = int(NO_DATE) - 1 if query.enddate is None else datetime_to_long(query.enddate)
        found = np.zeros(self.size, dtype=np.bool_)
        for leaf, base in self.leaves:
            raw = dates(leaf)
            inside = (raw != NO_DATE) & (raw >= np.uint64(low)) & (raw <= np.uint64(high))
            if query.startexcl:
                inside &= raw != np.uint64(low)
            if query.endexcl:
                inside &= raw != np.uint64(high)
            found[base : base + len(raw)] = inside
        return found

    def _by_whoosh(self, query: wq.Query) -> Scored:
        """Any other node: Whoosh's own matcher, one segment at a time."""
        result = self.empty()
        for sub, offset in self.searcher.leaf_searchers():
            matcher = query.matcher(sub, sub.context())
            ids: list[int] = []
            scores: list[float] = []
            while matcher.is_active():
                ids.append(matcher.id())
                scores.append(matcher.score())
                matcher.next()
            if ids:
                where = np.array(ids, dtype=np.int64) + offset
                result.mask[where] = True
                result.scores[where] = scores
        return result


def _weight_only(leaf: Any, ids: IntArray, weights: FloatArray) -> FloatArray:
    return weights


def _holds_phrase(query: wq.Query) -> bool:
    if type(query) is wq.Phrase:
        return len(query.words) > 1
    return any(_holds_phrase(child) for child in query.children())


def _narrowed(within: BoolArray | None, masks: Sequence[BoolArray | None]) -> BoolArray | None:
    """``within`` and every known mask together (None if none is known)."""
    known = [mask for mask in masks if mask is not None]
    if within is not None:
        known.append(within)
    return np.logical_and.reduce(known) if known else None


def _boosted(result: Scored, boost: float) -> Scored:
    if boost != 1.0:
        result.scores *= boost
    return result
