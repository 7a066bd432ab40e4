"""``python -m benchmarks.relevance.latency --known-item PATH``: query CPU next to stock Whoosh.

The harness times each engine's queries in a block of its own, so on a shared
VM whose speed drifts over half a minute the p50s of two engines can come from
different speeds (stock Whoosh measured 4.0 to 6.5 ms on the same queries on one
day). Here both indexes are built first, then each query runs on searchidx and
at once on stock Whoosh (``LanguageAnalyzer("de")``, BM25F, OR-grouped), a
single pass over fresh indexes as in the harness: the ratio of the two p50s is
what stays put while the machine's speed does not.

Both engines answer with the ids of the top ten, as in the harness; with
``--snippets`` searchidx's hits also carry their usual keys and marked passages
(what the CLI and the web page show), which stock Whoosh is not asked for.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from benchmarks.relevance.known_item import (
    QUERY_SETS,
    KnownItem,
    articles_from,
    bodies,
    set_names,
)
from benchmarks.relevance.ours import SearchidxEngine
from benchmarks.relevance.peers import Engine, whoosh_german


@dataclass(frozen=True)
class Paired:
    """p50 CPU ms of one query set on both engines, measured query by query in turn."""

    queries: int
    ours_ms: float
    stock_ms: float

    @property
    def ratio(self) -> float:
        return self.ours_ms / self.stock_ms if self.stock_ms else float("inf")


def paired_latency(ours: Engine, stock: Engine, items: Sequence[KnownItem]) -> Paired:
    mine: list[float] = []
    theirs: list[float] = []
    for item in items:
        for engine, seconds in ((ours, mine), (stock, theirs)):
            started = time.process_time()
            engine.search(item.words)
            seconds.append(time.process_time() - started)
    return Paired(len(items), median(mine) * 1000, median(theirs) * 1000)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.relevance.latency", description=__doc__
    )
    parser.add_argument("--known-item", type=Path, required=True, help="10kGNAD-style CSV")
    parser.add_argument("--sets", default="keywords", help="keywords and/or teaser")
    parser.add_argument(
        "--snippets", action="store_true", help="searchidx's hits carry marked passages too"
    )
    args = parser.parse_args(argv)
    articles = articles_from(parser, args.known_item)
    chosen = set_names(args.sets)
    if any(name not in QUERY_SETS for name in chosen):
        parser.error("--sets: keywords, teaser or both")
    ours, stock = SearchidxEngine(snippets=args.snippets), whoosh_german()
    with tempfile.TemporaryDirectory() as workdir:
        for engine in (ours, stock):
            engine.build(bodies(articles), Path(workdir))
        hits = "with snippets" if args.snippets else "ids"
        print(f"| set | queries | searchidx ({hits}) p50 CPU ms | whoosh-de p50 CPU ms | ratio |")
        print("|---|---|---|---|---|")
        for name in chosen:
            found = paired_latency(ours, stock, QUERY_SETS[name](articles))
            print(
                f"| {name} | {found.queries} | {found.ours_ms:.2f} | {found.stock_ms:.2f} "
                f"| {found.ratio:.2f} |"
            )
        ours.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
