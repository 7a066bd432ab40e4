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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from whoosh import query as wq
from whoosh.qparser import MultifieldPlugin, QueryParser, syntax
from whoosh.query import spans

from analyzers import CachedAnalyzer, key_prefix, key_spelling, spelled_alike, split_compound
from analyzers.lexicon import DICTIONARY, get_lexicon
from searchidx.backends.whoosh.schema import PHONETIC_FIELD, WORDS_FIELD
from searchidx.backends.whoosh.vocabulary import (
    has_term,
    indexed_terms,
    terms_with_prefix,
    terms_within,
)
from searchidx.query.verb_forms import verb_forms
from searchidx.ranking import DEFAULT_RANKING, RankingOptions

PRIMARY_KINDS = frozenset({"word", "number", "url", "abbrev"})
ALTERNATE_KINDS = frozenset({"joined", "gender"})
MAX_JOINED_PHRASE = 3
# A common sound may have many spellings in a big archive; the closest suffice.
MAX_SOUND_ALIKES = 20
# A word no document holds may match indexed terms one edit away; short words would
# match too many unrelated ones.
MIN_VARIANT_LETTERS = 5
VARIANT_PREFIX = 3


class Vocabulary(Protocol):
    """The terms an index holds, as far as query expansion needs them."""

    def terms_with_prefix(self, fieldname: str, prefix: str) -> Iterable[str]: ...


@runtime_checkable
class TermLookup(Protocol):
    """A vocabulary that can also tell whether a term exists and list those one edit away."""

    def has_term(self, fieldname: str, term: str) -> bool: ...

    def near_terms(self, fieldname: str, term: str, max_edits: int, prefix: int) -> list[str]: ...

    def known_terms(self, fieldname: str, terms: Sequence[str]) -> list[str]: ...


class ReaderVocabulary:
    """A :class:`Vocabulary` over an open Whoosh reader."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader

    def terms_with_prefix(self, fieldname: str, prefix: str) -> Iterable[str]:
        return terms_with_prefix(self.reader, fieldname, prefix)

    def has_term(self, fieldname: str, term: str) -> bool:
        return has_term(self.reader, fieldname, term)

    def near_terms(self, fieldname: str, term: str, max_edits: int, prefix: int) -> list[str]:
        found = terms_within(self.reader, fieldname, term, max_edits, prefix)
        return sorted(set(found) - {term})

    def known_terms(self, fieldname: str, terms: Sequence[str]) -> list[str]:
        return indexed_terms(self.reader, fieldname, terms)


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
    """The analyzer's query-mode tokens of ``text``, with positions and offsets.

    A query asks this of each word once per field and expansion: our analyzers
    remember the answer (:meth:`analyzers.CachedAnalyzer.query_tokens`).
    """
    if isinstance(analyzer, CachedAnalyzer):
        return [QueryToken(*token) for token in analyzer.query_tokens(text)]
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


def compound_terms(analyzer: Any, surface: str) -> list[str]:
    """A compound's parts as query terms ("Kurskoffensive" -> kursk, offensiv); [] if none."""
    parts = split_compound(surface.lower())
    if len(parts) < 2:
        return []
    terms: list[str] = []
    for part in parts:
        primary = [t for t in query_tokens(analyzer, part) if t.kind in PRIMARY_KINDS]
        if len(primary) != 1:
            return []
        terms.append(primary[0].text)
    return terms


def loose_parts(fieldname: str, parts: Sequence[str], ranking: RankingOptions) -> wq.Query:
    """A compound's parts one by one: the modifiers (Hafen-, Kohle-) weigh more than the
    head (-kran, -werk), which many unrelated compounds share."""
    head = parts[-1]
    weights = {part: ranking.compound_modifier_weight for part in parts[:-1]}
    weights[head] = 1.0  # a part that is also the head (Bau-bau) weighs as the head
    loose = [wq.Term(fieldname, part, boost=weight) for part, weight in weights.items()]
    return wq.Or(loose, boost=ranking.compound_parts_weight)


