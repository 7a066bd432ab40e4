"""Exact phrases across removed stopwords, and phrases that find compounds.

The analyzer drops stopwords but keeps the other tokens' positions, so
"Soldaten und Waffen" is indexed as ``soldat``@3, ``waff``@5. Whoosh's stock
phrase query forgets query-side positions and demands adjacent terms; this
plugin keeps them and asks for exactly the same gaps in the document. A short
phrase also matches its closed compound ("Ukraine Front" -> Ukrainefront).
"""

from __future__ import annotations

from typing import Any

from whoosh import query as wq
from whoosh.qparser import PhrasePlugin
from whoosh.qparser.syntax import attach

from searchidx.query.expansion import PRIMARY_KINDS, gapped_sequence, joined_term, query_tokens


class PositionalPhrasePlugin(PhrasePlugin):  # type: ignore[misc]
    """Drop-in replacement for Whoosh's PhrasePlugin honouring position gaps."""

    class PhraseNode(PhrasePlugin.PhraseNode):  # type: ignore[misc]
        def query(self, parser: Any) -> wq.Query:
            fieldname = self.fieldname or parser.fieldname
            field = parser.schema[fieldname] if parser.schema else None
            if field is None or not getattr(field, "analyzer", None) or field.self_parsing():
                return super().query(parser)
            tokens = [
                token
                for token in query_tokens(field.analyzer, self.text)
                if token.kind in PRIMARY_KINDS
            ]
            if not tokens:
                return attach(wq.NullQuery, self)
            phrase = gapped_sequence(fieldname, tokens, self.slop, self.boost)
            surfaces = [self.text[token.start : token.end] for token in tokens]
            compound = joined_term(field.analyzer, fieldname, surfaces) if self.slop == 1 else None
            if compound is not None:
                compound.boost = self.boost
                phrase = wq.Or([phrase, compound])
            return attach(phrase, self)

    class PhraseTagger(PhrasePlugin.PhraseTagger):  # type: ignore[misc]
        def create(self, parser: Any, match: Any) -> Any:
            slop = match.group("slop")
            return PositionalPhrasePlugin.PhraseNode(
                match.group("text"), match.start("text"), int(slop) if slop else 1
            )
