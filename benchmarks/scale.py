"""``python -m benchmarks.scale --docs N``: searchidx on SolrCloud and on Whoosh, one run.

Starts a local 2-node SolrCloud (``LocalCloud``), then, in fresh processes:
our analysis alone, Solr indexing and Whoosh indexing, each with 1 and with 2
processes (Solr: each process analyses and posts its half of the corpus;
Whoosh: ``SEARCHIDX_INDEX_WORKERS``); then the query classes with and without
facets, the facet page, the timeline and a full export on both backends. The
steps alternate so that a noisy neighbour on a shared machine hits every
engine alike; the ratios within one run are the comparable figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import scale_report
from benchmarks.corpus import cache_dir, ensure_corpus
from benchmarks.queries import make_queries
from searchidx.backends.solr.client import SolrClient
from searchidx.backends.solr.collections import init_collection
from searchidx.backends.solr.launcher import JVM_OPTIONS, SERVER_JVM_OPTIONS, LocalCloud

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__)
    parser.add_argument("--docs", type=int, default=100_000, help="corpus size")
    parser.add_argument("--queries", type=int, default=40, help="queries per class")
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--replicas", type=int, default=1, help="replicas per shard")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache-dir", type=Path, default=None, help="corpus cache")
    parser.add_argument("--json", type=Path, default=None, help="where to write the results")
    parser.add_argument(
        "--solr-jvm",
        choices=("server", "test"),
        default="server",
        help="the JVM's options: optimising JIT and a 3 GB heap, or the tests' small ones",
    )
    parser.add_argument(
        "--no-whoosh",
        action="store_true",
        help="analysis and Solr indexing only (implies --no-read)",
    )
    parser.add_argument(
        "--no-read",
        action="store_true",
        help="indexing steps only (no queries, facets, timeline or export)",
    )
    return parser.parse_args(argv)


def _spawn(task: str, *args: str, workers: int = 1) -> subprocess.Popen[str]:
    env = {**os.environ, "SEARCHIDX_INDEX_WORKERS": str(workers)}
    return subprocess.Popen(
        [sys.executable, "-m", "benchmarks.scale_worker", task, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )


def _collect(processes: list[subprocess.Popen[str]]) -> list[dict[str, Any]]:
    results = []
    for process in processes:
        out, err = process.communicate()
        if process.returncode != 0:
            raise RuntimeError(f"{process.args!r} failed:\n{err}")
        results.append(json.loads(out))
    return results


def _jvm_cpu(pid: int) -> float:
    """CPU seconds the Solr JVM has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Run:
    """One benchmark run: the corpus, its halves, the queries and the cluster."""

    def __init__(self, args: argparse.Namespace, work: Path, cloud: LocalCloud) -> None:
        self.args = args
        self.work = work
        self.cloud = cloud
        self.client = SolrClient(cloud.url)
        corpus = ensure_corpus(args.docs, args.seed, args.cache_dir or cache_dir())
        self.corpus = corpus.main
        self.prose_sentences = corpus.prose_sentences
        self.halves = _split(self.corpus, work)
        self.queries = work / "queries.json"
        queries = make_queries(self.corpus, args.queries)
        self.queries.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")

    def parts(self, processes: int) -> list[Path]:
        return [self.corpus] if processes == 1 else self.halves

    def timed(self, task: str, args_per_process: list[list[str]], workers: int = 1) -> Any:
        jvm_before = _jvm_cpu(self.cloud.process.pid)
        found = _collect([_spawn(task, *args, workers=workers) for args in args_per_process])
        wall = max(r["end"] for r in found) - min(r["start"] for r in found)
        docs = sum(r["docs"] for r in found)
        return {
            "docs": docs,
            "seconds": wall,
            "docs_per_s": docs / wall,
            "python_cpu_s": sum(r["cpu_s"] for r in found),
            "jvm_cpu_s": _jvm_cpu(self.cloud.process.pid) - jvm_before,
        }

    def analyse(self, processes: int) -> Any:
        return self.timed("analyse", [[str(part)] for part in self.parts(processes)])

    def analyse_stream(self, processes: int) -> Any:
        return self.timed("analyse-stream", [[str(part)] for part in self.parts(processes)])

    def solr_collection(self, name: str) -> str:
        init_collection(self.client, name, shards=self.args.shards, replicas=self.args.replicas)
        return f"solr:{self.cloud.url}/{name}"

    def index_solr(self, processes: int) -> tuple[Any, str]:
        location = self.solr_collection(f"bench{processes}")
        found = self.timed("index", [[location, str(part)] for part in self.parts(processes)])
        return found, location

    def drop(self, solr: str, whoosh: str) -> None:
        """Free the cluster's heap and the disk before the next build."""
        name = solr.rsplit("/", 1)[1]
        self.client.get("admin/collections", {"action": "DELETE", "name": name})
        if whoosh:
            shutil.rmtree(whoosh, ignore_errors=True)

    def index_whoosh(self, processes: int) -> tuple[Any, str]:
        location = self.work / f"whoosh{processes}"
        shutil.rmtree(location, ignore_errors=True)
        found = self.timed("index", [[str(location), str(self.corpus)]], workers=processes)
        return found, str(location)

    def read_side(self, location: str) -> dict[str, Any]:
        """Queries, then a full export, each in its own fresh process."""
        queries = _collect([_spawn("query", location, str(self.queries))])[0]
        exported = self.timed("export", [[location]])
        return {"queries": queries, "export": exported}


