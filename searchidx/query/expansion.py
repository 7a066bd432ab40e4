"""Query-side German: compounds, hyphens and phrases find each other.

The index holds, per word, the word itself, its compound parts at the same
position, and for hyphenated words the joined form (see analyzers/README.md).
The query side completes the picture:

* a word that is a compound also matches its parts as a phrase, so
  ``Kurskoffensive`` finds "Kursk Offensive" and "Kursk-Offensive";
* a hyphenated word matches its parts as a phrase or its joined form, so
  ``Kim Jong-un`` finds "Kim Jong Un";
* a two- or three-word phrase also matches the closed compound, so
  ``"Ukraine Front"`` finds "Ukrainefront";
* a name also matches the indexed names that sound alike *and* are spelled
  alike (a transliteration variant), weakly: ``Schoigu`` finds "Shoigu" below
  the exact hits, and ``Putin`` never finds "Biden" though both sound 126.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from whoosh import query as wq
from whoosh.qparser import MultifieldPlugin, QueryParser
from whoosh.query import spans

from analyzers import key_prefix, key_spelling, spelled_alike, split_compound
from searchidx.backends.whoosh.schema import PHONETIC_FIELD

PRIMARY_KINDS = frozenset({"word", "number", "url", "abbrev"})
ALTERNATE_KINDS = frozenset({"joined", "gender"})
MAX_JOINED_PHRASE = 3
# A common sound may have many spellings in a big archive; the closest suffice.
MAX_SOUND_ALIKES = 20


class Vocabulary(Protocol):
    """The terms an index holds, as far as query expansion needs them."""

    def terms_with_prefix(self, fieldname: str, prefix: str) -> Iterable[str]: ...


class ReaderVocabulary:
    """A :class:`Vocabulary` over an open Whoosh reader."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader

    def terms_with_prefix(self, fieldname: str, prefix: str) -> Iterable[str]:
        for term in self.reader.expand_prefix(fieldname, prefix):
            yield term.decode("utf-8") if isinstance(term, bytes) else term


class GapNear(spans.SpanNear):  # type: ignore[misc]
    """SpanNear that can estimate its size, so Or/And optimisations accept it."""

    def estimate_size(self, ixreader: Any) -> int:
        return int(self.q.estimate_size(ixreader))


@dataclass(frozen=True)
class QueryToken:
    text: str
    pos: int
    start: int
    end: int
    kind: str


def query_tokens(analyzer: Any, text: str) -> list[QueryToken]:
    """The analyzer's query-mode tokens of ``text``, with positions and offsets."""
    return [
        QueryToken(t.text, t.pos, t.startchar, t.endchar, getattr(t, "kind", "word"))
        for t in analyzer(text, mode="query", positions=True, chars=True)
    ]


def gapped_sequence(
    fieldname: str, tokens: Sequence[QueryToken], slop: int = 1, boost: float = 1.0
) -> wq.Query:
    """Terms in order with exactly the position gaps the analyzer left (stopwords)."""
    words = [token.text for token in tokens]
    gaps = [after.pos - before.pos for before, after in itertools.pairwise(tokens)]
    if len(words) == 1:
        return wq.Term(fieldname, words[0], boost=boost)
    if slop != 1 or all(gap == 1 for gap in gaps):
        ranges = [(token.start, token.end) for token in tokens]
        return wq.Phrase(
            fieldname,
            words,
            slop=slop + sum(gap - 1 for gap in gaps),
            boost=boost,
            char_ranges=ranges,
        )
    near: wq.Query = wq.Term(fieldname, words[0])
    for word, gap in zip(words[1:], gaps, strict=True):
        near = GapNear(near, wq.Term(fieldname, word), slop=gap, mindist=gap)
    near.boost = boost
    return near


def joined_term(analyzer: Any, fieldname: str, surfaces: Sequence[str]) -> wq.Query | None:
    """The closed compound of adjacent words ("Ukraine Front" -> ukrainefront)."""
    if not 2 <= len(surfaces) <= MAX_JOINED_PHRASE:
        return None
    primary = [t for t in query_tokens(analyzer, "".join(surfaces)) if t.kind in PRIMARY_KINDS]
    return wq.Term(fieldname, primary[0].text) if len(primary) == 1 else None


def compound_phrase(analyzer: Any, fieldname: str, surface: str) -> wq.Query | None:
    """A compound's parts as a phrase ("Kurskoffensive" -> "kursk offensiv")."""
    parts = split_compound(surface.lower())
    if len(parts) < 2:
        return None
    terms: list[str] = []
    for part in parts:
        primary = [t for t in query_tokens(analyzer, part) if t.kind in PRIMARY_KINDS]
        if len(primary) != 1:
            return None
        terms.append(primary[0].text)
    return wq.Phrase(fieldname, terms)


def word_query(analyzer: Any, fieldname: str, text: str, boost: float) -> wq.Query | None:
    """Everything one query word should match in one text field."""
    tokens = query_tokens(analyzer, text)
    primary = [token for token in tokens if token.kind in PRIMARY_KINDS]
    if not primary:
        return None
    options = [gapped_sequence(fieldname, primary)]
    options += [wq.Term(fieldname, t.text) for t in tokens if t.kind in ALTERNATE_KINDS]
    if len(primary) == 1 and primary[0].kind == "word":
        alternative = compound_phrase(analyzer, fieldname, text)
    else:  # a hyphen chain also matches its closed compound
        alternative = joined_term(analyzer, fieldname, [text[t.start : t.end] for t in primary])
    if alternative is not None:
        options.append(alternative)
    unique = list(dict.fromkeys(options))
    combined = unique[0] if len(unique) == 1 else wq.Or(unique)
    combined.boost = boost
    return combined


class GermanQueryParser(QueryParser):  # type: ignore[misc]
    """A multi-field parser whose words and phrases know German compounds and names.

    With a ``vocabulary`` the phonetic field adds the sound-alike spellings the
    index holds; without one it adds nothing.
    """

    def __init__(
        self,
        fieldnames: list[str],
        schema: Any,
        vocabulary: Vocabulary | None,
        fieldboosts: dict[str, float] | None = None,
    ) -> None:
        super().__init__(None, schema)
        self.add_plugin(MultifieldPlugin(fieldnames, fieldboosts=fieldboosts))
        self.fieldnames = fieldnames
        self.vocabulary = vocabulary

    def term_query(
        self,
        fieldname: str,
        text: str,
        termclass: Any,
        boost: float = 1.0,
        tokenize: bool = True,
        removestops: bool = True,
    ) -> Any:
        if termclass is not wq.Term or not tokenize or fieldname not in self.schema:
            return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
        if fieldname == PHONETIC_FIELD:
            return self._phonetic_query(text, boost)
        if fieldname in self.fieldnames:
            return word_query(self.schema[fieldname].analyzer, fieldname, text, boost)
        return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)

    def _phonetic_query(self, text: str, boost: float) -> wq.Query | None:
        if self.vocabulary is None:
            return None
        keys = list(self.schema[PHONETIC_FIELD].process_text(text, mode="query"))
        if len(keys) != 1:
            return None
        spelling = key_spelling(keys[0])
        alike = [
            key
            for key in self.vocabulary.terms_with_prefix(PHONETIC_FIELD, key_prefix(keys[0]))
            if spelled_alike(spelling, key_spelling(key))
        ]
        if not alike:
            return None
        alike.sort(key=lambda key: key_spelling(key) != spelling)  # the exact spelling first
        return wq.Or(
            [wq.Term(PHONETIC_FIELD, key) for key in alike[:MAX_SOUND_ALIKES]], boost=boost
        )