def word_query(
    analyzer: Any,
    fieldname: str,
    text: str,
    boost: float,
    ranking: RankingOptions = DEFAULT_RANKING,
    *,
    alternative: bool = False,
    variants: Sequence[str] = (),
) -> wq.Query | None:
    """Everything one query word should match in one text field.

    The word itself (or its hyphen chain as a phrase), its gender base, the closed
    compound of a hyphen chain or the parts of a compound as a phrase. In ``text``
    the word found whole (not as a compound part) counts once more, through the
    ``words`` field. An ``alternative`` (a word under OR) that is a hyphen chain or
    a compound also matches its words or parts one by one, weakly
    (``Kafka-Geliebten``: a text about Kafka; ``Greifarmen``: one about greifen and
    Arme); under AND a word keeps matching only as a whole.
    """
    tokens = query_tokens(analyzer, text)
    primary = [token for token in tokens if token.kind in PRIMARY_KINDS]
    if not primary:
        return None
    options = [gapped_sequence(fieldname, primary)]
    options += [wq.Term(fieldname, t.text) for t in tokens if t.kind in ALTERNATE_KINDS]
    if len(primary) == 1 and primary[0].kind == "word":
        parts = compound_terms(analyzer, text) if ranking.compound_phrases else []
        if parts:
            options.append(wq.Phrase(fieldname, parts))
        if parts and alternative and ranking.compound_parts_weight:
            options.append(loose_parts(fieldname, parts, ranking))
            if len(set(parts)) > 1 and ranking.parts_together_weight:
                together = [wq.Term(fieldname, part) for part in dict.fromkeys(parts)]
                options.append(wq.And(together, boost=ranking.parts_together_weight))
    else:
        if ranking.hyphen_joins:  # a hyphen chain also matches its closed compound
            surfaces = [text[t.start : t.end] for t in primary]
            joined = joined_term(analyzer, fieldname, surfaces)
            if joined is not None:
                options.append(joined)
        if alternative and ranking.hyphen_parts_weight:
            words = [wq.Term(fieldname, t.text) for t in primary]
            options.append(wq.Or(words, boost=ranking.hyphen_parts_weight))
            if len(words) > 1 and ranking.parts_together_weight:
                options.append(wq.And(words, boost=ranking.parts_together_weight))
    if variants:
        close = [wq.Term(fieldname, variant) for variant in variants]
        options.append(wq.Or(close, boost=ranking.unknown_word_variants_weight))
    if fieldname == "text" and len(primary) == 1 and ranking.whole_word_weight:
        options.append(wq.Term(WORDS_FIELD, primary[0].text, boost=ranking.whole_word_weight))
    unique = list(dict.fromkeys(options))
    combined = unique[0] if len(unique) == 1 else wq.Or(unique)
    combined.boost = boost
    return combined


def plausible_name(word: str) -> bool:
    """Whether ``word`` may be a name: the German dictionary does not list it.

    Sound-alike spellings are for names and transliterations (Schoigu/Shoigu); for
    ordinary words they only add noise (Wagen/wegen, Meister/Muster).
    """
    lexicon = get_lexicon()
    entry = lexicon.entry(word.lower())
    return not lexicon.has_ngerman or entry is None or not entry[1] & DICTIONARY


class FieldAlternatives(syntax.OrGroup):  # type: ignore[misc]
    """The fields one word is looked up in; an OrGroup that is no user's OR."""


