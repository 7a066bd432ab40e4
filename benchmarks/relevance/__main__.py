"""``python -m benchmarks.relevance --known-item PATH``: one run, every engine, every set."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from benchmarks.relevance.known_item import (
    QUERY_SETS,
    KnownItem,
    articles_from,
    bodies,
    set_names,
)
from benchmarks.relevance.ours import SearchidxEngine, ablations
from benchmarks.relevance.peers import Engine, peers
from benchmarks.relevance.scoring import Metrics, metrics, run_queries
from benchmarks.relevance.solr import solr_engines, solr_url

OURS = "searchidx"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance", description=__doc__)
    parser.add_argument("--known-item", type=Path, required=True, help="10kGNAD-style CSV")
    parser.add_argument("--no-ablations", action="store_true", help="skip the ablation rows")
    parser.add_argument(
        "--ablations-only", action="store_true", help="searchidx and its ablations, no peers"
    )
    parser.add_argument(
        "--sets", default="keywords,teaser", help="query sets to run (keywords, teaser)"
    )
    parser.add_argument("--json", type=Path, help="also write every number here")
    parser.add_argument(
        "--backend",
        choices=("whoosh", "solr"),
        default="whoosh",
        help="solr: also run searchidx on a local 2-node SolrCloud started for the run",
    )
    parser.add_argument(
        "--solr", help="also run searchidx on this SolrCloud (http://HOST:PORT/solr)"
    )
    args = parser.parse_args(argv)
    articles = articles_from(parser, args.known_item)
    chosen = set_names(args.sets)
    if "keywords" not in chosen or any(name not in QUERY_SETS for name in chosen):
        parser.error("--sets: keywords, optionally with teaser")
    sets = {name: QUERY_SETS[name](articles) for name in chosen}
    print(f"{len(articles)} articles from {args.known_item}", file=sys.stderr)
    with solr_url(args.solr, args.backend == "solr") as url:
        engines: list[Engine] = [SearchidxEngine(OURS)]
        engines += solr_engines(url) if url is not None else []
        if not args.ablations_only:
            engines += peers()
        if not args.no_ablations:
            engines += ablations()
        table = evaluate(engines, bodies(articles), sets)
    print(render(table))
    if args.json:
        args.json.write_text(
            json.dumps(
                {s: {e: asdict(m) for e, m in rows.items()} for s, rows in table.items()}, indent=1
            )
        )
    return 0


def evaluate(
    engines: Sequence[Engine], texts: list[str], sets: dict[str, list[KnownItem]]
) -> dict[str, dict[str, Metrics]]:
    """Every engine over every query set, plus the keywords' not-verbatim subset."""
    table: dict[str, dict[str, Metrics]] = {"keywords": {}, "keywords-not-verbatim": {}}
    table.update({name: {} for name in sets if name != "keywords"})
    subset = [i for i, item in enumerate(sets["keywords"]) if item.not_verbatim]
    with tempfile.TemporaryDirectory(prefix="searchidx-relevance-") as tmp:
        for engine in engines:
            print(f"indexing: {engine.name}", file=sys.stderr)
            engine.build(texts, Path(tmp))
            for name, items in sets.items():
                result = run_queries(engine, items)
                table[name][engine.name] = metrics(result)
                if name == "keywords":
                    table["keywords-not-verbatim"][engine.name] = metrics(result, subset)
                found = table[name][engine.name]
                print(f"  {name}: MRR@10 {found.mrr:.4f}", file=sys.stderr)
            close = getattr(engine, "close", None)
            if close is not None:
                close()
    return table


def render(table: dict[str, dict[str, Metrics]]) -> str:
    """Markdown tables; the ratio column is MRR@10 over the best peer's (without
    peers: over searchidx's own, so ablation rows read as what a feature is worth)."""
    lines: list[str] = []
    for name, rows in table.items():
        peer_names = [e for e in rows if not e.startswith(OURS)]
        best = max((rows[e].mrr for e in peer_names), default=0.0)
        reference = "best peer" if peer_names else OURS
        if not peer_names and OURS in rows:
            best = rows[OURS].mrr
        count = next(iter(rows.values())).queries if rows else 0
        lines += [
            f"\n### {name} ({count} queries)\n",
            f"| engine | MRR@10 | ×{reference} | S@1 | S@10 | p50 CPU ms |",
            "|---|---|---|---|---|---|",
        ]
        for engine, m in rows.items():
            ratio = m.mrr / best if best else 0.0
            lines.append(
                f"| {engine} | {m.mrr:.4f} | {ratio:.3f} | {m.s1:.3f} | {m.s10:.3f} "
                f"| {m.p50_ms:.2f} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
