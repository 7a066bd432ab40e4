"""Exact phrases across removed stopwords.

The analyzer drops stopwords but keeps the other tokens' positions, so
"Soldaten und Waffen" is indexed as ``soldat``@3, ``waff``@5. Whoosh's stock
phrase query forgets query-side positions and demands adjacent terms; this
plugin keeps them and asks for exactly the same gaps in the document.
"""

from __future__ import annotations

import itertools
from typing import Any

from whoosh import query as wq
from whoosh.qparser import PhrasePlugin
from whoosh.qparser.syntax import attach
from whoosh.query import spans


class GapNear(spans.SpanNear):  # type: ignore[misc]
    """SpanNear that can estimate its size, so Or/And optimisations accept it."""

    def estimate_size(self, ixreader: Any) -> int:
        return int(self.q.estimate_size(ixreader))


class PositionalPhrasePlugin(PhrasePlugin):  # type: ignore[misc]
    """Drop-in replacement for Whoosh's PhrasePlugin honouring position gaps."""

    class PhraseNode(PhrasePlugin.PhraseNode):  # type: ignore[misc]
        def query(self, parser: Any) -> wq.Query:
            fieldname = self.fieldname or parser.fieldname
            field = parser.schema[fieldname] if parser.schema else None
            if field is None or not getattr(field, "analyzer", None):
                return super().query(parser)
            start = self.textstartchar
            words: list[str] = []
            positions: list[int] = []
            char_ranges: list[tuple[int, int]] = []
            for token in field.tokenize(self.text, mode="query", positions=True, chars=True):
                words.append(token.text)
                positions.append(token.pos)
                char_ranges.append((start + token.startchar, start + token.endchar))
            return attach(self._build(fieldname, words, positions, char_ranges), self)

        def _build(
            self,
            fieldname: str,
            words: list[str],
            positions: list[int],
            char_ranges: list[tuple[int, int]],
        ) -> wq.Query:
            gaps = [after - before for before, after in itertools.pairwise(positions)]
            if len(words) < 2 or self.slop != 1 or all(gap == 1 for gap in gaps):
                slop = self.slop + sum(gap - 1 for gap in gaps)
                return wq.Phrase(
                    fieldname, words, slop=slop, boost=self.boost, char_ranges=char_ranges
                )
            near: wq.Query = wq.Term(fieldname, words[0])
            for word, gap in zip(words[1:], gaps, strict=True):
                near = GapNear(near, wq.Term(fieldname, word), slop=gap, mindist=gap)
            near.boost = self.boost
            return near

    class PhraseTagger(PhrasePlugin.PhraseTagger):  # type: ignore[misc]
        def create(self, parser: Any, match: Any) -> Any:
            slop = match.group("slop")
            return PositionalPhrasePlugin.PhraseNode(
                match.group("text"), match.start("text"), int(slop) if slop else 1
            )