def words_under_or(node: Any, under_or: bool = False) -> Iterator[str]:
    """Texts of the words a user's OR joins (not those under AND, nor a lone word).

    Whoosh folds ``a OR b`` into the first word's field group, so an OR group is
    one that holds another group; an AND group inside it starts over.
    """
    if not isinstance(node, syntax.GroupNode):
        if under_or and node.has_text:
            yield node.text
        return
    if isinstance(node, syntax.OrGroup):
        under_or = under_or or any(isinstance(c, syntax.GroupNode) for c in node)
    else:
        under_or = False
    for child in node:
        yield from words_under_or(child, under_or)


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
        ranking: RankingOptions = DEFAULT_RANKING,
    ) -> None:
        super().__init__(None, schema)
        self.add_plugin(
            MultifieldPlugin(fieldnames, fieldboosts=fieldboosts, group=FieldAlternatives)
        )
        self.fieldnames = fieldnames
        self.vocabulary = vocabulary
        # Checked once: isinstance against a runtime Protocol walks its members.
        self._lookup = vocabulary if isinstance(vocabulary, TermLookup) else None
        self.ranking = ranking
        self._alternatives: frozenset[str] = frozenset()
        # What each word under OR matches, in every field (for the coordination factor).
        self.alternatives: dict[str, list[wq.Query]] = {}

    def process(self, text: str, pos: int = 0, debug: Any = None) -> Any:
        """The syntax tree; also notes which words stand under an OR (see word_query)."""
        nodes = super().process(text, pos, debug)
        self.note_words_under_or(words_under_or(nodes))
        return nodes

    def note_words_under_or(self, words: Iterable[str]) -> None:
        """Which words a user's OR joins (what :meth:`process` reads off the syntax tree)."""
        self._alternatives = frozenset(words)
        self.alternatives = {word: [] for word in self._alternatives}

    def term_query(
        self,
        fieldname: str,
        text: str,
        termclass: Any,
        boost: float = 1.0,
        tokenize: bool = True,
        removestops: bool = True,
    ) -> Any:
        query = self._term_query(fieldname, text, termclass, boost, tokenize, removestops)
        if query is not None and text in self.alternatives:
            self.alternatives[text].append(query)
        return query

    def _term_query(
        self,
        fieldname: str,
        text: str,
        termclass: Any,
        boost: float,
        tokenize: bool,
        removestops: bool,
    ) -> Any:
        if termclass is not wq.Term or not tokenize or fieldname not in self.schema:
            return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
        if fieldname == PHONETIC_FIELD:
            return self._phonetic_query(text, boost)
        if fieldname in self.fieldnames:
            analyzer = self.schema[fieldname].analyzer
            alternative = text in self._alternatives
            variants = self._variants(analyzer, fieldname, text) if alternative else []
            return word_query(
                analyzer,
                fieldname,
                text,
                boost,
                self.ranking,
                alternative=alternative,
                variants=variants,
            )
        return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)

    def _variants(self, analyzer: Any, fieldname: str, text: str) -> list[str]:
        """For a word no document holds, the indexed terms one edit away (Odessas: odessa)
        and the indexed forms of the same verb (angerufen: anrufen, anzurufen)."""
        vocabulary = self._lookup
        if vocabulary is None:
            return []
        if not self.ranking.unknown_word_variants_weight:
            return []
        terms = [t.text for t in query_tokens(analyzer, text) if t.kind in PRIMARY_KINDS]
        if len(terms) != 1 or len(terms[0]) < MIN_VARIANT_LETTERS:
            return []
        if vocabulary.has_term(fieldname, terms[0]):
            return []
        found = vocabulary.near_terms(fieldname, terms[0], 1, VARIANT_PREFIX)
        if self.ranking.unknown_word_verb_forms:
            forms = [form for form in verb_forms(terms[0]) if form not in found]
            found += vocabulary.known_terms(fieldname, forms) if forms else []
        return found

    def _phonetic_query(self, text: str, boost: float) -> wq.Query | None:
        """The name's own spelling, and (weaker) its indexed sound-alike spellings."""
        if self.vocabulary is None:
            return None
        keys = list(self.schema[PHONETIC_FIELD].process_text(text, mode="query"))
        if len(keys) != 1:
            return None
        ranking = self.ranking
        clauses = []
        if ranking.exact_spelling_weight:
            clauses.append(wq.Term(PHONETIC_FIELD, keys[0], boost=ranking.exact_spelling_weight))
        if ranking.sound_alike_weight and (
            not ranking.sound_alike_names_only or plausible_name(text)
        ):
            clauses += [
                wq.Term(PHONETIC_FIELD, key, boost=ranking.sound_alike_weight)
                for key in self._sound_alikes(keys[0])
            ]
        if not clauses:
            return None
        if len(clauses) == 1:
            clauses[0].boost *= boost
            return clauses[0]
        return wq.Or(clauses, boost=boost)

    def _sound_alikes(self, key: str) -> list[str]:
        """Indexed keys of the same sound spelled alike, but not ``key`` itself."""
        assert self.vocabulary is not None
        spelling = key_spelling(key)
        alike = [
            found
            for found in self.vocabulary.terms_with_prefix(PHONETIC_FIELD, key_prefix(key))
            if found != key and spelled_alike(spelling, key_spelling(found))
        ]
        return alike[:MAX_SOUND_ALIKES]
