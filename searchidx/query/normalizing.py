"""Whoosh's query normalisation without its deep copies.

Every parsed query is normalised: nested ORs (and ANDs) are merged into one,
each merged clause carrying its boost times the boost of the group it came
from. Whoosh does this with ``with_boost``, which deep-copies the clause, its
whole subtree included; our parser nests a word's fields and expansions three
or four levels deep, so a three-word OR query spent a third of its parse in
``copy.deepcopy``. A clause only needs a new boost, not new children: nothing
changes a parsed query in place afterwards (bounding expansions, planning
snippets and evaluating all build new nodes or only read), so a shallow copy
gives the same tree. Everything else, and every node but plain ``Or`` and
``And``, is Whoosh's own ``normalize``.
"""

from __future__ import annotations

import copy

from whoosh import query as wq
from whoosh.query import qcore

_SELF_NORMALISED = (wq.Or, wq.And)


def normalized(query: wq.Query) -> wq.Query:
    """``query.normalize()``, the same tree, with merged clauses copied shallowly."""
    if type(query) in _SELF_NORMALISED:
        return _compound(query)
    return query.normalize()


def _with_boost(query: wq.Query, boost: float) -> wq.Query:
    kind = type(query)
    if kind.with_boost is not qcore.Query.with_boost or kind.copy is not qcore.Query.copy:
        return query.with_boost(boost)  # a node with its own boost or copy: Whoosh's way
    copied = _shallow_copy(query)
    copied.boost = boost
    return copied


def _shallow_copy(query: wq.Query) -> wq.Query:
    """``copy.copy(query)``: what it does for a plain object, without its generic dispatch."""
    kind = type(query)
    if hasattr(kind, "__copy__") or not hasattr(query, "__dict__"):
        return copy.copy(query)  # NullQuery stays the one NullQuery
    copied: wq.Query = object.__new__(kind)  # no Whoosh query defines its own __new__
    copied.__dict__.update(query.__dict__)
    return copied


def _compound(node: wq.CompoundQuery) -> wq.Query:
    """``CompoundQuery.normalize`` (and ``Or.normalize``), line for line, but for the copies."""
    subqueries: list[wq.Query] = []
    for sub in node.subqueries:
        sub = normalized(sub)
        if isinstance(sub, node.__class__):
            subqueries += [_with_boost(inner, inner.boost * sub.boost) for inner in sub]
        else:
            subqueries.append(sub)
    if all(sub is qcore.NullQuery for sub in subqueries):
        return qcore.NullQuery
    if any(isinstance(sub, wq.Every) and sub.fieldname is None for sub in subqueries):
        return wq.Every()
    if any(isinstance(sub, wq.Every | wq.TermRange | wq.NumericRange) for sub in subqueries):
        # Ranges to merge or a fielded Every: rare in a user query, left to Whoosh
        # (its children are normalised already, so nothing is merged twice).
        return node.__class__(subqueries, boost=node.boost).normalize()
    norm = _deduplicated(node, subqueries)
    if isinstance(node, wq.Or) and norm.__class__ is node.__class__:
        norm.minmatch = node.minmatch
        norm.scale = node.scale
    return norm


def _deduplicated(node: wq.CompoundQuery, subqueries: list[wq.Query]) -> wq.Query:
    """The group without repeated or null clauses; a lone clause stands for the group."""
    unique: list[wq.Query] = []
    seen: set[wq.Query] = set()
    for sub in subqueries:
        if sub in seen or sub is qcore.NullQuery:
            continue
        seen.add(sub)
        unique.append(sub)
    if not unique:
        return qcore.NullQuery
    if len(unique) == 1:
        single = unique[0]
        single_boost = getattr(single, "boost", 1.0)
        if not (node.boost == 1.0 and single_boost == 1.0):
            single = _with_boost(single, single_boost * node.boost)
        return single
    return node.__class__(unique, boost=node.boost)
