"""The peers searchidx is measured against, each ranking the same bodies for OR queries.

Each engine indexes the bodies once (document number = position in the list) and
answers a query's words with the numbers of its top hits, best first.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from whoosh import index as whoosh_index
from whoosh.analysis import LanguageAnalyzer, StandardAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import OrGroup, QueryParser
from whoosh.scoring import BM25F

TOP = 10


class Engine(Protocol):
    name: str

    def build(self, bodies: Sequence[str], workdir: Path) -> None: ...

    def search(self, words: Sequence[str]) -> list[int]: ...


class WhooshEngine:
    """Stock Whoosh: one TEXT field, BM25F, an OR-grouped ``QueryParser``."""

    def __init__(self, name: str, analyzer: Any) -> None:
        self.name = name
        self.analyzer = analyzer
        self.ix: Any = None
        self.parser: Any = None

    def build(self, bodies: Sequence[str], workdir: Path) -> None:
        schema = Schema(num=ID(stored=True), body=TEXT(analyzer=self.analyzer))
        directory = workdir / self.name
        directory.mkdir()
        self.ix = whoosh_index.create_in(str(directory), schema)
        with self.ix.writer() as writer:
            for number, body in enumerate(bodies):
                writer.add_document(num=str(number), body=body)
        self.parser = QueryParser("body", self.ix.schema, group=OrGroup)

    def search(self, words: Sequence[str]) -> list[int]:
        query = self.parser.parse(" ".join(words))
        with self.ix.searcher(weighting=BM25F()) as searcher:
            return [int(hit["num"]) for hit in searcher.search(query, limit=TOP)]


def whoosh_german() -> WhooshEngine:
    return WhooshEngine("whoosh-de", LanguageAnalyzer("de"))


def whoosh_standard() -> WhooshEngine:
    return WhooshEngine("whoosh-std", StandardAnalyzer())


class Fts5Engine:
    """SQLite FTS5, ``unicode61 remove_diacritics 2``, ranked by ``bm25()``."""

    name = "fts5"

    def __init__(self) -> None:
        self.db = sqlite3.connect(":memory:")

    def build(self, bodies: Sequence[str], workdir: Path) -> None:
        self.db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(body, tokenize='unicode61 remove_diacritics 2')"
        )
        self.db.executemany("INSERT INTO docs(rowid, body) VALUES (?, ?)", enumerate(bodies))
        self.db.commit()

    def search(self, words: Sequence[str]) -> list[int]:
        # Quoted, so every word is a string (a hyphen chain a phrase), never syntax.
        match = " OR ".join('"' + word.replace('"', "") + '"' for word in words)
        rows = self.db.execute(
            "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?", (match, TOP)
        )
        return [int(row[0]) for row in rows]


class Bm25sEngine:
    """``bm25s`` with PyStemmer's Snowball German and bm25s's German stop words."""

    name = "bm25s"

    def __init__(self) -> None:
        import bm25s
        import Stemmer

        self.bm25s: Any = bm25s
        self.stemmer: Any = Stemmer.Stemmer("german")
        self.retriever: Any = None
        self.size = 0

    def _tokens(self, texts: list[str]) -> Any:
        return self.bm25s.tokenize(texts, stopwords="de", stemmer=self.stemmer, show_progress=False)

    def build(self, bodies: Sequence[str], workdir: Path) -> None:
        self.retriever = self.bm25s.BM25()
        self.retriever.index(self._tokens(list(bodies)), show_progress=False)
        self.size = len(bodies)

    def search(self, words: Sequence[str]) -> list[int]:
        tokens = self.bm25s.tokenize(
            [" ".join(words)],
            stopwords="de",
            stemmer=self.stemmer,
            show_progress=False,
            return_ids=False,
        )
        if not tokens[0]:
            return []
        ids, scores = self.retriever.retrieve(
            tokens, k=min(TOP, self.size), show_progress=False, n_threads=1
        )
        return [int(doc) for doc, score in zip(ids[0], scores[0], strict=True) if score > 0]


def peers() -> list[Engine]:
    return [whoosh_german(), whoosh_standard(), Fts5Engine(), Bm25sEngine()]
