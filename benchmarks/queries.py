"""Query sets drawn from the corpus itself, so every engine gets the same strings.

* ``single``: one word, a third each from frequent, middling and rare words;
* ``and``: two words that occur in the same document (default operator AND);
* ``phrase``: two adjacent content words of a document, quoted.

Words come from a fixed sample of documents; the draw is seeded.
"""

from __future__ import annotations

import itertools
import random
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

from benchmarks.corpus import read_records

QUERY_CLASSES: Final = ("single", "and", "phrase")
_SAMPLE_DOCS: Final = 3_000
_WORD: Final = re.compile(r"[^\W\d_]{4,}")
_PAIR: Final = re.compile(r"([^\W\d_]{4,}) ([^\W\d_]{4,})(?=[\s.,;:!?])")


def make_queries(corpus: Path, per_class: int, seed: int = 7) -> dict[str, list[str]]:
    """``per_class`` query strings for each of :data:`QUERY_CLASSES`."""
    texts = [record["text"] for record in itertools.islice(read_records(corpus), _SAMPLE_DOCS)]
    rng = random.Random(seed)
    stopwords = _stopwords()
    frequency = _document_frequency(texts, stopwords)
    return {
        "single": _single_terms(frequency, per_class, rng),
        "and": _and_pairs(texts, stopwords, per_class, rng),
        "phrase": _phrases(texts, stopwords, per_class, rng),
    }


def _stopwords() -> frozenset[str]:
    from whoosh.lang import stopwords_for_language

    return frozenset(stopwords_for_language("de")) | {"dass"}


def _document_frequency(texts: Iterable[str], stopwords: frozenset[str]) -> Counter[str]:
    frequency: Counter[str] = Counter()
    for text in texts:
        frequency.update({word for word in _WORD.findall(text) if word.lower() not in stopwords})
    return frequency


def _single_terms(frequency: Counter[str], count: int, rng: random.Random) -> list[str]:
    ranked = [word for word, _ in frequency.most_common()]
    frequent = ranked[: max(len(ranked) // 100, 1)]
    middle = ranked[len(ranked) // 100 : len(ranked) // 5] or ranked
    rare = [word for word in ranked if frequency[word] <= 2] or ranked
    bands = itertools.cycle((frequent, middle, rare))
    return [rng.choice(next(bands)) for _ in range(count)]


def _and_pairs(
    texts: list[str], stopwords: frozenset[str], count: int, rng: random.Random
) -> list[str]:
    queries: list[str] = []
    while len(queries) < count:
        words = sorted({w for w in _WORD.findall(rng.choice(texts)) if w.lower() not in stopwords})
        if len(words) >= 2:
            queries.append(" ".join(rng.sample(words, 2)))
    return queries


def _phrases(
    texts: list[str], stopwords: frozenset[str], count: int, rng: random.Random
) -> list[str]:
    queries: list[str] = []
    while len(queries) < count:
        pairs = [
            pair
            for pair in _PAIR.findall(rng.choice(texts))
            if not any(word.lower() in stopwords for word in pair)
        ]
        if pairs:
            first, second = rng.choice(pairs)
            queries.append(f'"{first} {second}"')
    return queries


def describe(queries: dict[str, list[str]]) -> dict[str, Any]:
    """A few examples per class, for the JSON report."""
    return {name: values[:5] for name, values in queries.items()}
