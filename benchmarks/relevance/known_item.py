"""Known-item queries from a news corpus: the teaser asks, the body answers.

The input is 10kGNAD's CSV shape (``Category;'text'``, ``;`` separated, ``'`` quoted):
each text starts with the article's teaser, then the body, usually after a dateline
(``Wien – ``). The teaser becomes the query and the rest the document to find. The
file is read from the path given on the command line; nothing of it is stored.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from whoosh.lang import stopwords_for_language

KEYWORDS = 3
MIN_KEYWORD_LETTERS = 4
# A dateline: sentence end, a place of a few capitalised words, a dash.
_DATELINE = re.compile(r"(?<=[.!?\"“”])\s+[A-ZÄÖÜ][^.!?;:\"“”]{0,40}?\s[–-]\s")
_DATELINE_WINDOW = 800
_FIRST_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ\"„])")
# Words as a user types them: letters and digits, hyphen chains kept whole.
WORD = re.compile(r"\w+(?:-\w+)*")
_STOPWORDS = frozenset(stopwords_for_language("de"))
_OPERATORS = frozenset({"AND", "OR", "NOT", "TO", "ANDNOT", "ANDMAYBE"})


@dataclass(frozen=True)
class Article:
    teaser: str
    body: str


@dataclass(frozen=True)
class KnownItem:
    """A query (its words, OR-joined by each engine) and the index of its target body."""

    target: int
    words: tuple[str, ...]
    not_verbatim: bool  # some word does not occur, as typed, in the target body


def read_articles(path: Path) -> list[Article]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";", quotechar="'"))
    articles = [split_teaser(row[1]) for row in rows if len(row) >= 2]
    return [article for article in articles if article.teaser and article.body]


def split_teaser(text: str) -> Article:
    """Teaser = text before the dateline, else the first sentence; body = the rest."""
    text = " ".join(text.split())
    match = _DATELINE.search(text[:_DATELINE_WINDOW])
    if match is None:
        match = _FIRST_SENTENCE.search(text)
    if match is None:
        return Article("", text)
    return Article(text[: match.start()].strip(), text[match.start() :].strip())


def words(text: str) -> list[str]:
    """The query words of ``text``; operator-like words lowercased so they stay words."""
    return [w.lower() if w in _OPERATORS else w for w in WORD.findall(text)]


def surface_set(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}


def keyword_queries(articles: list[Article]) -> list[KnownItem]:
    """The three rarest teaser words (≥ 4 letters, no stop words) per article.

    Rarity is the document frequency of the lowercased surface form over all
    bodies, so words that occur nowhere verbatim come first; ties keep teaser order.
    """
    bodies = [surface_set(article.body) for article in articles]
    frequency: Counter[str] = Counter(w for body in bodies for w in body)
    items = []
    for target, article in enumerate(articles):
        candidates = list(dict.fromkeys(w for w in words(article.teaser) if _keyword_like(w)))
        candidates.sort(key=lambda w: frequency[w.lower()])
        chosen = tuple(candidates[:KEYWORDS])
        if chosen:
            missing = any(w.lower() not in bodies[target] for w in chosen)
            items.append(KnownItem(target, chosen, missing))
    return items


def teaser_queries(articles: list[Article]) -> list[KnownItem]:
    items = []
    for target, article in enumerate(articles):
        found = tuple(words(article.teaser))
        if found:
            body = surface_set(article.body)
            items.append(KnownItem(target, found, any(w.lower() not in body for w in found)))
    return items


def _keyword_like(word: str) -> bool:
    letters = sum(char.isalpha() for char in word)
    return letters >= MIN_KEYWORD_LETTERS and word.lower() not in _STOPWORDS


def bodies(articles: Iterable[Article]) -> list[str]:
    return [article.body for article in articles]


QUERY_SETS: dict[str, Callable[[list[Article]], list[KnownItem]]] = {
    "keywords": keyword_queries,
    "teaser": teaser_queries,
}


def articles_from(parser: argparse.ArgumentParser, path: Path) -> list[Article]:
    """The articles of the file a command line named, or its usage error."""
    if not path.is_file():
        parser.error(f"no such file: {path}")
    return read_articles(path)


def set_names(listed: str) -> list[str]:
    """``keywords,teaser`` as names (unknown ones are the caller's to refuse)."""
    return [name.strip() for name in listed.split(",")]
