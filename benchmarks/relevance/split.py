"""Where a known-item query's time goes: ``python -m benchmarks.relevance.split --known-item PATH``.

Builds the searchidx index over the bodies as the relevance harness does (in a
temporary directory, same process), runs the query sets through
``SearchIndex.search(" OR ".join(words), limit=10, facets=())``, and reports per
query set the median and mean CPU time (``time.process_time``) of the whole
search and of its parts, measured by wrapping the functions below. A part
called inside another one counts in both; one called again inside itself,
once. The wrappers cost a little, so the total runs above the harness's.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from statistics import median
from typing import Any

from benchmarks.relevance.known_item import QUERY_SETS, bodies, read_articles
from searchidx import Document, SearchIndex
from searchidx.errors import SearchIdxError

# (module, class or None, function, label)
PARTS = [
    ("searchidx.backends.whoosh.searcher_pool", "SearcherPool", "take", "open searcher"),
    ("searchidx.query.parsing", None, "parse_query", "parse"),
    ("searchidx.backends.whoosh.evaluation", "Evaluator", "scored", "evaluate"),
    ("searchidx.backends.whoosh.searching", "SearchRun", "_coordinate", "coordination"),
    ("searchidx.features.highlight", None, "plan_matches", "snippet plan"),
    ("searchidx.backends.whoosh.searching", "HitBuilder", "document", "stored documents"),
    ("searchidx.backends.whoosh.searching", "HitBuilder", "snippet", "snippets"),
    ("searchidx.backends.whoosh.stored", None, "text_positions", "  match positions"),
    ("searchidx.features.highlight", None, "_match_spans", "  marks"),
    ("searchidx.features.text_facts", None, "sound_spans", "  sound pass"),
    ("searchidx.features.suggest", None, "suggest", "did you mean"),
]
_spent: defaultdict[str, float] = defaultdict(float)


def _timed(function: Callable[..., Any], label: str) -> Callable[..., Any]:
    depth = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if depth[0]:
            return function(*args, **kwargs)
        depth[0] += 1
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            _spent[label] += time.process_time() - started
            depth[0] -= 1

    return wrapper


def _wrap_parts() -> None:
    for module_name, class_name, name, label in PARTS:
        module = importlib.import_module(module_name)
        owner = getattr(module, class_name) if class_name else module
        function = getattr(owner, name)
        wrapper = _timed(function, label)
        setattr(owner, name, wrapper)
        if class_name is None:  # and wherever it was imported by name
            for other in list(sys.modules.values()):
                if getattr(other, name, None) is function:
                    setattr(other, name, wrapper)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance.split")
    parser.add_argument("--known-item", type=Path, required=True, help="10kGNAD-style CSV")
    parser.add_argument("--sets", default="keywords,teaser")
    args = parser.parse_args(argv)
    _wrap_parts()
    articles = read_articles(args.known_item)
    with tempfile.TemporaryDirectory() as workdir:
        index = SearchIndex.create(Path(workdir) / "index")
        index.answers.capacity = 0  # per-part CPU of the search, never a kept answer
        index.add(
            Document(id=str(number), type="article", text=body)
            for number, body in enumerate(bodies(articles))
        )
        for name in args.sets.split(","):
            _report(name, _run(index, QUERY_SETS[name](articles)))
        index.close()
    return 0


def _run(index: SearchIndex, items: Sequence[Any]) -> dict[str, list[float]]:
    per_query: dict[str, list[float]] = defaultdict(list)
    labels = [label for *_, label in PARTS]
    for item in items:
        _spent.clear()
        started = time.process_time()
        with contextlib.suppress(SearchIdxError):  # a query of stop words only
            index.search(" OR ".join(item.words), limit=10, facets=())
        per_query["total"].append(time.process_time() - started)
        for label in labels:
            per_query[label].append(_spent.get(label, 0.0))
    return per_query


def _report(name: str, per_query: dict[str, list[float]]) -> None:
    print(f"{name} ({len(per_query['total'])} queries), CPU ms: p50 / mean")
    for label, seconds in per_query.items():
        p50, mean = median(seconds) * 1000, sum(seconds) / len(seconds) * 1000
        print(f"  {label:20s} {p50:6.2f} / {mean:6.2f}")


if __name__ == "__main__":
    raise SystemExit(main())
