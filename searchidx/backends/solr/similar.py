"""More like this, on a collection: Whoosh's key terms (Bo1) over Solr's term statistics.

The key terms of a document are computed exactly as the Whoosh backend does
(``key_terms_from_text`` with the Bo1 model: the term's weight in the document
against its frequency in the whole collection, from the terms component's
``ttf``), then searched for as boosted terms, the document itself left out.
"""

from __future__ import annotations

from collections import Counter
from math import log
from typing import Any

from analyzers import analyze_field
from searchidx.backends.solr.client import Params, SolrClient
from searchidx.backends.solr.documents import STORED_FIELDS, from_solr
from searchidx.errors import DocumentNotFoundError
from searchidx.features.highlight import MatchPlan
from searchidx.models import Document

KEY_TERMS = 12  # as the Whoosh backend (searchidx.reading.KEY_TERMS)
FIELD = "text"


def key_terms(
    client: SolrClient, collection: str, text: str, number: int
) -> list[tuple[str, float]]:
    """The ``number`` most characteristic terms of ``text`` with their normalised weights."""
    in_doc = Counter(token.text for token in analyze_field(text, FIELD))
    if not in_doc:
        return []
    documents = _count(client, collection)
    frequencies = _collection_frequencies(client, collection, sorted(in_doc))
    scored = []
    for word, weight in in_doc.items():
        frequency = frequencies.get(word)
        if frequency:
            scored.append((_bo1(weight, frequency, documents), word))
    if not scored:
        return []
    maxweight = max(score for score, _ in scored)
    norm = _bo1_normalizer(maxweight, documents)
    ranked = sorted(((score / norm, word) for score, word in scored), key=lambda x: (-x[0], x[1]))
    return [(word, weight) for weight, word in ranked[:number]]


def similar(
    client: SolrClient, collection: str, doc_id: str, limit: int
) -> tuple[MatchPlan, list[tuple[Document, float]]]:
    found = client.get(f"{collection}/get", {"id": doc_id, "fl": STORED_FIELDS}).get("doc")
    if not isinstance(found, dict):
        raise DocumentNotFoundError(f"no document with id {doc_id!r}")
    terms = key_terms(client, collection, str(found.get(FIELD) or ""), KEY_TERMS)
    plan = MatchPlan(terms=frozenset(word for word, _ in terms))
    if not terms or limit == 0:
        return plan, []
    should: list[dict[str, Any]] = [
        {"boost": {"query": {"term": {"f": FIELD, "query": word}}, "b": weight}}
        for word, weight in terms
    ]
    body = {
        "query": {"bool": {"should": should}},
        "filter": [
            {"bool": {"must_not": [{"term": {"f": "id", "query": doc_id}}], "must": ["*:*"]}}
        ],
        "limit": limit,
        "fields": f"{STORED_FIELDS},score",
        "sort": "score desc,id asc",
    }
    docs = client.post_json(f"{collection}/select", body)["response"]["docs"]
    return plan, [(from_solr(doc), float(doc.get("score", 0.0))) for doc in docs]


def _count(client: SolrClient, collection: str) -> int:
    answer = client.post_json(f"{collection}/select", {"query": "*:*", "limit": 0})
    return int(answer["response"]["numFound"])


def _collection_frequencies(
    client: SolrClient, collection: str, words: list[str]
) -> dict[str, int]:
    """Total occurrences of each word in the field over the collection (``ttf``)."""
    params: Params = {
        "terms.fl": FIELD,
        "terms.list": ",".join(words),
        "terms.ttf": True,
        "terms.limit": -1,
    }
    answer = client.post_form(f"{collection}/terms", params)
    found = answer.get("terms", {}).get(FIELD, {})
    result: dict[str, int] = {}
    items = found.items() if isinstance(found, dict) else zip(found[::2], found[1::2], strict=True)
    for word, stats in items:
        if isinstance(stats, dict):
            result[str(word)] = int(stats.get("ttf", 0))
    return result


def _bo1(weight_in_top: float, weight_in_collection: float, documents: int) -> float:
    f = weight_in_collection / documents
    return weight_in_top * log((1.0 + f) / f, 2) + log(1.0 + f, 2)


def _bo1_normalizer(maxweight: float, documents: int) -> float:
    if not maxweight:
        return maxweight
    f = maxweight / documents
    return (maxweight * log((1.0 + f) / f) + log(1.0 + f)) / log(2.0)
