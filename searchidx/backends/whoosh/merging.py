"""When a commit merges segments: a tiered policy instead of Whoosh's default.

Every commit writes one new segment. Whoosh merging re-reads and re-writes every
posting in pure Python, which costs more per document than analysing it fresh
(about 0.35 ms against 0.2 ms per tiny document), and Whoosh's default policy
merges on most commits, so a 100k-document run spent more than half its time
merging. Like Lucene's tiered policy we group segments by size (decimal order of
magnitude) and merge a tier only once it holds ``MERGE_FACTOR`` segments: each
document is merged about once per tenfold growth of the index, and an index of
N documents keeps at most ``15 * log10(N)`` segments (in practice a handful), so
searchers stay cheap. 16 rather than Lucene's 10: with 10 000-document batches,
a run of 100 001 documents would otherwise end by re-merging all 100 000.

Two bounds keep any one commit from stalling: a commit merges at most
``MAX_MERGE_DOCS`` documents (the smallest segments of the crowded tier; big
segments of a bulk build are left as they are), and
the worker processes of a bulk run (segment_workers.py) commit without merging
at all, so a 1M-document build ends with about 100 segments of one batch each.

Segments whose documents were all replaced are dropped for free. Partly
replaced ones keep their deleted documents until their tier merges: compacting
them early made a re-run of the same corpus (which replaces everything, batch
by batch) copy the same documents over and over.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from whoosh.reading import SegmentReader

MERGE_FACTOR = 16
# Whoosh merges only about 400 documents a second in pure Python (measured on
# the 1M benchmark index: 40,000 documents took 100 s). One commit merges at
# most this many documents, the smallest segments of the crowded tier first,
# and nothing when even two of them are bigger, so an add stays in seconds.
MAX_MERGE_DOCS = 4_000


def merge_tiers(writer: Any, segments: Sequence[Any]) -> list[Any]:
    """Whoosh merge policy: merge a crowded size tier, drop empty segments.

    Returns the segments left unmerged (Whoosh adds the writer's new one).
    """
    live = [segment for segment in segments if segment.doc_count() > 0]
    tiers: dict[int, list[Any]] = {}
    for segment in live:
        tiers.setdefault(_tier(segment.doc_count_all()), []).append(segment)
    crowded = [tier for tier in sorted(tiers) if len(tiers[tier]) >= MERGE_FACTOR]
    to_merge = _bounded(tiers[crowded[0]]) if crowded else []
    for segment in to_merge:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        try:
            writer.add_reader(reader)
        finally:
            reader.close()
    return [segment for segment in live if segment not in to_merge]


def keep_all(writer: Any, segments: Sequence[Any]) -> list[Any]:
    """Merge policy of bulk runs (index workers): drop empty segments, merge nothing.

    A bulk run's segments are all about one batch in size; merging them while
    the run goes on would cost more than indexing them did.
    """
    return [segment for segment in segments if segment.doc_count() > 0]


def _bounded(tier: list[Any]) -> list[Any]:
    """The smallest segments of a tier adding up to at most MAX_MERGE_DOCS; [] for fewer than 2."""
    chosen: list[Any] = []
    total = 0
    for segment in sorted(tier, key=lambda s: s.doc_count_all()):
        if total + segment.doc_count_all() > MAX_MERGE_DOCS:
            break
        chosen.append(segment)
        total += segment.doc_count_all()
    return chosen if len(chosen) >= 2 else []


def _tier(doc_count: int) -> int:
    return len(str(max(doc_count, 1)))
