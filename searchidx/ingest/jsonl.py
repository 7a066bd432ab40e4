"""JSON Lines corpora: one document object per line.

Fields (``null`` counts as absent for optional ones):

========== ======== =====================================================
id         required non-empty string, unique per corpus
type       required ``"article"`` or ``"comment"``
text       required string
title      string; required for articles, optional for comments
source     string, default ``"unbekannt"``
date       ISO 8601 date or datetime (``2024-10-18``, ``2024-10-18T18:18:00+02:00``),
           the outlet's local time: a UTC offset is kept, and filters, sorting
           and month buckets use the wall time as written (18:18 here)
author, parent_id, url, reply_to, rank: optional strings
========== ======== =====================================================

Unknown keys are not an error: they are kept in ``Document.extra`` so corpus
producers can carry their own metadata through search results. An ``extra``
object is merged into it as well, which makes the output of
``Document.to_dict()`` read back as the same document.

A first line ``{"meta": {...}}`` (a searchidx export's provenance) is not a
record, and ``score`` in the rows after it is left out of ``extra``: an export
re-indexes as the documents it was made from. Files may be gzip-compressed
(``.jsonl.gz``); standard input and such files are decoded as a stream.

A broken line (invalid JSON, NaN or Infinity, nesting deeper than
``MAX_DEPTH``, not an object, a missing or mistyped field, an id longer than
``limits.MAX_ID_CHARS``, a bad type or date) becomes
``Skipped("file.jsonl:LINE", reason)`` and reading goes on; blank lines are
ignored. A repeated id is kept (the later record wins when indexed, as
everywhere in searchidx) but reported in a Notice, as are over-long texts and
dates in the future or before the year 1000 and
urls other than http(s) (see :mod:`limits`). Lone UTF-16 surrogates from ``\\ud800``-style
escapes become U+FFFD.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from searchidx.errors import IngestError, InvalidDocumentError
from searchidx.ingest.dates import parse_iso_datetime
from searchidx.ingest.decode import describe_guess, read_text, stream_lines
from searchidx.ingest.limits import MAX_ID_CHARS, clip
from searchidx.ingest.line_stream import decoded_lines
from searchidx.ingest.records import UNKNOWN_SOURCE, Record
from searchidx.ingest.sources import GZIP_MAGIC, Source
from searchidx.models import DOC_TYPES, Document, Notice, Skipped

_OPTIONAL_TEXT_FIELDS = ("title", "source", "author", "parent_id", "url", "reply_to", "rank")
_KNOWN_FIELDS = frozenset({"id", "type", "text", "date", "extra", *_OPTIONAL_TEXT_FIELDS})
_SURROGATE = re.compile("[\ud800-\udfff]")
# Keys of a searchidx export row that describe the search, not the document.
EXPORT_ONLY_FIELDS = frozenset({"score"})
# Nesting allowed in a record; real metadata needs a handful of levels.
MAX_DEPTH = 32


def read_jsonl_file(path: str | Path) -> Iterator[Record]:
    """Read a JSON Lines corpus; problems become Skipped/Notice, never exceptions."""
    return read_jsonl(Source.named(path))


def read_jsonl(source: Source) -> Iterator[Record]:
    """Read JSON Lines from a file (maybe gzipped) or standard input."""
    try:
        yield from parse_jsonl_lines(jsonl_lines(source), source.location)
    except IngestError as error:
        yield Skipped(error.location, error.reason)


def jsonl_lines(source: Source) -> Iterator[str | Notice]:
    """The decoded lines of a text source: whole-file decoding for small plain files,
    streamed for big, compressed or piped ones (see :mod:`line_stream`)."""
    path = source.path
    if path is None or _is_gzip(path, source.location):
        with source.open() as stream:
            yield from decoded_lines(stream, source.location)
        return
    lines = stream_lines(path, source.meter)  # big clean UTF-8 corpora: never whole in memory
    if lines is not None:
        yield from lines
        return
    text, encoding = read_text(path)
    source.meter.bytes_read += path.stat().st_size
    guess = describe_guess(encoding)
    if guess is not None:
        yield Notice(source.location, guess)
    yield from text.split("\n")


def _is_gzip(path: Path, location: str) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(2) == GZIP_MAGIC
    except OSError as error:
        raise IngestError(location, f"cannot read file: {error.strerror or error}") from None


def parse_jsonl(text: str, location: str) -> Iterator[Record]:
    """The records of a JSON Lines text; ``location`` prefixes ``:LINE`` in reports."""
    return parse_jsonl_lines(text.split("\n"), location)


def parse_jsonl_lines(lines: Iterable[str | Notice], location: str) -> Iterator[Record]:
    """The records of JSON Lines, one string per line (numbered from 1).

    A first line ``{"meta": {...}}`` is a searchidx export's provenance: it is
    not a document, and the ``score`` of the rows after it is a search result,
    not document data, so it is dropped rather than kept in ``extra``.
    """
    first_seen: dict[str, int] = {}
    drop: frozenset[str] = frozenset()
    number = 0
    for line in lines:
        if isinstance(line, Notice):
            yield line
            continue
        number += 1
        if not line.strip():
            continue
        line_location = f"{location}:{number}"
        if not first_seen and is_export_meta(line):
            drop = EXPORT_ONLY_FIELDS
            continue
        try:
            document = parse_record(line, line_location, drop=drop)
        except IngestError as error:
            yield Skipped(error.location, error.reason)
            continue
        yield from checked(document, line_location, ("on line {}", number), first_seen)


def checked(
    document: Document, location: str, place: tuple[str, int], first_seen: dict[str, int]
) -> Iterator[Record]:
    """``document`` clipped to the limits, with Notices for that and repeated ids.

    ``place`` is where the document is, as a format and its number ("on line {}", 7);
    ``first_seen`` keeps only the number per id: a million ids of one run would
    otherwise hold a million formatted strings until the run ends.
    """
    document, notice = clip(document, location)
    if notice is not None:
        yield notice
    where, number = place
    earlier = first_seen.setdefault(document.id, number)
    if earlier != number:
        yield Notice(location, f"duplicate id {document.id!r} (also {where.format(earlier)})")
    yield document


def is_export_meta(line: str) -> bool:
    """Is this the ``{"meta": {...}}`` line a searchidx JSON Lines export starts with?"""
    if not line.lstrip().startswith('{"meta"'):
        return False
    try:
        raw = json.loads(line)
    except ValueError:
        return False
    return isinstance(raw, dict) and list(raw) == ["meta"] and isinstance(raw["meta"], dict)


def parse_record(line: str, location: str, *, drop: frozenset[str] = frozenset()) -> Document:
    """One JSON Lines record as a Document; IngestError says what is wrong.

    Keys in ``drop`` are ignored (an export's ``score``).
    """
    try:
        raw = json.loads(line, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise IngestError(location, f"invalid JSON: {error.msg} (column {error.colno})") from None
    except RecursionError:
        raise IngestError(location, "invalid JSON: nested too deeply") from None
    except ValueError as error:  # NaN/Infinity, or an integer too long to convert
        raise IngestError(location, f"invalid JSON: {error}") from None
    return document_from_json(raw, location, drop=drop)


def document_from_json(raw: Any, location: str, *, drop: frozenset[str] = frozenset()) -> Document:
    """A decoded JSON value as a Document (it must be an object of the fields above)."""
    if not isinstance(raw, dict):
        raise InvalidDocumentError(location, f"expected a JSON object, got {_json_kind(raw)}")
    if drop:
        raw = {key: value for key, value in raw.items() if key not in drop}
    return _document_from(sanitize(raw, location), location)


def _reject_constant(name: str) -> Any:
    # Python's json accepts NaN and Infinity, which are not JSON and which our
    # own JSON output could not write back.
    raise ValueError(f"{name} is not a JSON value")


def sanitize(value: Any, location: str, depth: int = 0) -> Any:
    """``value`` with lone surrogates replaced; deeper than MAX_DEPTH is an error.

    JSON escapes can encode lone UTF-16 surrogates (``"\\ud800"``), which no
    UTF-8 writer accepts: indexing or printing them would crash. Whoosh pickles
    ``extra``, and pickling deep nests overflows the stack inside a commit.
    """
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if depth >= MAX_DEPTH and isinstance(value, dict | list):
        raise InvalidDocumentError(location, f"JSON nested deeper than {MAX_DEPTH} levels")
    if isinstance(value, dict):
        return {sanitize(k, location): sanitize(v, location, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [sanitize(item, location, depth + 1) for item in value]
    return value


def _document_from(raw: Mapping[str, Any], location: str) -> Document:
    def fail(reason: str) -> InvalidDocumentError:
        return InvalidDocumentError(location, reason)

    doc_id = _required_text(raw, "id", location)
    if not doc_id.strip():
        raise fail("field 'id' must not be empty")
    if len(doc_id) > MAX_ID_CHARS:
        raise fail(f"field 'id' has {len(doc_id):,} characters; at most {MAX_ID_CHARS:,} allowed")
    doc_type = _required_text(raw, "type", location)
    if doc_type not in DOC_TYPES:
        raise fail(f"field 'type' must be 'article' or 'comment', not {doc_type!r}")
    texts = {name: _optional_text(raw, name, location) for name in _OPTIONAL_TEXT_FIELDS}
    if doc_type == "article" and texts["title"] is None:
        raise fail("an article needs a 'title' (string)")
    return Document(
        id=doc_id,
        type="article" if doc_type == "article" else "comment",
        text=_required_text(raw, "text", location),
        title=texts["title"] or "",
        source=texts["source"] or UNKNOWN_SOURCE,
        date=_optional_date(raw, location),
        author=texts["author"],
        parent_id=texts["parent_id"],
        url=texts["url"],
        reply_to=texts["reply_to"],
        rank=texts["rank"],
        extra=_extra(raw, location),
    )


def _required_text(raw: Mapping[str, Any], name: str, location: str) -> str:
    value = raw.get(name)
    if value is None:
        raise InvalidDocumentError(location, f"missing required field {name!r}")
    if not isinstance(value, str):
        raise InvalidDocumentError(
            location, f"field {name!r} must be a string, not {_json_kind(value)}"
        )
    return value


def _optional_text(raw: Mapping[str, Any], name: str, location: str) -> str | None:
    if raw.get(name) is None:
        return None
    return _required_text(raw, name, location)


def _optional_date(raw: Mapping[str, Any], location: str) -> datetime | None:
    value = _optional_text(raw, "date", location)
    if value is None:
        return None
    try:
        return parse_iso_datetime(value)
    except ValueError:
        reason = f"unparsable date {value!r} (expected ISO 8601, e.g. 2024-10-18T18:18:00)"
        raise InvalidDocumentError(location, reason) from None


def _extra(raw: Mapping[str, Any], location: str) -> dict[str, Any]:
    nested = raw.get("extra")
    if nested is not None and not isinstance(nested, dict):
        raise InvalidDocumentError(
            location, f"field 'extra' must be an object, not {_json_kind(nested)}"
        )
    unknown = {key: value for key, value in raw.items() if key not in _KNOWN_FIELDS}
    return {**(nested or {}), **unknown}


def _json_kind(value: Any) -> str:
    """The JSON name of a decoded value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"
