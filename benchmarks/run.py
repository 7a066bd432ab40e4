"""``python -m benchmarks.run --docs N``: ours vs stock Whoosh (vs FTS5) in one run.

Each repetition builds every engine's index from the same cached corpus in its
own process, runs the query sets against it in another, then adds 1,000 more
documents; the engine order rotates between repetitions so that a noisy
neighbour on the shared machine does not always hit the same engine. Prints a
Markdown table (medians, min–max, ratio ours/baseline) and writes JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import report
from benchmarks.corpus import INCREMENT_DOCS, CorpusFiles, cache_dir, ensure_corpus
from benchmarks.engines import ENGINES
from benchmarks.queries import describe, make_queries


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--docs", type=int, default=10_000, help="corpus size (10k, 100k, 1M)")
    parser.add_argument("--reps", type=int, default=3, help="repetitions (builds and queries)")
    parser.add_argument("--queries", type=int, default=60, help="queries per class")
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated subset")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache-dir", type=Path, default=None, help="corpus and index cache")
    parser.add_argument("--json", type=Path, default=None, help="where to write the results")
    parser.add_argument(
        "--add-docs", type=int, default=INCREMENT_DOCS, help="documents added afterwards (0: none)"
    )
    return parser.parse_args(argv)


def _worker(*args: str) -> dict[str, Any]:
    # A fresh interpreter per measurement: its own peak RSS, cold caches.
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.worker", *args],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmarks.worker {' '.join(args)} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def run_repetition(
    engine: str, corpus: CorpusFiles, queries_file: Path, work: Path, add: bool
) -> dict[str, Any]:
    index = work / f"index-{engine}"
    shutil.rmtree(index, ignore_errors=True)
    try:
        measured = {"build": _worker("build", engine, str(corpus.main), str(index))}
        measured["queries"] = _worker("query", engine, str(index), str(queries_file))
        if add:
            measured["add"] = _worker("add", engine, str(corpus.increment), str(index))
    finally:
        shutil.rmtree(index, ignore_errors=True)
    return measured


def run(args: argparse.Namespace) -> dict[str, Any]:
    engines = [name for name in args.engines.split(",") if name]
    unknown = set(engines) - set(ENGINES)
    if unknown:
        raise SystemExit(f"unknown engine(s): {', '.join(sorted(unknown))}")
    base = args.cache_dir or cache_dir()
    corpus = ensure_corpus(args.docs, args.seed, base, args.add_docs)
    queries = make_queries(corpus.main, args.queries)
    work = base / f"work-{os.getpid()}"
    work.mkdir(parents=True, exist_ok=True)
    queries_file = work / "queries.json"
    queries_file.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    raw: dict[str, list[dict[str, Any]]] = {engine: [] for engine in engines}
    try:
        for rep in range(args.reps):
            rotated = engines[rep % len(engines) :] + engines[: rep % len(engines)]
            for engine in rotated:
                print(f"rep {rep + 1}/{args.reps}: {engine}", file=sys.stderr, flush=True)
                raw[engine].append(
                    run_repetition(engine, corpus, queries_file, work, args.add_docs > 0)
                )
                # Long runs: keep what is measured so far if the run dies.
                partial = base / f"partial-{args.docs}.json"
                partial.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "meta": _meta(args, corpus, queries),
        "summary": {engine: _summarize(runs) for engine, runs in raw.items()},
        "raw": raw,
    }


def _summarize(runs: list[dict[str, Any]]) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "build": report.summarize_builds([run["build"] for run in runs]),
        "queries": report.summarize_queries([run["queries"] for run in runs]),
    }
    if all("add" in run for run in runs):
        summary["add"] = report.summarize_builds([run["add"] for run in runs])
    return summary


def _meta(args: argparse.Namespace, corpus: CorpusFiles, queries: dict[str, Any]) -> dict[str, Any]:
    return {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "docs": args.docs,
        "reps": args.reps,
        "add_docs": args.add_docs,
        "queries_per_class": args.queries,
        "corpus_bytes": corpus.main.stat().st_size,
        "prose_sentences": corpus.prose_sentences,
        "machine": f"{platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "query_examples": describe(queries),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results = run(args)
    meta = results["meta"]
    print(
        f"## {meta['docs']:,} documents ({meta['corpus_bytes'] / 2**20:.0f} MB JSONL), "
        f"{meta['reps']} reps, {meta['queries_per_class']} queries/class, {meta['date']}\n"
    )
    print(report.markdown_table(results["summary"]))
    target = args.json or (args.cache_dir or cache_dir()) / f"results-{args.docs}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nJSON: {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