def _split(corpus: Path, work: Path) -> list[Path]:
    """The corpus in two contiguous halves (comments stay near their articles)."""
    lines = corpus.read_bytes().splitlines(keepends=True)
    middle = len(lines) // 2
    halves = [work / "half-1.jsonl", work / "half-2.jsonl"]
    halves[0].write_bytes(b"".join(lines[:middle]))
    halves[1].write_bytes(b"".join(lines[middle:]))
    return halves


def measure(run: Run) -> dict[str, Any]:
    results: dict[str, Any] = {"index": {}, "read": {}}
    for processes in (1, 2):
        step = results["index"].setdefault(str(processes), {})
        _note(f"{processes} process(es): analysis only")
        step["analysis"] = run.analyse(processes)
        _note(f"{processes} process(es): analysis only, as a token stream")
        step["stream"] = run.analyse_stream(processes)
        _note(f"{processes} process(es): Solr")
        step["solr"], solr = run.index_solr(processes)
        whoosh = ""
        if not run.args.no_whoosh:
            _note(f"{processes} process(es): Whoosh")
            step["whoosh"], whoosh = run.index_whoosh(processes)
        if processes == 2 and whoosh and not run.args.no_read:  # both hold the whole corpus
            _note("queries and export: Solr")
            results["read"]["solr"] = run.read_side(solr)
            _note("queries and export: Whoosh")
            results["read"]["whoosh"] = run.read_side(whoosh)
        run.drop(solr, whoosh)
    return results


def _note(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="searchidx-scale-") as tmp:
        work = Path(tmp)
        log = work / "solr.log"
        _note(f"starting a local SolrCloud (log: {log})")
        jvm = SERVER_JVM_OPTIONS if args.solr_jvm == "server" else JVM_OPTIONS
        with LocalCloud.start(work / "solr", nodes=2, log=log, jvm_options=jvm) as cloud:
            run = Run(args, work, cloud)
            results = {"meta": _meta(args, run), **measure(run)}
    print(scale_report.render(results))
    target = args.json or (args.cache_dir or cache_dir()) / f"scale-{args.docs}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(results, indent=1), encoding="utf-8")
    _note(f"JSON: {target}")
    return 0


def _meta(args: argparse.Namespace, run: Run) -> dict[str, Any]:
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "docs": args.docs,
        "queries_per_class": args.queries,
        "shards": args.shards,
        "replicas": args.replicas,
        "solr_jvm": args.solr_jvm,
        "corpus_mb": round(run.corpus.stat().st_size / 2**20, 1),
        "prose_sentences": run.prose_sentences,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "load_average": os.getloadavg(),
    }


if __name__ == "__main__":
    raise SystemExit(main())
