"""``.json`` files: one JSON array of document objects, or JSON Lines after all.

Many tools write a corpus as ``[{...}, {...}]``; others name JSON Lines
``.json``. The first non-blank character decides. Arrays are read element by
element from a stream (never whole in memory), each element checked like a
JSON Lines record and reported as ``file.json[N]`` (N counts from 0). A broken
element ends the file with one Skipped: inside a broken array there is no
reliable place to resume. JSON must be UTF-8 (RFC 8259).
"""

from __future__ import annotations

import codecs
import json
import re
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from searchidx.errors import IngestError
from searchidx.ingest.jsonl import (
    EXPORT_ONLY_FIELDS,
    checked,
    document_from_json,
    parse_jsonl_lines,
)
from searchidx.ingest.line_stream import decoded_lines
from searchidx.ingest.records import Record
from searchidx.ingest.sources import Source
from searchidx.models import Skipped

_CHUNK_CHARS = 256 * 1024
_SNIFF_BYTES = 4096
_BLANKS = re.compile(r"[ \t\n\r]*")  # JSON's whitespace
# One array element bigger than this is not a news document.
MAX_ELEMENT_CHARS = 64 * 2**20


def read_json(source: Source) -> Iterator[Record]:
    """The documents of a JSON array or JSON Lines file; problems become Skipped."""
    try:
        with source.open() as stream:  # once: standard input cannot be read twice
            if _starts_array(stream, source.location):
                yield from _array_records(_chunks(stream, source.location), source.location)
            else:
                lines = decoded_lines(stream, source.location)
                yield from parse_jsonl_lines(lines, source.location)
    except IngestError as error:
        yield Skipped(error.location, error.reason)


def _starts_array(stream: BinaryIO, location: str) -> bool:
    """Does the stream start with ``[`` (after a BOM and blanks)? Nothing is consumed."""
    peek = getattr(stream, "peek", None)
    try:
        head = peek(_SNIFF_BYTES) if peek else b""
    except (OSError, EOFError, zlib.error) as error:
        raise IngestError(location, f"cannot read: {' '.join(str(error).split())}") from None
    return head[:_SNIFF_BYTES].removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"[")


def _chunks(stream: BinaryIO, location: str) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        while data := stream.read(_CHUNK_CHARS):
            yield decoder.decode(data)
        yield decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        raise IngestError(location, f"not valid UTF-8 (JSON must be): {error.reason}") from None
    except (OSError, EOFError, zlib.error) as error:  # truncated or corrupt gzip data
        raise IngestError(location, f"cannot read: {' '.join(str(error).split())}") from None


class _Buffer:
    """Text read so far from the chunks, with a read position."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self.chunks = chunks
        self.text = ""
        self.pos = 0

    def more(self) -> bool:
        chunk = next(self.chunks, None)
        if chunk is None:
            return False
        self.text, self.pos = self.text[self.pos :] + chunk, 0  # drop what is parsed
        return True

    def grow(self) -> bool:
        """Read at least as much again as is pending, so a big element that
        spans many chunks is re-parsed a logarithmic number of times."""
        pending = len(self.text) - self.pos
        grown = False
        while len(self.text) - self.pos < 2 * pending or not grown:
            if not self.more():
                return grown
            grown = True
        return True

    def next_char(self) -> str:
        """The next non-blank character (not consumed), "" at the end."""
        while True:
            self.pos = _BLANKS.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.text) or not self.more():
                return self.text[self.pos : self.pos + 1]

    def value(self, decoder: json.JSONDecoder) -> Any:
        self.next_char()
        while True:
            try:
                value, self.pos = decoder.raw_decode(self.text, self.pos)
                return value
            except json.JSONDecodeError as error:
                if len(self.text) - self.pos > MAX_ELEMENT_CHARS:
                    raise ValueError(f"an element over {MAX_ELEMENT_CHARS:,} characters") from None
                if not self.grow():
                    raise ValueError(f"invalid JSON: {error.msg}") from None


def _array_records(chunks: Iterator[str], location: str) -> Iterator[Record]:
    buffer = _Buffer(chunks)
    decoder = json.JSONDecoder(parse_constant=_reject_constant)
    buffer.next_char()
    buffer.pos += 1  # the "["
    first_seen: dict[str, int] = {}
    drop: frozenset[str] = frozenset()
    number = 0
    while (char := buffer.next_char()) != "]":
        if number and char == ",":
            buffer.pos += 1
        elif number or not char:
            yield Skipped(f"{location}[{number}]", _unexpected(char))
            return
        element_location = f"{location}[{number}]"
        try:
            raw = buffer.value(decoder)
        except (ValueError, RecursionError) as error:
            reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
            yield Skipped(element_location, f"{reason}; the rest of the file is not read")
            return
        number += 1
        if number == 1 and isinstance(raw, dict) and list(raw) == ["meta"]:
            drop = EXPORT_ONLY_FIELDS  # a searchidx export's provenance, not a document
            continue
        try:
            document = document_from_json(raw, element_location, drop=drop)
        except IngestError as error:
            yield Skipped(error.location, error.reason)
            continue
        yield from checked(document, element_location, ("at [{}]", number - 1), first_seen)


def _unexpected(char: str) -> str:
    found = repr(char) if char else "the end of the file"
    return f"expected ',' or ']' but found {found}; the rest of the file is not read"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"invalid JSON: {name} is not a JSON value")
