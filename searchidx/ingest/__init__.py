"""Ingestion: source files -> plain Documents, with Skipped/Notice reports.

Pure Python (stdlib only, no Whoosh): everything here yields frozen data from
:mod:`searchidx.models`, so it can be tested and reused without an index.

Typical use::

    from searchidx.ingest import read_paths

    for record in read_paths(["seeds/", "corpus.jsonl"]):
        ...  # Document to index, Skipped/Notice to report
"""

from __future__ import annotations

from searchidx.ingest.decode import read_text
from searchidx.ingest.jsonl import read_jsonl_file
from searchidx.ingest.manifest import ManifestCache, ManifestEntry, load_manifest
from searchidx.ingest.options import FORMATS, ReadOptions, parse_csv_map
from searchidx.ingest.paths import read_paths
from searchidx.ingest.seeds import read_seed_file

__all__ = [
    "FORMATS",
    "ManifestCache",
    "ManifestEntry",
    "ReadOptions",
    "load_manifest",
    "parse_csv_map",
    "read_jsonl_file",
    "read_paths",
    "read_seed_file",
    "read_text",
]
