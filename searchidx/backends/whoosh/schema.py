"""The one Whoosh schema shared by articles and comments, and its version marker.

Comments store their article's title for display but do not index it: a comment
must match on its own words, not on the headline it hangs under. The ``phonetic``
field holds Kölner Phonetik codes of capitalised words (names), for spelling
variants across transliterations (Shoigu/Schoigu). The ``words`` field holds the
text's terms without compound parts, so a word found whole can outrank the same
word found only inside compounds (see :mod:`searchidx.ranking`). The ``grams``
field holds the character 5-grams of the text's words (:mod:`analyzers.grams`).
"""

from __future__ import annotations

from dataclasses import replace

from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema

from analyzers import (
    ANALYZER_VERSION,
    FULL_ANALYSIS,
    AnalysisOptions,
    german_analyzer,
    gram_analyzer,
    phonetic_analyzer,
)
from searchidx.backends.whoosh.formats import CachedFrequency, CachedPositions

SCHEMA_VERSION = 4  # 3: the words field; 4: the grams field
TITLE_BOOST = 2.0
# Sound-alike spellings of names count weakly (weights in searchidx.ranking).
PHONETIC_FIELD = "phonetic"
WORDS_FIELD = "words"
# Character 5-grams of the text's words: low-weight evidence for word families
# Snowball stems apart (analyzers/grams.py, searchidx.ranking.gram_weight).
GRAMS_FIELD = "grams"
MARKER_FILE = "searchidx.json"
MARKER_FORMAT = "searchidx-index"

# Fields the query language may name besides the full-text ones.
FILTER_FIELDS = ("id", "type", "parent_id", "source", "date", "month", "author", "reply_to")
TEXT_FIELDS = ("title", "text")


def build_schema(analysis: AnalysisOptions = FULL_ANALYSIS) -> Schema:
    """A fresh schema instance (Whoosh pickles it, with the analyzer, into the index).

    ``analysis`` switches German analysis features off (for measurements), or the
    ``grams`` field (for archives that never use OR).
    """
    analyzer = german_analyzer(analysis)
    whole_words = german_analyzer(replace(analysis, decompound=False))
    schema = Schema(
        id=ID(stored=True, unique=True),
        type=ID(stored=True, sortable=True),
        parent_id=ID(stored=True),
        title=TEXT(analyzer=analyzer, stored=True, field_boost=TITLE_BOOST),
        parent_title=STORED(),
        text=TEXT(analyzer=analyzer, stored=True),
        phonetic=TEXT(analyzer=phonetic_analyzer(), phrase=False),
        words=TEXT(analyzer=whole_words, phrase=False),
        source=ID(stored=True, sortable=True),
        date=DATETIME(stored=True, sortable=True),
        month=ID(sortable=True),
        author=ID(stored=True),
        url=STORED(),
        reply_to=ID(stored=True),
        rank=STORED(),
        extra=STORED(),
    )
    if analysis.grams:  # searches and writers of an index without it leave the grams out
        schema.add(GRAMS_FIELD, TEXT(analyzer=gram_analyzer(), phrase=False))
    # Same postings as Whoosh's formats, built on the cached analyzer's fused path.
    for name in TEXT_FIELDS:
        schema[name].format = CachedPositions(field_boost=schema[name].format.field_boost)
    for name in (PHONETIC_FIELD, WORDS_FIELD, GRAMS_FIELD):
        if name in schema:
            schema[name].format = CachedFrequency(field_boost=schema[name].format.field_boost)
    return schema


def marker() -> dict[str, object]:
    """Content of the marker file that identifies a directory as our index."""
    return {
        "format": MARKER_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "analyzer_version": ANALYZER_VERSION,
    }
