"""Which reader a file's name calls for.

A trailing ``.gz`` is looked through (``corpus.jsonl.gz`` is JSON Lines;
every reader unpacks gzip by its magic bytes anyway). Names no reader claims
are left out of directory walks; a file named explicitly is read as
``--format`` says, else by its name, else as a scraped page (``seed``).
"""

from __future__ import annotations

from pathlib import PurePath

SUFFIX_FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".warc": "warc",
    ".txt": "seed",
}
# Files searchidx writes beside its own outputs: export provenance.
SIDECAR_SUFFIX = ".meta.json"


def format_of_name(name: str) -> str | None:
    """The format a file name announces, or None."""
    lowered = name.lower()
    if lowered.endswith(SIDECAR_SUFFIX):
        return None
    if lowered.endswith(".gz"):
        lowered = lowered[:-3]
    return SUFFIX_FORMATS.get(PurePath(lowered).suffix)
