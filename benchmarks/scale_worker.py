"""One step of the scale benchmark in a fresh process; prints one JSON object.

``python -m benchmarks.scale_worker analyse CORPUS``
``python -m benchmarks.scale_worker index LOCATION CORPUS``
``python -m benchmarks.scale_worker query LOCATION QUERIES.json``
``python -m benchmarks.scale_worker export LOCATION``

``LOCATION`` is an index directory or ``solr:URL/COLLECTION``. Each step reports
the wall clock (``start``/``end``, epoch seconds, taken after the imports) so that
the parent can time several processes working at once from the first start to
the last end.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from analyzers import field_analyzer
from benchmarks.engines import OursSearcher
from benchmarks.worker import measure_queries
from searchidx import Document, SearchIndex
from searchidx.backends.whoosh.schema import PHONETIC_FIELD, WORDS_FIELD
from searchidx.ingest import read_paths


def _documents(corpus: Path) -> Iterator[Document]:
    return (record for record in read_paths([corpus]) if isinstance(record, Document))


def analysed_fields(doc: Document) -> list[tuple[str, str]]:
    """(field, text) pairs our analysis runs on for one document, on either backend."""
    fields = [("text", doc.text), (WORDS_FIELD, doc.text)]
    if doc.type == "article":
        fields.append(("title", doc.title))
        fields.append((PHONETIC_FIELD, f"{doc.title}\n{doc.text}"))
    else:
        fields.append((PHONETIC_FIELD, doc.text))
    return fields


def analyse(corpus: Path) -> int:
    """Our German analysis of every document, no engine: the bound for indexing.

    Every field's terms with positions and offsets, in position order (what an
    engine is given), by the analysis's fastest path: the one the Solr writer
    takes, which shares a text's tokenization among its fields. Nothing more is built.
    """
    count = 0
    for doc in _documents(corpus):
        for field, text in analysed_fields(doc):
            field_analyzer(field).positioned_terms(text)
        count += 1
    return count


def analyse_stream(corpus: Path) -> int:
    """The same analysis through the analyzers' token stream (what a Whoosh analyzer
    call yields: a Token per term, each field tokenized on its own), as the Solr
    writer took it before it had its own path; each term read once."""
    count = 0
    for doc in _documents(corpus):
        for field, text in analysed_fields(doc):
            tokens = field_analyzer(field)(text, positions=True, chars=True)
            _ = [(t.text, t.pos, t.startchar, t.endchar) for t in tokens]
        count += 1
    return count


def index(location: str, corpus: Path) -> int:
    if location.startswith("solr:"):
        with SearchIndex.open(location) as remote:
            return remote.index_paths([corpus]).indexed
    built, report = SearchIndex.build(Path(location), [corpus])
    built.close()
    return report.indexed


def export(location: str) -> int:
    """Every document, date order, as ``searchidx export`` streams it."""
    with SearchIndex.open(location) as opened, opened.export("", sort="date") as rows:
        return sum(1 for _ in rows.rows)


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run(task: str, args: list[str]) -> dict[str, Any]:
    start = time.time()
    if task == "analyse":
        result: dict[str, Any] = {"docs": analyse(Path(args[0]))}
    elif task == "analyse-stream":
        result = {"docs": analyse_stream(Path(args[0]))}
    elif task == "index":
        result = {"docs": index(args[0], Path(args[1]))}
    elif task == "export":
        result = {"docs": export(args[0])}
    elif task == "query":
        queries = json.loads(Path(args[1]).read_text(encoding="utf-8"))
        result = measure_queries(lambda: OursSearcher(args[0]), queries)
    else:
        raise SystemExit(f"unknown task {task!r}")
    return {**result, "start": start, "end": time.time(), "cpu_s": _cpu_seconds()}


def main(argv: list[str]) -> int:
    task, *args = argv
    json.dump(run(task, args), sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
