"""Sources: gzip by magic bytes, byte metering, and streaming that never holds a file whole."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

from searchidx.ingest import ReadOptions, read_paths
from searchidx.ingest.sources import ByteMeter, Source
from searchidx.models import Document


def article(number: int) -> dict[str, str]:
    return {
        "id": f"a{number}",
        "type": "article",
        "title": f"Meldung {number}",
        "text": "Ein Satz über das Wetter in Bozen. " * 30,
    }


def test_gzip_is_recognised_by_its_bytes_not_its_name(tmp_path: Path) -> None:
    path = tmp_path / "dump.bin"
    path.write_bytes(gzip.compress(b"hallo\n"))
    meter = ByteMeter()
    with Source(path, meter).open() as stream:
        assert stream.read() == b"hallo\n"
    assert meter.bytes_read == path.stat().st_size
    assert Source.named("-").location == "<stdin>" and Source.named("x.jsonl.gz").name == "x.jsonl"


def peak_while_reading(records: Iterator[object]) -> tuple[int, int]:
    """(documents, peak traced bytes) while consuming ``records``."""
    tracemalloc.start()
    try:
        count = sum(isinstance(record, Document) for record in records)
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_gzipped_jsonl_and_json_arrays_stream(tmp_path: Path) -> None:
    count = 6000  # about 7 MB of text each
    lines = "\n".join(json.dumps(article(n), ensure_ascii=False) for n in range(count))
    jsonl = tmp_path / "big.jsonl.gz"
    jsonl.write_bytes(gzip.compress(lines.encode("utf-8")))
    array = tmp_path / "big.json"
    array.write_text("[" + lines.replace("\n", ",\n") + "]", encoding="utf-8")
    assert array.stat().st_size > 6 * 2**20
    for path in (jsonl, array):
        meter = ByteMeter()
        documents, peak = peak_while_reading(read_paths([path], ReadOptions(meter=meter)))
        assert documents == count
        assert peak < 4 * 2**20, f"{path.name}: peak {peak:,} bytes"
        assert meter.bytes_read == path.stat().st_size
