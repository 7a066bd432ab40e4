"""Streams that own their reader: hits and export rows handed out while the index stays open.

Each closes its backend stream and its reader once the consumer is done or stops early.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict
from datetime import UTC, datetime

from searchidx.backends.base import Query, Reader, Stream
from searchidx.errors import ShardUnavailableError
from searchidx.features.export import Export, ExportMeta, ExportRow, export_rows, never_partial
from searchidx.features.fields import DeclaredField
from searchidx.features.hit_fields import shows_snippet, with_fields
from searchidx.features.hits import make_hit
from searchidx.models import Hit


def streamed_hits(reader: Reader, stream: Stream, chosen: Sequence[str] | None) -> Iterator[Hit]:
    """Every hit in order, snippets made one at a time; closes the reader when done."""
    snippet = shows_snippet(chosen)
    try:
        for scored in stream.items:
            hit = make_hit(reader, scored, stream.plan, snippet=snippet)
            yield with_fields(hit, scored.document, chosen)
    finally:
        stream.close()
        reader.close()


def _export_rows(reader: Reader, stream: Stream, sort: str) -> Iterator[ExportRow]:
    """Export rows in a layout-independent order; closes the reader when done."""
    try:
        yield from export_rows(stream.items, sort)
    finally:
        stream.close()
        reader.close()


def open_export(
    reader: Reader,
    query: Query,
    sort: str,
    *,
    index: str,
    declared: Callable[[], tuple[DeclaredField, ...]],
) -> Export:
    """The export of every match of ``query``, owning ``reader`` (closed here on failure)."""
    try:
        stream = reader.stream(query, sort)
        meta = ExportMeta(
            query=query.text,
            filters={name: value for name, value in asdict(query.filters).items() if value},
            sort=sort,
            created=datetime.now(UTC).replace(microsecond=0).isoformat(),
            total=stream.total,
            fingerprint=reader.fingerprint(),
            index=index,
            fields={field.name: field.kind for field in declared()},
        )
    except ShardUnavailableError as error:
        reader.close()
        raise never_partial(error) from None
    except BaseException:
        reader.close()
        raise
    return Export(meta, _export_rows(reader, stream, sort))
