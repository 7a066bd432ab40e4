"""The engines under test, behind one small interface.

* ``ours``: :class:`searchidx.SearchIndex` as users call it (build from the JSONL
  file, search with snippets, facets from columns, timeline if it exists);
* ``baseline``: what a Whoosh user writes for German text: ``LanguageAnalyzer("de")``,
  a KEYWORD source field, one writer committed once, ``groupedby`` facets with a
  ``DateRangeFacet`` by month, highlights for the hits shown;
* ``fts5``: SQLite FTS5 (``unicode61``, no German stemming), for context only.

Every engine asks its API for a searcher per query: stock Whoosh opens a fresh one,
searchidx reuses an open one while the index is unchanged (its searcher pool).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, Final, Protocol

from benchmarks.corpus import SPAN, START, read_records

ENGINES: Final = ("ours", "baseline", "fts5")
HITS_SHOWN: Final = 10


class Searchable(Protocol):
    def search(self, query: str, facets: bool) -> int: ...
    def facets_all(self) -> int: ...
    def timeline(self, query: str) -> int | None: ...
    def close(self) -> None: ...


# -- ours ------------------------------------------------------------------------------


def build_ours(corpus: Path, index: Path) -> int:
    from searchidx import SearchIndex

    built, report = SearchIndex.build(index, [corpus])
    built.close()
    return int(report.indexed)


def add_ours(increment: Path, index: Path) -> int:
    return build_ours(increment, index)  # build() adds to an existing index


class OursSearcher:
    def __init__(self, index: Path | str) -> None:  # a directory, or ``solr:URL``
        from searchidx import SearchIndex

        self._index = SearchIndex.open(index)
        # Warm-ups and --cold's repeats ask the same searches again: measure the
        # search itself, not the answer cache (serving.py measures that).
        self._index.answers.capacity = 0
        self._timeline: Callable[..., Any] | None = getattr(self._index, "timeline", None)

    def search(self, query: str, facets: bool) -> int:
        if facets:
            return int(self._index.search(query, limit=HITS_SHOWN).total)
        return int(self._index.search(query, limit=HITS_SHOWN, facets=()).total)

    def facets_all(self) -> int:
        return int(self._index.search("", limit=HITS_SHOWN).total)

    def timeline(self, query: str) -> int | None:
        if self._timeline is None:
            return None
        self._timeline(query)
        return 1

    def close(self) -> None:
        self._index.close()


# -- stock Whoosh ----------------------------------------------------------------------


def baseline_schema() -> Any:
    from whoosh.analysis import LanguageAnalyzer
    from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema

    analyzer = LanguageAnalyzer("de")
    return Schema(
        id=ID(stored=True, unique=True),
        type=ID(stored=True),
        parent_id=ID(stored=True),
        title=TEXT(analyzer=analyzer, stored=True),
        text=TEXT(analyzer=analyzer, stored=True),
        source=KEYWORD(stored=True, commas=True),
        date=DATETIME(stored=True),
        author=ID(stored=True),
        url=STORED(),
    )


def _baseline_fields(record: dict[str, Any]) -> dict[str, Any]:
    fields = {key: value for key, value in record.items() if value is not None}
    fields["date"] = datetime.fromisoformat(record["date"])
    return fields


def build_baseline(corpus: Path, index: Path) -> int:
    from whoosh import index as whoosh_index

    index.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(index), baseline_schema())
    return _write_baseline(ix, corpus, fresh=True)


def add_baseline(increment: Path, index: Path) -> int:
    from whoosh import index as whoosh_index

    return _write_baseline(whoosh_index.open_dir(str(index)), increment, fresh=False)


def _write_baseline(ix: Any, corpus: Path, fresh: bool) -> int:
    writer = ix.writer()
    count = 0
    for record in read_records(corpus):
        if fresh:
            writer.add_document(**_baseline_fields(record))
        else:
            writer.update_document(**_baseline_fields(record))
        count += 1
    writer.commit()
    ix.close()
    return count


class BaselineSearcher:
    def __init__(self, index: Path) -> None:
        from whoosh import index as whoosh_index
        from whoosh.qparser import MultifieldParser

        self._ix = whoosh_index.open_dir(str(index))
        self._parser = MultifieldParser(["title", "text"], self._ix.schema)

    def _facets(self, names: tuple[str, ...]) -> dict[str, Any]:
        from whoosh.sorting import DateRangeFacet, FieldFacet
        from whoosh.support.relativedelta import relativedelta

        months = DateRangeFacet("date", START, START + SPAN, relativedelta(months=1))
        every = {"source": FieldFacet("source"), "type": FieldFacet("type"), "date": months}
        return {name: every[name] for name in names}

    def _run(self, query: Any, facet_names: tuple[str, ...], show_hits: bool) -> int:
        groupedby = self._facets(facet_names) if facet_names else None
        with self._ix.searcher() as searcher:
            results = searcher.search(query, limit=HITS_SHOWN, groupedby=groupedby)
            if show_hits:
                for hit in results:
                    hit.fields()
                    hit.highlights("text")
            for name in facet_names:
                results.groups(name)
            return len(results)

    def search(self, query: str, facets: bool) -> int:
        names = ("source", "date", "type") if facets else ()
        return self._run(self._parser.parse(query), names, show_hits=True)

    def facets_all(self) -> int:
        from whoosh.query import Every

        return self._run(Every(), ("source", "date", "type"), show_hits=True)

    def timeline(self, query: str) -> int | None:
        return self._run(self._parser.parse(query), ("date",), show_hits=False)

    def close(self) -> None:
        self._ix.close()


# -- SQLite FTS5 -----------------------------------------------------------------------

_FTS_DB: Final = "fts5.sqlite"
_FTS_COLUMNS: Final = ("id", "type", "source", "month", "title", "text")


def build_fts5(corpus: Path, index: Path) -> int:
    index.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(index / _FTS_DB) as db:
        db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, type UNINDEXED, "
            "source UNINDEXED, month UNINDEXED, title, text, "
            "tokenize='unicode61 remove_diacritics 2')"
        )
    return add_fts5(corpus, index)


def add_fts5(increment: Path, index: Path) -> int:
    rows = (
        (r["id"], r["type"], r["source"], r["date"][:7], r.get("title") or "", r["text"])
        for r in read_records(increment)
    )
    with sqlite3.connect(index / _FTS_DB) as db:
        cursor = db.executemany(f"INSERT INTO docs VALUES ({', '.join('?' * 6)})", rows)
        return int(cursor.rowcount)


def fts5_query(query: str) -> str:
    """Our query syntax (words AND-ed, quoted phrases) as an FTS5 expression."""
    if query.startswith('"'):
        return query
    return " ".join(f'"{word}"' for word in query.split())


class Fts5Searcher:
    def __init__(self, index: Path) -> None:
        self._path = index / _FTS_DB

    def _run(self, match: str | None, facets: bool, show_hits: bool) -> int:
        where, args = ("WHERE docs MATCH ?", (match,)) if match else ("", ())
        with sqlite3.connect(self._path) as db:
            if show_hits:
                db.execute(
                    "SELECT id, snippet(docs, 5, '<mark>', '</mark>', '…', 12) FROM docs "
                    f"{where} ORDER BY rank LIMIT {HITS_SHOWN}",
                    args,
                ).fetchall()
            total = int(db.execute(f"SELECT count(*) FROM docs {where}", args).fetchone()[0])
            for column in ("source", "month", "type") if facets else ():
                db.execute(
                    f"SELECT {column}, count(*) FROM docs {where} GROUP BY {column}", args
                ).fetchall()
        return total

    def search(self, query: str, facets: bool) -> int:
        return self._run(fts5_query(query), facets, show_hits=True)

    def facets_all(self) -> int:
        return self._run(None, facets=True, show_hits=False)

    def timeline(self, query: str) -> int | None:
        with sqlite3.connect(self._path) as db:
            db.execute(
                "SELECT month, count(*) FROM docs WHERE docs MATCH ? GROUP BY month",
                (fts5_query(query),),
            ).fetchall()
        return 1

    def close(self) -> None:
        pass


BUILDERS: Final[dict[str, Callable[[Path, Path], int]]] = {
    "ours": build_ours,
    "baseline": build_baseline,
    "fts5": build_fts5,
}
ADDERS: Final[dict[str, Callable[[Path, Path], int]]] = {
    "ours": add_ours,
    "baseline": add_baseline,
    "fts5": add_fts5,
}
SEARCHERS: Final[dict[str, Callable[[Path], Searchable]]] = {
    "ours": OursSearcher,
    "baseline": BaselineSearcher,
    "fts5": Fts5Searcher,
}
