"""Did you mean, on a collection: the Whoosh backend's rules over Solr's terms.

A query word earns a correction only if it finds nothing on its own; the
correction is the collection's term closest in edits, then most frequent,
shown in the spelling a document uses, and only offered if the corrected
query finds something (see :mod:`searchidx.suggest`).
"""

from __future__ import annotations

from whoosh import query as wq

from analyzers import edit_distance
from searchidx.backends.solr.client import SolrClient
from searchidx.backends.solr.translate import translate
from searchidx.backends.solr.vocabulary import SolrVocabulary, bound_expansions
from searchidx.backends.whoosh.schema import TEXT_FIELDS, build_schema
from searchidx.errors import QuerySyntaxError
from searchidx.features.suggest import MAX_TRIES, _plain_words
from searchidx.query.parsing import make_parser, parse_query

_SCHEMA = build_schema()
_CANDIDATES = 5_000  # terms sharing the prefix looked at per field


class SolrSuggester:
    def __init__(self, client: SolrClient, collection: str) -> None:
        self.client = client
        self.collection = collection
        self.vocabulary = SolrVocabulary(client, collection)

    def suggest(self, query: str) -> str | None:
        """A corrected query string, or None when every word finds something."""
        corrections = [
            (start, end, better)
            for start, end, word in _plain_words(query)
            if not self._finds_anything(word)
            for better in [self._closest_spelling(word)]
            if better is not None
        ]
        if not corrections:
            return None
        text = query
        for start, end, better in reversed(corrections):
            text = text[:start] + better + text[end:]
        return text if self._finds_anything(text) else None

    def _finds_anything(self, text: str) -> bool:
        try:
            parsed = parse_query(make_parser(_SCHEMA), text)  # no sound-alikes
        except QuerySyntaxError:
            return True
        if isinstance(parsed, wq.Every):
            return True
        body = {"query": translate(bound_expansions(parsed, self.vocabulary)), "limit": 0}
        found = self.client.post_json(f"{self.collection}/select", body)
        return int(found["response"]["numFound"]) > 0

    def _closest_spelling(self, word: str) -> str | None:
        analyzer = _SCHEMA["text"].analyzer
        terms = [t.text for t in analyzer(word, mode="query") if t.kind == "word"]
        if len(terms) != 1:
            return None
        term = terms[0]
        max_edits, prefix = (1, 1) if len(term) <= 4 else (2, 2)
        candidates = {
            (edit_distance(term, found), -frequency, found, field)
            for field in TEXT_FIELDS
            for found, frequency in self.vocabulary.counts(
                field, _CANDIDATES, prefix=term[:prefix]
            ).items()
            if found != term and edit_distance(term, found) <= max_edits
        }
        for _, _, found, field in sorted(candidates)[:MAX_TRIES]:
            surface = self._surface(field, found)
            if surface is not None:
                return surface
        return None

    def _surface(self, field: str, term: str) -> str | None:
        """How a document spells the word it indexed as ``term``."""
        body = {
            "query": {"term": {"f": field, "query": term}},
            "limit": 1,
            "sort": "id asc",
            "fields": field,
        }
        docs = self.client.post_json(f"{self.collection}/select", body)["response"]["docs"]
        text = str(docs[0].get(field, "")) if docs else ""
        for t in _SCHEMA[field].analyzer(text, chars=True, mode="index"):
            if t.text == term and t.kind == "word":
                return text[t.startchar : t.endchar]
        return None
