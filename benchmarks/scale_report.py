"""The scale benchmark's Markdown tables: indexing, then queries and export side by side."""

from __future__ import annotations

from typing import Any

from benchmarks.report import percentile

LABELS = {
    "analysis": "analysis only",
    "stream": "analysis only, as a token stream",
    "solr": "Solr",
    "whoosh": "Whoosh",
}
QUERY_ROWS = (
    "single",
    "single+facets",
    "and",
    "and+facets",
    "phrase",
    "phrase+facets",
    "facets_all",
    "timeline",
)


def render(results: dict[str, Any]) -> str:
    meta = results["meta"]
    head = (
        f"## {meta['docs']:,} documents ({meta['corpus_mb']} MB JSONL), Solr "
        f"{meta['shards']} shards × {meta['replicas']} replica(s) on 2 nodes "
        f"({meta.get('solr_jvm', 'test')} JVM options), "
        f"{meta['queries_per_class']} queries/class, {meta['date']}, "
        f"load average at the end {', '.join(f'{x:.1f}' for x in meta['load_average'])}"
    )
    tables = [indexing_table(results["index"])]
    if results["read"]:  # --no-read measures the indexing steps only
        tables.append(reading_table(results["read"]))
    return "\n\n".join([head, *tables])


def indexing_table(index: dict[str, Any]) -> str:
    one, two = index["1"], index["2"]
    engines = [name for name in ("solr", "whoosh") if name in one]  # --no-whoosh
    bounds = [name for name in ("analysis", "stream") if name in one]  # older results: no stream
    lines = [
        "| indexing | 1 process | 2 processes | 2 vs 1 |",
        "|---|---|---|---|",
    ]
    for engine in (*bounds, *engines):
        label = LABELS[engine]
        a, b = one[engine]["docs_per_s"], two[engine]["docs_per_s"]
        lines.append(f"| {label} docs/s | {a:.0f} | {b:.0f} | {b / a:.2f}× |")
    for engine in engines:
        ratios = [
            step[engine]["docs_per_s"] / step["analysis"]["docs_per_s"] for step in (one, two)
        ]
        lines.append(f"| {LABELS[engine]} / analysis only | {ratios[0]:.0%} | {ratios[1]:.0%} | |")
    if "stream" in one and "solr" in one:
        ratios = [step["solr"]["docs_per_s"] / step["stream"]["docs_per_s"] for step in (one, two)]
        lines.append(f"| Solr / analysis as a token stream | {ratios[0]:.0%} | {ratios[1]:.0%} | |")
    for engine in (*bounds, *engines):
        a, b = one[engine], two[engine]
        lines.append(
            f"| {LABELS[engine]}: wall s / Python CPU s / JVM CPU s | {_cpu(a)} | {_cpu(b)} | |"
        )
    # CPU time barely depends on what else the machine runs: the steady comparison.
    for engine in engines:
        label = LABELS[engine]
        ratios = [_per_doc(step["analysis"]) / _per_doc(step[engine]) for step in (one, two)]
        lines.append(
            f"| {label} / analysis only, by Python CPU per document "
            f"| {ratios[0]:.0%} | {ratios[1]:.0%} | |"
        )
    return "\n".join(lines)


def _per_doc(step: dict[str, Any]) -> float:
    return float(step["python_cpu_s"]) / max(int(step["docs"]), 1)


def _cpu(step: dict[str, Any]) -> str:
    return f"{step['seconds']:.0f} / {step['python_cpu_s']:.0f} / {step['jvm_cpu_s']:.0f}"


def reading_table(read: dict[str, Any]) -> str:
    whoosh, solr = read["whoosh"], read["solr"]
    lines = [
        "| metric | Whoosh | Solr | Solr/Whoosh |",
        "|---|---|---|---|",
    ]
    first = [side["queries"]["open_and_first_query_ms"] for side in (whoosh, solr)]
    lines.append(_row("open + first query ms", first[0], first[1]))
    for name in QUERY_ROWS:
        for pct in (50, 95):
            values = [side["queries"]["latencies_ms"].get(name) for side in (whoosh, solr)]
            if all(values):
                pair = [percentile(v, pct) for v in values]
                lines.append(_row(f"{name} p{pct} ms", pair[0], pair[1]))
    rates = [side["export"]["docs_per_s"] for side in (whoosh, solr)]
    lines.append(_row("export (all documents, date order) docs/s", rates[0], rates[1]))
    return "\n".join(lines)


def _row(label: str, whoosh: float, solr: float) -> str:
    ratio = f"{solr / whoosh:.2f}×" if whoosh else "–"
    return f"| {label} | {whoosh:.1f} | {solr:.1f} | {ratio} |"
