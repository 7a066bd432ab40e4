"""Summaries over repetitions and the Markdown table (medians, min–max, ratios)."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any, Final

PERCENTILES: Final = (50, 95, 99)


def percentile(values: Sequence[float], pct: int) -> float:
    """Nearest-rank percentile (no interpolation: p99 of 30 values is the maximum)."""
    ordered = sorted(values)
    rank = max(1, -(-pct * len(ordered) // 100))
    return ordered[rank - 1]


def spread(values: Sequence[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def summarize_builds(runs: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per-repetition build results -> median/min/max of each metric."""
    metrics = {
        "docs_per_s": [run["docs"] / run["seconds"] for run in runs],
        "seconds": [run["seconds"] for run in runs],
        "index_mb": [run["index_bytes"] / 2**20 for run in runs],
        # A multi-process writer's children count too; their sum bounds the peak.
        "peak_rss_mb": [run["peak_rss_mb"] + run["children_peak_rss_mb"] for run in runs],
    }
    return {name: spread(values) for name, values in metrics.items()}


def summarize_queries(runs: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, float]]]:
    """Per-repetition latencies -> for each class, p50/p95/p99 as median/min/max over reps."""
    summary: dict[str, dict[str, dict[str, float]]] = {}
    classes = runs[0]["latencies_ms"].keys()
    for name in classes:
        per_rep = [run["latencies_ms"][name] for run in runs if name in run["latencies_ms"]]
        summary[name] = {
            f"p{pct}": spread([percentile(v, pct) for v in per_rep]) for pct in PERCENTILES
        }
    summary["open_and_first_query"] = {
        "ms": spread([run["open_and_first_query_ms"] for run in runs])
    }
    return summary


def _cell(value: dict[str, float] | None, digits: int) -> str:
    if value is None:
        return "–"
    if value["min"] == value["max"]:
        return f"{value['median']:.{digits}f}"
    return f"{value['median']:.{digits}f} ({value['min']:.{digits}f}–{value['max']:.{digits}f})"


def _ratio(ours: dict[str, float] | None, baseline: dict[str, float] | None) -> str:
    if not ours or not baseline or not baseline["median"]:
        return "–"
    return f"{ours['median'] / baseline['median']:.2f}×"


def _rows(summary: dict[str, Any]) -> list[tuple[str, str, int]]:
    """(label, dotted path into an engine summary, digits) for every table row."""
    rows = [
        ("index docs/s", "build.docs_per_s", 0),
        ("index time s", "build.seconds", 1),
        ("index size MB", "build.index_mb", 0),
        ("peak RSS MB (build)", "build.peak_rss_mb", 0),
        ("incremental add s", "add.seconds", 2),
        ("open + first query ms", "queries.open_and_first_query.ms", 0),
    ]
    classes: list[str] = []
    for engine in summary.values():
        classes += [name for name in engine.get("queries", {}) if name not in classes]
    for name in classes:
        if name == "open_and_first_query":
            continue
        rows += [(f"{name} p{pct} ms", f"queries.{name}.p{pct}", 1) for pct in PERCENTILES]
    return rows


def _lookup(engine: dict[str, Any] | None, path: str) -> dict[str, float] | None:
    node: Any = engine
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node if isinstance(node, dict) and "median" in node else None


def markdown_table(summary: dict[str, Any]) -> str:
    """One row per metric: each engine's median (min–max) and the ours/baseline ratio."""
    engines = list(summary)
    header = ["metric", *engines]
    if "ours" in summary and "baseline" in summary:
        header.append("ours/baseline")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for label, path, digits in _rows(summary):
        values = {engine: _lookup(summary[engine], path) for engine in engines}
        if not any(values.values()):
            continue
        cells = [label, *(_cell(values[engine], digits) for engine in engines)]
        if len(header) > len(engines) + 1:
            cells.append(_ratio(values["ours"], values["baseline"]))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
