"""How a query's matches are weighted: one place for every ranking lever.

searchidx uses :data:`DEFAULT_RANKING`; the relevance benchmark
(benchmarks/relevance) switches single levers off to measure what each is worth.
The weights are boosts on Whoosh's BM25F, so scores stay BM25F sums.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RankingOptions:
    """Query-time weights and switches (index-time ones: :class:`analyzers.AnalysisOptions`)."""

    # A word found as itself (the ``words`` field: no compound parts) on top of the
    # ``text`` match, which also counts compound parts: whole words rank above parts.
    whole_word_weight: float = 0.5
    # A compound query word also matches its parts as a phrase (Kurskoffensive ->
    # "Kursk Offensive"), and a hyphen chain its joined form (Kim Jong-un -> Jongun).
    compound_phrases: bool = True
    hyphen_joins: bool = True
    # Under OR, a hyphen chain also matches its words one by one (Kafka-Geliebten:
    # Kafka), and a compound its parts (Greifarmen: greifen, Arme).
    hyphen_parts_weight: float = 1.0
    compound_parts_weight: float = 1.0
    # ... of which the modifiers (Hafen-kran, Kohle-kraftwerk) weigh this much more than
    # the head: the head is what many unrelated compounds share (-werk, -amt, -dienst).
    compound_modifier_weight: float = 1.5
    # Under OR, a compound's parts (or a chain's words) found all in one document
    # count once more: Parteivorstand in a text on the Partei and its Vorstand.
    parts_together_weight: float = 0.0
    # Under OR, a word no document holds matches the indexed terms one edit away.
    unknown_word_variants_weight: float = 1.0
    # ... and the indexed forms of the same verb (angerufen: anrufen, anzurufen; kauft:
    # gekauft), which Snowball stems apart (searchidx.query.verb_forms), at that weight.
    unknown_word_verb_forms: bool = True
    # Under OR, scores times (words matched / words asked)^coordination: 0 is off.
    coordination: float = 0.5
    # Under OR, plus this times the BM25 score of the words' character 5-grams in the
    # ``grams`` field (analyzers/grams.py), for documents the query matches anyway:
    # word families Snowball stems apart (Österreich / österreichisch, -ung nouns and
    # their verbs) share most of their grams. Added after the coordination factor.
    gram_weight: float = 0.4
    # Sound-alike spellings of names (Schoigu/Shoigu), only for words that look like names.
    sound_alike_weight: float = 0.3
    sound_alike_names_only: bool = True
    # The exact spelling of a name (the phonetic field's own key), above its variants.
    exact_spelling_weight: float = 0.5
    # BM25F parameters of Whoosh's weighting.
    k1: float = 1.2
    b: float = 0.75
    # "whoosh": log(N / (df + 1)) + 1; "probabilistic": log(1 + (N - df + .5) / (df + .5)),
    # which lets rare query words weigh more (see searchidx.backends.whoosh.weighting).
    idf: str = "whoosh"


DEFAULT_RANKING = RankingOptions()
