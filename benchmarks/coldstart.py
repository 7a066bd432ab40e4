"""``python -m benchmarks.coldstart``: wall and CPU time of CLI commands in fresh processes.

Each command runs ``--runs`` times in a new interpreter, the commands interleaved
so that a busy neighbour on the shared machine hits them all alike. Reported per
command: the fastest and the median wall time, and the median CPU time (user +
system of the child, which load on the machine inflates far less than wall time).

The seeds index is built once beforehand into ``--cache-dir`` and the German
lexicon cache is built by a warm-up run, so the rows show the steady state every
later process sees; ``first run`` is the one run with an empty lexicon cache.
For ``searchidx serve`` it also times, per run, how long the server takes to answer
``/health`` and then the first and the second ``/search`` request.
Bytecode is compiled first (``PYTHONDONTWRITEBYTECODE`` would otherwise make every
run compile the sources). ``--source DIR`` measures another checkout of searchidx
with this interpreter, e.g. the previous commit exported by ``git archive``.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The CLI as an entry point would import the installed searchidx; this imports the one in cwd.
CLI = "from searchidx.cli import main; main()"
COMMANDS: dict[str, list[str]] = {
    "python -c pass (interpreter floor)": [],
    "searchidx search Kursk": ["search", "Kursk"],
    'searchidx search "Nordkorea Soldaten"': ["search", "Nordkorea Soldaten"],
    "searchidx serve --get /search?q=Nordkorea+Soldaten": [
        "serve",
        "--get",
        "/search?q=Nordkorea+Soldaten",
    ],
}

SERVE_QUERY = "/search?q=Nordkorea+Soldaten"
SERVE_PORT = 8741


@dataclass(frozen=True, slots=True)
class Timing:
    wall: float
    cpu: float


@dataclass(frozen=True, slots=True)
class Row:
    command: str
    runs: int
    wall_min_s: float
    wall_median_s: float
    cpu_median_s: float


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.coldstart", description=__doc__)
    parser.add_argument("--runs", type=int, default=10, help="fresh processes per command")
    parser.add_argument("--source", type=Path, default=ROOT, help="searchidx checkout to measure")
    parser.add_argument("--cache-dir", type=Path, default=None, help="index and lexicon cache")
    parser.add_argument("--json", type=Path, default=None, help="also write the rows here")
    return parser.parse_args(argv)


def run_once(argv: list[str], source: Path, env: dict[str, str]) -> Timing:
    """Run the CLI (or nothing, for the floor) in a fresh interpreter; fail loudly."""
    command = [sys.executable, "-c", CLI, *argv] if argv else [sys.executable, "-c", "pass"]
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(
            command, cwd=source, env=env, stdout=subprocess.DEVNULL, stderr=errors
        )
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace")
            raise RuntimeError(f"{' '.join(argv)} failed ({child.returncode}):\n{message}")
    return Timing(wall=wall, cpu=usage.ru_utime + usage.ru_stime)


def environment(source: Path, cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["XDG_CACHE_HOME"] = str(cache / "xdg")
    env["SEARCHIDX_INDEX"] = str(cache / "index")
    env["PYTHONPATH"] = str(source)
    return env


def prepare(source: Path, cache: Path, env: dict[str, str]) -> Timing:
    """Compile bytecode, build the seeds index, and time the run that builds the lexicon."""
    for package in ("searchidx", "analyzers"):
        compileall.compile_dir(source / package, quiet=1)
    shutil.rmtree(cache / "xdg", ignore_errors=True)
    if not (cache / "index").is_dir():
        run_once(["index", str(source / "seeds")], source, env)
        shutil.rmtree(cache / "xdg", ignore_errors=True)
    return run_once(list(COMMANDS['searchidx search "Nordkorea Soldaten"']), source, env)


def measure(runs: int, source: Path, env: dict[str, str]) -> list[Row]:
    timings: dict[str, list[Timing]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, argv in COMMANDS.items():
            timings[name].append(run_once(argv, source, env))
    return [
        Row(
            command=name,
            runs=len(found),
            wall_min_s=min(t.wall for t in found),
            wall_median_s=statistics.median(t.wall for t in found),
            cpu_median_s=statistics.median(t.cpu for t in found),
        )
        for name, found in timings.items()
    ]


def _get(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
    return time.perf_counter() - started


def serve_once(source: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """Seconds until ``/health`` answers, then for the first and second search request."""
    base = f"http://127.0.0.1:{SERVE_PORT}"
    command = [sys.executable, "-c", CLI, "serve", "--port", str(SERVE_PORT)]
    started = time.perf_counter()
    server = subprocess.Popen(
        command, cwd=source, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while True:
            try:
                _get(base + "/health")
                break
            except OSError:
                if server.poll() is not None or time.perf_counter() - started > 60:
                    raise RuntimeError("searchidx serve did not come up") from None
                time.sleep(0.01)
        ready = time.perf_counter() - started
        return ready, _get(base + SERVE_QUERY), _get(base + SERVE_QUERY)
    finally:
        server.terminate()
        server.wait(timeout=30)


def serve_rows(runs: int, source: Path, env: dict[str, str]) -> list[Row]:
    found = [serve_once(source, env) for _ in range(runs)]
    names = [
        "serve: start until /health answers",
        f"serve: first {SERVE_QUERY}",
        f"serve: second {SERVE_QUERY}",
    ]
    return [
        Row(
            command=name,
            runs=runs,
            wall_min_s=min(times[column] for times in found),
            wall_median_s=statistics.median(times[column] for times in found),
            cpu_median_s=float("nan"),
        )
        for column, name in enumerate(names)
    ]


def table(rows: Sequence[Row], first: Timing) -> str:
    lines = [
        "| command (fresh process) | wall min s | wall median s | CPU median s |",
        "|---|---|---|---|",
    ]
    for row in rows:
        cpu = "" if row.cpu_median_s != row.cpu_median_s else f"{row.cpu_median_s:.3f}"  # NaN
        lines.append(
            f"| `{row.command}` | {row.wall_min_s:.3f} | {row.wall_median_s:.3f} | {cpu} |"
        )
    lines.append(
        f'| first run, no lexicon cache: `search "Nordkorea Soldaten"` | {first.wall:.3f} '
        f"| (1 run) | {first.cpu:.3f} |"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    source = args.source.resolve()
    cache = args.cache_dir or Path(tempfile.gettempdir()) / f"searchidx-coldstart-{os.getuid()}"
    cache = cache.resolve() / source.name
    cache.mkdir(parents=True, exist_ok=True)
    env = environment(source, cache)
    first = prepare(source, cache, env)
    rows = measure(args.runs, source, env) + serve_rows(args.runs, source, env)
    print(f"source: {source}  runs: {args.runs}  load: {os.getloadavg()[0]:.1f}")
    print(table(rows, first))
    if args.json:
        payload = {"first_run": asdict(first), "rows": [asdict(row) for row in rows]}
        args.json.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
