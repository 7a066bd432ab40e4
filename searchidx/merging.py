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


def merge_tiers(writer: Any, segments: Sequence[Any]) -> list[Any]:
    """Whoosh merge policy: merge a crowded size tier, drop empty segments.

    Returns the segments left unmerged (Whoosh adds the writer's new one).
    """
    live = [segment for segment in segments if segment.doc_count() > 0]
    tiers: dict[int, list[Any]] = {}
    for segment in live:
        tiers.setdefault(_tier(segment.doc_count_all()), []).append(segment)
    crowded = [tier for tier in sorted(tiers) if len(tiers[tier]) >= MERGE_FACTOR]
    to_merge = tiers[crowded[0]] if crowded else []
    for segment in to_merge:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        try:
            writer.add_reader(reader)
        finally:
            reader.close()
    return [segment for segment in live if segment not in to_merge]


def _tier(doc_count: int) -> int:
    return len(str(max(doc_count, 1)))
